package io.github.sagemakerasync.camel;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

import javax.sql.DataSource;

/**
 * A correlation store in a relational database, through JDBC: every instance of an application that uses the same
 * table sees every pending request, whichever instance sent it, and a correlation outlives the process that recorded
 * it (it is committed before the producer's exchange completes). Tested on PostgreSQL; the SQL is plain (no upsert
 * dialect), so other databases work as well.
 *
 * <p>The table (default name {@value #DEFAULT_TABLE}), which {@link #createTableIfMissing()} creates:
 * <pre>
 * CREATE TABLE sagemaker_async_correlation (
 *     output_location  VARCHAR(2048) PRIMARY KEY,   -- s3:// URI SageMaker will write the output to
 *     failure_location VARCHAR(2048),               -- s3:// URI of the failure, or NULL (no S3FailurePath)
 *     inference_id     VARCHAR(64),                 -- finds a failure that names no location (no S3FailurePath)
 *     correlation      TEXT NOT NULL                -- the Correlation as JSON (InferenceId, input, headers...)
 * );
 * CREATE INDEX sagemaker_async_correlation_failure ON sagemaker_async_correlation (failure_location);
 * CREATE INDEX sagemaker_async_correlation_inference ON sagemaker_async_correlation (inference_id);
 * </pre>
 * Each operation is one statement on a connection of the data source (use a pooled one), in auto-commit, and
 * constant-time by the primary key or the index.
 *
 * <p>Producers with {@code maxPendingInvocations} take their places in a second table, the correlation table's name
 * with {@code _place}, created with the first or, when missing (a correlation table created by hand or by an
 * earlier snapshot), at the first reservation:
 * <pre>
 * CREATE TABLE sagemaker_async_correlation_place (
 *     place_id   VARCHAR(64) PRIMARY KEY,   -- a producer's place until its request is recorded; '#lock' serializes
 *     lease_ends BIGINT NOT NULL            -- epoch milliseconds; a place past it is freed (its producer died)
 * );
 * INSERT INTO sagemaker_async_correlation_place VALUES ('#lock', 9223372036854775807);
 * </pre>
 * A reservation is one transaction: the {@code '#lock'} row locked ({@code SELECT ... FOR UPDATE}), leases past their
 * end deleted, correlations and places counted, the place inserted when the count is below the bound. Reservations
 * are serialized fleet-wide on that row; recording and removing correlations are not.
 */
public final class JdbcCorrelationStore implements CorrelationStore {

    public static final String DEFAULT_TABLE = "sagemaker_async_correlation";
    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    private static final String PLACE_SUFFIX = "_place";
    /** The row every reservation locks; never counted as a place. */
    private static final String LOCK_ROW = "#lock";

    private final DataSource dataSource;
    private final String table;
    private final String placeTable;
    private volatile boolean placeTableChecked;

    public JdbcCorrelationStore(DataSource dataSource) {
        this(dataSource, DEFAULT_TABLE);
    }

    /** @param table a plain SQL identifier: letters, digits and _, at most 63 characters */
    public JdbcCorrelationStore(DataSource dataSource, String table) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        if (table == null || !TABLE_NAME.matcher(table).matches()) {
            throw new IllegalArgumentException("table '" + table + "' must be a plain SQL identifier: letters, digits "
                    + "and _, at most 63 characters, not starting with a digit");
        }
        this.table = table;
        this.placeTable = table + PLACE_SUFFIX;
    }

    /** Creates the table and its indexes, and the table of places, when they do not exist yet. */
    public void createTableIfMissing() {
        try (Connection connection = dataSource.getConnection()) {
            if (!tableExists(connection, table)) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("CREATE TABLE " + table + " (output_location VARCHAR(2048) PRIMARY KEY, "
                            + "failure_location VARCHAR(2048), inference_id VARCHAR(64), correlation TEXT NOT NULL)");
                    statement.execute("CREATE INDEX " + table + "_failure ON " + table + " (failure_location)");
                    statement.execute("CREATE INDEX " + table + "_inference ON " + table + " (inference_id)");
                }
            }
        } catch (SQLException e) {
            throw failed("create the table " + table, e);
        }
        createPlaceTableIfMissing();
    }

    private void createPlaceTableIfMissing() {
        if (placeTableChecked) {
            return;
        }
        if (placeTable.length() > 63) {
            throw new IllegalStateException("The correlation table's name " + table + " is too long for its table of "
                    + "places, " + placeTable + ": use a name of at most " + (63 - PLACE_SUFFIX.length()) + " characters");
        }
        try (Connection connection = dataSource.getConnection()) {
            if (!tableExists(connection, placeTable)) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("CREATE TABLE " + placeTable + " (place_id VARCHAR(64) PRIMARY KEY, "
                            + "lease_ends BIGINT NOT NULL)");
                    insertLockRow(statement);
                } catch (SQLException e) {
                    // another instance created it in between
                    if (!tableExists(connection, placeTable)) {
                        throw e;
                    }
                }
            }
            placeTableChecked = true;
        } catch (SQLException e) {
            throw failed("create the table " + placeTable, e);
        }
    }

    private static boolean tableExists(Connection connection, String name) throws SQLException {
        try (ResultSet tables = connection.getMetaData().getTables(null, null, null, new String[] { "TABLE" })) {
            while (tables.next()) {
                if (name.equalsIgnoreCase(tables.getString("TABLE_NAME"))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Records the correlation, replacing one pending with the same output location. */
    @Override
    public void put(Correlation correlation) {
        String json = CorrelationJson.write(correlation);
        try (Connection connection = dataSource.getConnection()) {
            if (update(connection, correlation, json) == 0) {
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table
                        + " (output_location, failure_location, inference_id, correlation) VALUES (?, ?, ?, ?)")) {
                    insert.setString(1, correlation.outputLocation());
                    insert.setString(2, correlation.failureLocation());
                    insert.setString(3, correlation.inferenceId());
                    insert.setString(4, json);
                    insert.executeUpdate();
                } catch (SQLException e) {
                    // another instance inserted the same output location in between: it is pending, replace it
                    if (update(connection, correlation, json) == 0) {
                        throw e;
                    }
                }
            }
        } catch (SQLException e) {
            throw failed("record the correlation of " + correlation.outputLocation(), e);
        }
    }

    private int update(Connection connection, Correlation correlation, String json) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE " + table
                + " SET failure_location = ?, inference_id = ?, correlation = ? WHERE output_location = ?")) {
            update.setString(1, correlation.failureLocation());
            update.setString(2, correlation.inferenceId());
            update.setString(3, json);
            update.setString(4, correlation.outputLocation());
            return update.executeUpdate();
        }
    }

    @Override
    public Optional<Correlation> find(String resultLocation) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT correlation FROM " + table
                     + " WHERE output_location = ? UNION ALL SELECT correlation FROM " + table + " WHERE failure_location = ?")) {
            select.setString(1, resultLocation);
            select.setString(2, resultLocation);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(CorrelationJson.read(rows.getString(1))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failed("find the correlation of " + resultLocation, e);
        }
    }

    /** Among correlations without failure location, the one of this InferenceId (any one, should several be pending). */
    @Override
    public Optional<Correlation> findByInferenceId(String inferenceId) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT correlation FROM " + table
                     + " WHERE inference_id = ? AND failure_location IS NULL")) {
            select.setString(1, inferenceId);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(CorrelationJson.read(rows.getString(1))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failed("find the correlation of inference " + inferenceId, e);
        }
    }

    @Override
    public void remove(Correlation correlation) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement("DELETE FROM " + table + " WHERE output_location = ?")) {
            delete.setString(1, correlation.outputLocation());
            delete.executeUpdate();
        } catch (SQLException e) {
            throw failed("remove the correlation of " + correlation.outputLocation(), e);
        }
    }

    /** Pending correlations. */
    @Override
    public int size() {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rows.next();
            return rows.getInt(1);
        } catch (SQLException e) {
            throw failed("count the correlations", e);
        }
    }

    /** One transaction, serialized fleet-wide on the lock row: see the class comment. */
    @Override
    public int reservePlace(String placeId, int bound, Duration lease) {
        createPlaceTableIfMissing();
        long now = System.currentTimeMillis();
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                lockPlaces(connection);
                try (PreparedStatement expired = connection.prepareStatement("DELETE FROM " + placeTable
                        + " WHERE lease_ends < ? AND place_id <> '" + LOCK_ROW + "'")) {
                    expired.setLong(1, now);
                    expired.executeUpdate();
                }
                int found;
                try (Statement count = connection.createStatement();
                     ResultSet rows = count.executeQuery("SELECT (SELECT COUNT(*) FROM " + table + ") + (SELECT COUNT(*) "
                             + "FROM " + placeTable + " WHERE place_id <> '" + LOCK_ROW + "')")) {
                    rows.next();
                    found = rows.getInt(1);
                }
                if (found < bound) {
                    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + placeTable
                            + " (place_id, lease_ends) VALUES (?, ?)")) {
                        insert.setString(1, placeId);
                        insert.setLong(2, now + lease.toMillis());
                        insert.executeUpdate();
                    }
                }
                connection.commit();
                return found;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw failed("reserve a place for a request (maxPendingInvocations)", e);
        }
    }

    /** Locks the lock row until the transaction ends; puts it back first should it have been deleted. */
    private void lockPlaces(Connection connection) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT place_id FROM " + placeTable
                + " WHERE place_id = '" + LOCK_ROW + "' FOR UPDATE");
             ResultSet rows = lock.executeQuery()) {
            if (rows.next()) {
                return;
            }
        }
        try (Statement statement = connection.createStatement()) {
            insertLockRow(statement);
        }
    }

    /** The row every reservation locks, never expiring. */
    private void insertLockRow(Statement statement) throws SQLException {
        statement.execute("INSERT INTO " + placeTable + " VALUES ('" + LOCK_ROW + "', " + Long.MAX_VALUE + ")");
    }

    @Override
    public void releasePlace(String placeId) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement("DELETE FROM " + placeTable + " WHERE place_id = ?")) {
            delete.setString(1, placeId);
            delete.executeUpdate();
        } catch (SQLException e) {
            throw failed("release the place " + placeId, e);
        }
    }

    private IllegalStateException failed(String what, SQLException e) {
        return new IllegalStateException("The correlation store (table " + table + ") could not " + what + ": "
                + e.getMessage() + " (SQLState " + e.getSQLState() + ")", e);
    }
}
