package io.github.sagemakerasync.examples.kafkabridge;

import java.nio.file.Path;
import java.util.Map;

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
 */
public final class Bridge implements AutoCloseable {

    static final String CORRELATION_FILE = "bridge.correlation-file";
    static final String JDBC_URL = "bridge.jdbc-url";

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
                String jdbcUrl = context.getPropertiesComponent().resolveProperty(JDBC_URL).orElse("");
                if (!jdbcUrl.isBlank()) {
                    context.getRegistry().bind("correlationStore", CorrelationStore.class, databaseStore(context, jdbcUrl));
                    return;
                }
                Path file = Path.of(context.getPropertiesComponent().resolveProperty(CORRELATION_FILE).orElseThrow());
                // an embedded database in a file: every recorded correlation outlives a kill -9 of the bridge
                LocalCorrelationStore store = LocalCorrelationStore.open(file);
                closeWhenStopped(context, store::close);
                context.getRegistry().bind("correlationStore", CorrelationStore.class, store);
            }
        });
        main.start();
        return new Bridge(main);
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
    private static CorrelationStore databaseStore(CamelContext context, String jdbcUrl) {
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(jdbcUrl);
        context.getPropertiesComponent().resolveProperty("bridge.jdbc-user").filter(user -> !user.isBlank())
                .ifPresent(pool::setUsername);
        context.getPropertiesComponent().resolveProperty("bridge.jdbc-password").filter(password -> !password.isBlank())
                .ifPresent(pool::setPassword);
        pool.setPoolName("bridge-correlations");
        HikariDataSource dataSource = new HikariDataSource(pool);
        closeWhenStopped(context, dataSource::close);
        JdbcCorrelationStore store = new JdbcCorrelationStore(dataSource);
        store.createTableIfMissing();
        return store;
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    @Override
    public void close() {
        main.stop();
    }
}
