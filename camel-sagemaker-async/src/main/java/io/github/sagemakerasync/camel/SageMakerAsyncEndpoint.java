package io.github.sagemakerasync.camel;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

import org.apache.camel.Category;
import org.apache.camel.Component;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.EndpointServiceLocation;
import org.apache.camel.spi.ExecutorServiceManager;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.support.ScheduledPollEndpoint;
import org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository;

/**
 * Invoke Amazon SageMaker AI asynchronous inference endpoints, sending payloads inline or through S3, and receive
 * their results.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "sagemaker-async", title = "AWS SageMaker Async Inference",
             syntax = "sagemaker-async:endpointName", category = { Category.AI, Category.CLOUD },
             headersClass = SageMakerAsyncConstants.class)
public class SageMakerAsyncEndpoint extends ScheduledPollEndpoint implements EndpointServiceLocation {

    static final int IDLE_POLLS_BEFORE_BACKOFF = 3;
    static final int POLLS_SKIPPED_WHEN_IDLE = 10;
    /** How long a stopping endpoint lets delivered results be finished in S3. */
    private static final long FINISH_ON_STOP_MILLIS = 10_000;

    @UriParam
    private final SageMakerAsyncConfiguration configuration;

    private SageMakerAsyncClients clients;
    private CallSpans callSpans = CallSpans.NONE;
    private ExecutorService streamReaders;
    /** Threads that send the S3 requests of results (ResultStorage): stopped with the endpoint. */
    private ExecutorService resultRequests;
    /**
     * Background work (rounds for waiting exchanges, retries of clean-ups and finishes, upload sweeps): stopped with the
     * endpoint.
     */
    private ScheduledExecutorService backgroundThreads;
    private BackgroundRetry background;
    private ResultStorage resultStorage;
    private ResultDelivery delivery;
    private AwaitedResultSource awaitedResults;
    private final EndpointStatistics statistics = new EndpointStatistics();

    public SageMakerAsyncEndpoint(String uri, Component component, SageMakerAsyncConfiguration configuration) {
        super(uri, component);
        this.configuration = configuration;
    }

    @Override
    public Producer createProducer() {
        return new SageMakerAsyncProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        OptionChecks.forConsumer(configuration);
        SageMakerAsyncConsumer consumer = new SageMakerAsyncConsumer(this, processor);
        configureConsumer(consumer);
        getComponent().consumerCreated(consumer);
        if (configuration.getNotificationQueue() == null && getBackoffMultiplier() == 0 && getBackoffIdleThreshold() == 0
                && getBackoffErrorThreshold() == 0) {
            // an idle S3 listing costs two LISTs per poll: after 3 empty polls, skip the next 10 (the default delay of
            // 500 ms becomes 5.5 s while idle); notifications wait on the queue instead (long polling)
            consumer.setBackoffIdleThreshold(IDLE_POLLS_BEFORE_BACKOFF);
            consumer.setBackoffMultiplier(POLLS_SKIPPED_WHEN_IDLE);
        }
        if (configuration.getNotificationQueue() != null) {
            // a receive that got notifications is followed at once by the next, not after delay: an idle receive
            // already waits notificationWaitTimeSeconds on the queue
            consumer.setGreedy(true);
        }
        return consumer;
    }

    public SageMakerAsyncConfiguration getConfiguration() {
        return configuration;
    }

    @Override
    protected void doInit() throws Exception {
        super.doInit();
        OptionChecks.forEndpoint(configuration);
        // read when asked: the store is the one the producer writes to then
        statistics.holdings(this::correlationStore, () -> awaitedResults == null ? 0 : awaitedResults.waiting());
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        ResultSettings settings = ResultSettings.of(configuration);
        clients = new SageMakerAsyncClients(configuration);
        callSpans = CallSpans.of(getCamelContext());
        ExecutorServiceManager executors = getCamelContext().getExecutorServiceManager();
        streamReaders = executors.newCachedThreadPool(this, "SageMakerAsyncUpload");
        backgroundThreads = executors.newScheduledThreadPool(this, "SageMakerAsyncBackground", 1);
        background = new BackgroundRetry(backgroundThreads);
        resultRequests = executors.newFixedThreadPool(this, "SageMakerAsyncResultRequests",
                Math.max(2, Runtime.getRuntime().availableProcessors()));
        resultStorage = new ResultStorage(clients.s3(), settings, resultRequests);
        IdempotentRepository kept = configuration.getIdempotentRepository() != null
                ? configuration.getIdempotentRepository() : MemoryIdempotentRepository.memoryIdempotentRepository(10_000);
        delivery = new ResultDelivery(resultStorage, settings, correlationStore(), getComponent().resultWaiters(), background,
                kept, statistics);
        if (configuration.isMetricsEnabled() && MicrometerMeters.available()) {
            // the gauges of one SageMaker endpoint count over its Camel endpoints, which share its meters
            String endpointName = configuration.getEndpointName();
            MicrometerMeters.bind(getCamelContext(), endpointName, statistics,
                    () -> getComponent().pendingCorrelations(endpointName), () -> getComponent().waitingExchanges(endpointName));
        }
        if (configuration.isWaitForResult()) {
            awaitedResults = new AwaitedResultSource(resultStorage, delivery, getComponent().resultWaiters(), configuration,
                    backgroundThreads, notificationsForWaiters());
        }
    }

    /** With waitForResult and a notificationQueue, waiting exchanges are answered from notifications. */
    private NotificationReceiver notificationsForWaiters() {
        if (configuration.getNotificationQueue() == null) {
            return null;
        }
        OptionalModules.requireForNotifications("producer (waitForResult)", configuration.getEndpointName(),
                OptionalModules.SQS_CLIENT);
        return NotificationReceiver.start(configuration, getCamelContext(), backgroundThreads);
    }

    @Override
    protected void doStop() throws Exception {
        if (awaitedResults != null) {
            awaitedResults.stop();
            awaitedResults = null;
        }
        if (delivery != null) {
            // delivered results are deleted or moved before the clients close, as far as S3 lets them
            delivery.awaitFinishes(FINISH_ON_STOP_MILLIS);
        }
        if (resultRequests != null) {
            getCamelContext().getExecutorServiceManager().shutdown(resultRequests);
            resultRequests = null;
        }
        if (backgroundThreads != null) {
            // pending retries are dropped: what they would remove stays in S3 (a result is then delivered again)
            getCamelContext().getExecutorServiceManager().shutdownNow(backgroundThreads);
            backgroundThreads = null;
        }
        if (streamReaders != null) {
            getCamelContext().getExecutorServiceManager().shutdown(streamReaders);
            streamReaders = null;
        }
        if (clients != null) {
            clients.close();
            clients = null;
        }
        super.doStop();
    }

    /** What this endpoint has done since it was created: for the developer console and the meters. */
    EndpointStatistics statistics() {
        return statistics;
    }

    SageMakerAsyncClients clients() {
        return clients;
    }

    /** The client spans of a traced request's AWS calls: none without OpenTelemetry's API. */
    CallSpans callSpans() {
        return callSpans;
    }

    ExecutorService streamReaders() {
        return streamReaders;
    }

    /** Null unless waitForResult. */
    AwaitedResultSource awaitedResults() {
        return awaitedResults;
    }

    ResultStorage resultStorage() {
        return resultStorage;
    }

    ResultDelivery delivery() {
        return delivery;
    }

    BackgroundRetry background() {
        return background;
    }

    ScheduledExecutorService backgroundThreads() {
        return backgroundThreads;
    }

    CorrelationStore correlationStore() {
        return configuration.getCorrelationStore() != null ? configuration.getCorrelationStore()
                : getComponent().defaultCorrelationStore();
    }

    /**
     * Whether the producer records accepted requests. A store the user configured may be read by another process (or a
     * consumer started later), so it always gets them; the in-memory default only while this component has a consumer,
     * since nothing else can ever read it: a producer-only application keeps no correlations and never fills it.
     */
    boolean recordsCorrelations() {
        return configuration.getCorrelationStore() != null || getComponent().hasConsumers();
    }

    /**
     * Whether a result whose request the store does not know yet may still get its correlation, and is worth holding
     * back a moment: a fast result can be listed or notified before its producer has recorded the request (SageMaker
     * answers the invocation after queueing it). A store the user configured may be written by another process; the
     * in-memory default only by a producer of this component. Without either nothing can ever record it, and the
     * result is delivered uncorrelated at once.
     */
    boolean correlationsMayArrive() {
        return configuration.getCorrelationStore() != null || getComponent().hasProducers();
    }

    @Override
    public SageMakerAsyncComponent getComponent() {
        return (SageMakerAsyncComponent) super.getComponent();
    }

    @Override
    public String getServiceUrl() {
        if (configuration.isOverrideEndpoint() && configuration.getUriEndpointOverride() != null) {
            return configuration.getUriEndpointOverride();
        }
        return configuration.getRegion();
    }

    @Override
    public String getServiceProtocol() {
        return "sagemaker-runtime";
    }
}
