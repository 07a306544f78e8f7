package io.github.sagemakerasync.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static io.github.sagemakerasync.camel.CorrelationStoreTest.correlation;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The JDBC correlation store on a real PostgreSQL, started by the test from Maven artifacts. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JdbcCorrelationStoreTest {

    /** The child is killed once it has recorded this many: 2,000 in the default build, 10,000 with -Pfull. */
    private static final int KILLED_AFTER = Integer.getInteger("kills.correlations", 2_000);

    private EmbeddedPostgres postgres;
    private HikariDataSource dataSource;
    private JdbcCorrelationStore store;

    @BeforeAll
    void startPostgres() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        dataSource = dataSource(postgres.getJdbcUrl("postgres", "postgres"));
        store = new JdbcCorrelationStore(dataSource);
        store.createTableIfMissing();
    }

    @AfterAll
    void stopPostgres() throws Exception {
        dataSource.close();
        postgres.close();
    }

    @BeforeEach
    void emptyTable() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("DELETE FROM " + JdbcCorrelationStore.DEFAULT_TABLE);
        }
    }

    /** A pooled data source, as an application uses one (PostgreSQL starts a process per new connection). */
    static HikariDataSource dataSource(String url) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(4);
        return new HikariDataSource(config);
    }

    @Test
    void findsByEitherLocationUntilRemoved() {
        CorrelationStoreTest.assertFoundByEitherLocationUntilRemoved(store);
        assertThat(store.size()).isZero();
    }

    @Test
    void correlationsWithoutAFailureLocationAreFoundByTheirOutputOrTheirInferenceId() {
        CorrelationStoreTest.assertFoundByInferenceIdOnlyWithoutFailureLocation(store);
        assertThat(store.size()).isZero();
    }

    @Test
    void keepsItsPaceWithABacklog() {
        System.out.println(CorrelationStoreTest.timeAtDepth(store, CorrelationStoreTest.PENDING) + " (PostgreSQL)");
        assertThat(store.size()).isZero();
    }

    @Test
    void placesNeverPassTheBoundAcrossInstances() throws Exception {
        try (HikariDataSource otherPool = dataSource(postgres.getJdbcUrl("postgres", "postgres"))) {
            // two stores on their own pools, as two instances: the race is decided in the database
            CorrelationStoreTest.assertPlacesNeverPassTheBound(store, new JdbcCorrelationStore(otherPool));
        }
    }

    @Test
    void anyCharacterInALocationOrHeaderIsKept() {
        Correlation odd = new Correlation("id = 'x'", "s3://results/dt=2026-11-29/out put/%20 \u00e9\u4e2d.out", null,
                PayloadMode.inline, null, Map.of("note", "a=b; 'quoted' \"double\" \n newline \u00e9", "empty", ""));
        store.put(odd);

        assertThat(store.find(odd.outputLocation())).contains(odd);
    }

    @Test
    void aSecondCorrelationForThePendingOutputLocationReplacesTheFirst() {
        CorrelationStoreTest.assertReplacesAPendingOutputLocation(store);
        assertThat(store.size()).isEqualTo(1);
    }


    @Test
    void instancesOnTheSameTableSeeEachOthersCorrelations() {
        try (HikariDataSource otherPool = dataSource(postgres.getJdbcUrl("postgres", "postgres"))) {
            JdbcCorrelationStore other = new JdbcCorrelationStore(otherPool);
            store.put(correlation(2));

            assertThat(other.find("s3://b/fail/2-error.out")).contains(correlation(2));
            other.remove(correlation(2));
            assertThat(store.find("s3://b/out/2.out")).isEmpty();
        }
    }

    @Test
    void aTableNameThatIsNotAnIdentifierIsRefused() {
        assertThatThrownBy(() -> new JdbcCorrelationStore(dataSource, "x; DROP TABLE y"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("table 'x; DROP TABLE y' must be a plain SQL identifier: letters, digits and _, at most 63 "
                        + "characters, not starting with a digit");
    }

    @Test
    void aDatabaseErrorNamesTheTableAndTheOperation() {
        JdbcCorrelationStore missing = new JdbcCorrelationStore(dataSource, "no_such_table");

        assertThatThrownBy(() -> missing.find("s3://b/out/1.out")).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("The correlation store (table no_such_table) could not find the correlation of "
                        + "s3://b/out/1.out: ERROR: relation \"no_such_table\" does not exist");
    }

    /**
     * A forked JVM records correlations one by one and says after each which it has recorded; it is killed with
     * SIGKILL once it holds 10,000. Every correlation it had recorded is there, whole.
     */
    @Test
    void everyCorrelationRecordedBeforeAKillDashNineIsThere() throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                RecordingProcess.class.getName(), postgres.getJdbcUrl("postgres", "postgres"),
                String.valueOf(2 * KILLED_AFTER))
                .redirectErrorStream(true).start();
        int lastRecorded = -1;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.startsWith("recorded ")) {
                    lastRecorded = Integer.parseInt(line.substring("recorded ".length()));
                    if (lastRecorded >= KILLED_AFTER) {
                        // SIGKILL: no shutdown hook, no finally
                        child.destroyForcibly();
                        break;
                    }
                }
            }
        }
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(lastRecorded).isGreaterThanOrEqualTo(KILLED_AFTER);

        for (int n = 0; n <= lastRecorded; n++) {
            assertThat(store.find("s3://b/fail/" + n + "-error.out")).as("correlation " + n).contains(correlation(n));
        }
        // nothing half-written either: every row reads back as a correlation
        assertThat(store.size()).isBetween(lastRecorded + 1, 2 * KILLED_AFTER);
        System.out.println("kill -9 after " + (lastRecorded + 1) + " recorded correlations: all " + (lastRecorded + 1)
                + " found, " + store.size() + " rows in the table");
    }

    /** The forked JVM of the kill test. */
    public static final class RecordingProcess {
        public static void main(String[] args) {
            JdbcCorrelationStore store = new JdbcCorrelationStore(dataSource(args[0]));
            for (int n = 0; n < Integer.parseInt(args[1]); n++) {
                store.put(correlation(n));
                System.out.println("recorded " + n);
            }
        }
    }
}
