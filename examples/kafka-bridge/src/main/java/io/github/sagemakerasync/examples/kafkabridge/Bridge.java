package io.github.sagemakerasync.examples.kafkabridge;

import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;

/** The bridge's Camel application: {@link BridgeRoutes} on Camel Main, configured by application.properties. */
public final class Bridge implements AutoCloseable {

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
        main.start();
        return new Bridge(main);
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    @Override
    public void close() {
        main.stop();
    }
}
