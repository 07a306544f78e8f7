package io.github.sagemakerasync.camel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.HealthCheckComponent;
import org.apache.camel.util.URISupport;

/**
 * Amazon SageMaker AI asynchronous inference.
 */
@Component("sagemaker-async")
public class SageMakerAsyncComponent extends HealthCheckComponent {

    @Metadata
    private SageMakerAsyncConfiguration configuration = new SageMakerAsyncConfiguration();

    static {
        // CustomAttributes may hold a token: masked wherever Camel shows an endpoint URI (logs, route dumps, toString)
        URISupport.addSanitizeKeywords("customAttributes");
    }

    private final CorrelationStore defaultCorrelationStore = new InMemoryCorrelationStore();
    /** This component's consumers, from their route's creation to its removal: the only readers of the default store. */
    private final Set<SageMakerAsyncConsumer> consumers = ConcurrentHashMap.newKeySet();
    /**
     * This component's started producers: the only writers of the default store. From start to stop, so that producers
     * of dynamic endpoints that Camel's cache stops are not kept; a result of a request is listed after its producer
     * started.
     */
    private final Set<SageMakerAsyncProducer> producers = ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService timeoutThread;
    private ResultWaiters resultWaiters;

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

    /**
     * Whether anything of this component can read the default store: a consumer. Routes create their consumers before
     * any route starts, so a consumer route defined after a sending route still counts for the first message.
     */
    boolean hasConsumers() {
        return !consumers.isEmpty();
    }

    void consumerCreated(SageMakerAsyncConsumer consumer) {
        consumers.add(consumer);
    }

    void consumerShutDown(SageMakerAsyncConsumer consumer) {
        consumers.remove(consumer);
    }

    /** Whether anything of this component can write the default store: a started producer. */
    boolean hasProducers() {
        return !producers.isEmpty();
    }

    void producerStarted(SageMakerAsyncProducer producer) {
        producers.add(producer);
    }

    void producerStopped(SageMakerAsyncProducer producer) {
        producers.remove(producer);
    }

    /**
     * The exchanges of this component's endpoints that wait for their result: a consumer of any endpoint that finds
     * one hands it to its waiter.
     */
    ResultWaiters resultWaiters() {
        return resultWaiters;
    }

    /** The endpoints of this component that call SageMaker endpoint {@code endpointName}, started or not. */
    List<SageMakerAsyncEndpoint> endpointsOf(String endpointName) {
        List<SageMakerAsyncEndpoint> found = new ArrayList<>();
        for (Endpoint endpoint : getCamelContext().getEndpoints()) {
            if (endpoint instanceof SageMakerAsyncEndpoint ours && ours.getComponent() == this
                    && endpointName.equals(ours.getConfiguration().getEndpointName())) {
                found.add(ours);
            }
        }
        return found;
    }

    /**
     * Correlations pending in the store of the SageMaker endpoint's first Camel endpoint, as its statistics read them;
     * NaN when it cannot count.
     */
    double pendingCorrelations(String endpointName) {
        List<SageMakerAsyncEndpoint> endpoints = endpointsOf(endpointName);
        int pending = endpoints.isEmpty() ? -1 : endpoints.get(0).statistics().pendingCorrelations();
        return pending < 0 ? Double.NaN : pending;
    }

    /** Whether every started Camel endpoint of the SageMaker endpoint records its requests' correlations. */
    boolean recordsCorrelations(String endpointName) {
        return endpointsOf(endpointName).stream().allMatch(SageMakerAsyncEndpoint::recordsCorrelations);
    }

    /** Exchanges waiting for results of the SageMaker endpoint, over its Camel endpoints' statistics. */
    double waitingExchanges(String endpointName) {
        return endpointsOf(endpointName).stream().mapToInt(endpoint -> endpoint.statistics().waitingExchanges()).sum();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        timeoutThread = getCamelContext().getExecutorServiceManager()
                .newSingleThreadScheduledExecutor(this, "SageMakerAsyncResultTimeouts");
        resultWaiters = new ResultWaiters(timeoutThread);
        resultWaiters.start();
    }

    @Override
    protected void doStop() throws Exception {
        if (resultWaiters != null) {
            resultWaiters.stop();
        }
        if (timeoutThread != null) {
            getCamelContext().getExecutorServiceManager().shutdownNow(timeoutThread);
            timeoutThread = null;
        }
        super.doStop();
    }

    /**
     * The options every endpoint starts from.
     */
    public void setConfiguration(SageMakerAsyncConfiguration configuration) {
        this.configuration = configuration;
    }
}
