package io.github.sagemakerasync.camel;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.HealthCheckComponent;

/**
 * Amazon SageMaker AI asynchronous inference.
 */
@Component("sagemaker-async")
public class SageMakerAsyncComponent extends HealthCheckComponent {

    @Metadata
    private SageMakerAsyncConfiguration configuration = new SageMakerAsyncConfiguration();

    private final CorrelationStore defaultCorrelationStore = new InMemoryCorrelationStore();
    private final AwaitedResults awaitedResults = new AwaitedResults();

    public SageMakerAsyncComponent() {
        this(null);
    }

    public SageMakerAsyncComponent(CamelContext context) {
        super(context);
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        SageMakerAsyncConfiguration endpointConfiguration = configuration.copy();
        endpointConfiguration.setEndpointName(remaining);
        SageMakerAsyncEndpoint endpoint = new SageMakerAsyncEndpoint(uri, this, endpointConfiguration);
        setProperties(endpoint, parameters);
        return endpoint;
    }

    public SageMakerAsyncConfiguration getConfiguration() {
        return configuration;
    }

    /** The store endpoints use when none is configured: in memory, shared by this component's endpoints. */
    CorrelationStore defaultCorrelationStore() {
        return defaultCorrelationStore;
    }

    AwaitedResults awaitedResults() {
        return awaitedResults;
    }

    /**
     * The result locations that request-reply exchanges of this component wait for: consumers of the component leave
     * them to the waiting exchange.
     */
    static final class AwaitedResults {
        private final Set<String> locations = ConcurrentHashMap.newKeySet();

        void add(Correlation correlation) {
            locations.addAll(correlation.locations());
        }

        void remove(Correlation correlation) {
            correlation.locations().forEach(locations::remove);
        }

        boolean contains(String location) {
            return locations.contains(location);
        }
    }

    /**
     * The options every endpoint starts from.
     */
    public void setConfiguration(SageMakerAsyncConfiguration configuration) {
        this.configuration = configuration;
    }
}
