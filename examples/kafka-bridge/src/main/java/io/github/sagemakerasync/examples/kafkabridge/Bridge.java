package io.github.sagemakerasync.examples.kafkabridge;

import java.nio.file.Path;
import java.util.Map;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.sagemakerasync.camel.CorrelationStore;
import io.github.sagemakerasync.camel.JdbcCorrelationStore;
import io.github.sagemakerasync.camel.LocalCorrelationStore;
import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.support.LifecycleStrategySupport;

/**
 * The bridge's Camel application: {@link BridgeRoutes} on Camel Main, configured by application.properties.
 *
 * <p>The component's correlation store (which request a result answers, with its Kafka key) is kept in the file
 * {@code bridge.correlation-file} (a {@link LocalCorrelationStore}: an embedded database that outlives a kill -9), so
 * that results of requests accepted before a restart, or a crash, still go out under their key;
 * or, with {@code bridge.jdbc-url}, in a database table that several instances share.
 *
 * <p>With {@code bridge.guarantee=exactly-once} (the default) it also runs the {@link SubmissionLedger} (in the same
 * database, or a file beside the correlation file) and the {@link AnswerDeduplication} stage, and creates the internal
 * answers topic when missing.
 */
public final class Bridge implements AutoCloseable {

    static final String CORRELATION_FILE = "bridge.correlation-file";
    static final String JDBC_URL = "bridge.jdbc-url";
    static final String GUARANTEE = "bridge.guarantee";
    static final String EXACTLY_ONCE = "exactly-once";
    static final String AT_LEAST_ONCE = "at-least-once";

    private final Main main;

    private Bridge(Main main) {
        this.main = main;
    }

    /**
     * Starts the routes and returns once they run.
     *
     * @param properties Camel Main properties that win over application.properties
     */
    public static Bridge start(Map<String, String> properties) throws Exception {
        Main main = new Main();
        properties.forEach(main::addOverrideProperty);
        main.configure().addRoutesBuilder(new BridgeRoutes());
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void beforeConfigure(BaseMainSupport support) {
                CamelContext context = support.getCamelContext();
                String jdbcUrl = setting(context, JDBC_URL);
                DataSource database;
                if (!jdbcUrl.isBlank()) {
                    database = pool(context, jdbcUrl);
                    JdbcCorrelationStore store = new JdbcCorrelationStore(database);
                    store.createTableIfMissing();
                    context.getRegistry().bind("correlationStore", CorrelationStore.class, store);
                } else {
                    Path file = Path.of(setting(context, CORRELATION_FILE));
                    // an embedded database in a file: every recorded correlation outlives a kill -9 of the bridge
                    LocalCorrelationStore store = LocalCorrelationStore.open(file);
                    closeWhenStopped(context, store::close);
                    context.getRegistry().bind("correlationStore", CorrelationStore.class, store);
                    database = null;
                }
                if (guarantee(context).equals(EXACTLY_ONCE)) {
                    // started with the context, before the routes, once the Kafka component is configured
                    ExactlyOnce exactlyOnce = new ExactlyOnce(context, database);
                    context.getRegistry().bind("exactlyOnce", ExactlyOnce.class, exactlyOnce);
                    try {
                        context.addService(exactlyOnce, true, false);
                    } catch (Exception e) {
                        throw new IllegalStateException("Could not add the exactly-once service", e);
                    }
                }
            }
        });
        main.start();
        return new Bridge(main);
    }

    /** bridge.guarantee, checked: exactly-once or at-least-once. */
    static String guarantee(CamelContext context) {
        String guarantee = setting(context, GUARANTEE).trim();
        if (!guarantee.equals(EXACTLY_ONCE) && !guarantee.equals(AT_LEAST_ONCE)) {
            throw new IllegalArgumentException(GUARANTEE + " must be " + EXACTLY_ONCE + " or " + AT_LEAST_ONCE
                    + ", was '" + guarantee + "'");
        }
        return guarantee;
    }

    private static void closeWhenStopped(CamelContext context, Runnable close) {
        context.addLifecycleStrategy(new LifecycleStrategySupport() {
            @Override
            public void onContextStopped(CamelContext stopped) {
                close.run();
            }
        });
    }

    /** Correlations in a database table every instance shares, through a connection pool closed with the context. */
    private static DataSource pool(CamelContext context, String jdbcUrl) {
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(jdbcUrl);
        context.getPropertiesComponent().resolveProperty("bridge.jdbc-user").filter(user -> !user.isBlank())
                .ifPresent(pool::setUsername);
        context.getPropertiesComponent().resolveProperty("bridge.jdbc-password").filter(password -> !password.isBlank())
                .ifPresent(pool::setPassword);
        pool.setPoolName("bridge-correlations");
        HikariDataSource dataSource = new HikariDataSource(pool);
        closeWhenStopped(context, dataSource::close);
        return dataSource;
    }

    static String setting(CamelContext context, String name) {
        return context.getPropertiesComponent().resolveProperty(name).orElse("");
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    @Override
    public void close() {
        main.stop();
    }
}
