package io.github.sagemakerasync.examples.kafkabridge;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

import javax.sql.DataSource;

/**
 * Which requests SageMaker accepted, by {@link RequestIdentity}, in a database table the bridge's instances share: the
 * submit leg's memory across kills and rebalances, so that a record consumed again after its request was accepted is
 * not sent to SageMaker a second time.
 *
 * <p>A request is recorded as {@code SUBMITTING} before it is sent and {@code ACCEPTED} once SageMaker answered 202,
 * before its offset is committed. A record found {@code ACCEPTED} is committed without being sent; one found
 * {@code SUBMITTING} was sent before (its send failed, or its bridge stopped before recording the acceptance), and
 * SageMaker may or may not have it: it is sent again
 * (an answer is still published once: see {@link AnswerDeduplication}), and counted as {@link Previous#SUBMITTING}.
 * Rows older than the retention are deleted: by then the record's offset was committed long ago.
 *
 * <pre>
 * CREATE TABLE bridge_submission (
 *     inference_id VARCHAR(64) PRIMARY KEY,   -- the request's identity
 *     state        VARCHAR(16) NOT NULL,      -- SUBMITTING or ACCEPTED
 *     recorded_at  TIMESTAMP NOT NULL
 * );
 * </pre>
 */
public final class SubmissionLedger {

    static final String TABLE = "bridge_submission";

    /** What the ledger knew of a request before it was about to be sent. */
    public enum Previous {
        /** Never sent: the usual case. */
        NONE,
        /**
         * Sent before without its acceptance recorded (the send failed, or its bridge stopped before recording it):
         * SageMaker may have it already.
         */
        SUBMITTING,
        /** Accepted by SageMaker: not to be sent again. */
        ACCEPTED
    }

    private final DataSource dataSource;
    private final Clock clock;

    public SubmissionLedger(DataSource dataSource, Clock clock) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.clock = clock;
    }

    /** Creates the table when it does not exist yet. */
    public void createTableIfMissing() {
        try (Connection connection = dataSource.getConnection()) {
            try (ResultSet tables = connection.getMetaData().getTables(null, null, null, new String[] { "TABLE" })) {
                while (tables.next()) {
                    if (TABLE.equalsIgnoreCase(tables.getString("TABLE_NAME"))) {
                        return;
                    }
                }
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE " + TABLE + " (inference_id VARCHAR(64) PRIMARY KEY, "
                        + "state VARCHAR(16) NOT NULL, recorded_at TIMESTAMP NOT NULL)");
            }
        } catch (SQLException e) {
            throw failed("create the table", e);
        }
    }

    /** Records that the request is about to be sent, unless it is known already; returns what was known. */
    public Previous begin(String inferenceId) {
        try (Connection connection = dataSource.getConnection()) {
            Previous previous = stateOf(connection, inferenceId);
            if (previous != Previous.NONE) {
                return previous;
            }
            try {
                insert(connection, inferenceId, Previous.SUBMITTING);
                return Previous.NONE;
            } catch (SQLException e) {
                // another instance recorded it in between (a rebalance moved the partition while it was sending)
                Previous concurrent = stateOf(connection, inferenceId);
                if (concurrent == Previous.NONE) {
                    throw e;
                }
                return concurrent;
            }
        } catch (SQLException e) {
            throw failed("record the submission of " + inferenceId, e);
        }
    }

    /** Records that SageMaker accepted the request. */
    public void accepted(String inferenceId) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement(
                     "UPDATE " + TABLE + " SET state = ?, recorded_at = ? WHERE inference_id = ?")) {
            update.setString(1, Previous.ACCEPTED.name());
            update.setTimestamp(2, Timestamp.from(clock.instant()));
            update.setString(3, inferenceId);
            if (update.executeUpdate() == 0) {
                // purged meanwhile (a send slower than the retention): recorded again
                insert(connection, inferenceId, Previous.ACCEPTED);
            }
        } catch (SQLException e) {
            throw failed("record the acceptance of " + inferenceId, e);
        }
    }

    /** Forgets a submission known not to have been sent (refused before any call): read again, it is sent as new. */
    public void notSent(String inferenceId) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement(
                     "DELETE FROM " + TABLE + " WHERE inference_id = ? AND state = ?")) {
            delete.setString(1, inferenceId);
            delete.setString(2, Previous.SUBMITTING.name());
            delete.executeUpdate();
        } catch (SQLException e) {
            throw failed("forget the submission of " + inferenceId, e);
        }
    }

    /** Deletes what was recorded longer ago than the retention; returns how many rows. */
    public int purge(Duration retention) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement("DELETE FROM " + TABLE + " WHERE recorded_at < ?")) {
            delete.setTimestamp(1, Timestamp.from(clock.instant().minus(retention)));
            return delete.executeUpdate();
        } catch (SQLException e) {
            throw failed("delete rows older than " + retention, e);
        }
    }

    private void insert(Connection connection, String inferenceId, Previous state) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO " + TABLE + " (inference_id, state, recorded_at) VALUES (?, ?, ?)")) {
            insert.setString(1, inferenceId);
            insert.setString(2, state.name());
            insert.setTimestamp(3, Timestamp.from(clock.instant()));
            insert.executeUpdate();
        }
    }

    private static Previous stateOf(Connection connection, String inferenceId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT state FROM " + TABLE + " WHERE inference_id = ?")) {
            select.setString(1, inferenceId);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Previous.valueOf(rows.getString(1)) : Previous.NONE;
            }
        }
    }

    private static IllegalStateException failed(String what, SQLException e) {
        return new IllegalStateException("The submission ledger (table " + TABLE + ") could not " + what + ": "
                + e.getMessage() + " (SQLState " + e.getSQLState() + ")", e);
    }
}
