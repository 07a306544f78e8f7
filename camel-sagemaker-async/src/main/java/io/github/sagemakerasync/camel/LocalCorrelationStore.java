package io.github.sagemakerasync.camel;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import org.h2.jdbcx.JdbcConnectionPool;

/**
 * The correlation store of a single instance that outlives its process: a {@link JdbcCorrelationStore} on an embedded
 * H2 database in a file of its own, each operation committed and written to the file before it returns, so nothing a
 * producer recorded is lost when the process is killed. Constant time per operation by primary key and indexes, any
 * character in a location or a header.
 *
 * <p>Why a database and not an append-only log: the database already does the log, its compaction and its recovery,
 * and the SQL is the one {@link JdbcCorrelationStore} runs on PostgreSQL for several instances, so one code path is
 * tested for both. H2 locks the file: a second process that opens it fails at once instead of sharing it unsafely; for
 * several instances use {@link JdbcCorrelationStore} on a shared database.
 *
 * <p>Needs the optional dependency {@code com.h2database:h2}. Close the store (or let the CamelContext close it, when
 * it is bound as a service) to release the file.
 */
public final class LocalCorrelationStore implements CorrelationStore, AutoCloseable {

    private static final String H2_DRIVER = "org.h2.Driver";

    private final JdbcConnectionPool pool;
    private final JdbcCorrelationStore store;
    private final Path file;

    private LocalCorrelationStore(Path file, JdbcConnectionPool pool) {
        this.file = file;
        this.pool = pool;
        this.store = new JdbcCorrelationStore(pool);
    }

    /**
     * Opens (or creates) the store in {@code file}; H2 adds {@code .mv.db} to the name.
     *
     * @throws IllegalStateException when H2 is not on the classpath, or another process holds the file
     */
    public static LocalCorrelationStore open(Path file) {
        try {
            Class.forName(H2_DRIVER, false, LocalCorrelationStore.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("LocalCorrelationStore keeps correlations in an embedded H2 database: add the "
                    + "dependency com.h2database:h2 (2.3.232 is tested), or use JdbcCorrelationStore on a database you run", e);
        }
        // WRITE_DELAY=0: every commit is written to the file before it returns, so a killed process loses none
        JdbcConnectionPool pool = JdbcConnectionPool.create("jdbc:h2:file:" + file.toAbsolutePath() + ";WRITE_DELAY=0",
                "sa", "");
        LocalCorrelationStore local = new LocalCorrelationStore(file, pool);
        try {
            local.store.createTableIfMissing();
        } catch (RuntimeException e) {
            pool.dispose();
            throw new IllegalStateException("Cannot open the correlation store " + file + ": " + e.getMessage(), e);
        }
        return local;
    }

    @Override
    public void put(Correlation correlation) {
        store.put(correlation);
    }

    @Override
    public Optional<Correlation> find(String resultLocation) {
        return store.find(resultLocation);
    }

    @Override
    public Optional<Correlation> findByInferenceId(String inferenceId) {
        return store.findByInferenceId(inferenceId);
    }

    @Override
    public void remove(Correlation correlation) {
        store.remove(correlation);
    }

    /** Pending correlations. */
    @Override
    public int size() {
        return store.size();
    }

    @Override
    public int reservePlace(String placeId, int bound, Duration lease) {
        return store.reservePlace(placeId, bound, lease);
    }

    @Override
    public void releasePlace(String placeId) {
        store.releasePlace(placeId);
    }

    /** Releases the file; the correlations stay in it for the next open. */
    @Override
    public void close() {
        pool.dispose();
    }

    @Override
    public String toString() {
        return "LocalCorrelationStore[" + file + "]";
    }
}
