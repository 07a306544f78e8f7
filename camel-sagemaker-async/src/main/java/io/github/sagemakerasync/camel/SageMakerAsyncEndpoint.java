package io.github.sagemakerasync.camel;

import java.util.Set;
import java.util.regex.Pattern;
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

    private static final long MIN_PART_SIZE = 5L * 1024 * 1024;
    static final int IDLE_POLLS_BEFORE_BACKOFF = 3;
    static final int POLLS_SKIPPED_WHEN_IDLE = 10;
    /** How long a stopping endpoint lets delivered results be finished in S3. */
    private static final long FINISH_ON_STOP_MILLIS = 10_000;
    private static final Set<String> SERVER_SIDE_ENCRYPTIONS = Set.of("AES256", "aws:kms", "aws:kms:dsse");
    /** An AWS region name: us-east-1, eu-central-2, us-gov-west-1, cn-north-1, ap-southeast-5... */
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");
    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");

    @UriParam
    private final SageMakerAsyncConfiguration configuration;

    private SageMakerAsyncClients clients;
    private ExecutorService streamReaders;
    /** Threads that send the S3 requests of results (ResultObjects): stopped with the endpoint. */
    private ExecutorService resultRequests;
    /** Background work (watcher rounds, retries of clean-ups and finishes, upload sweeps): stopped with the endpoint. */
    private ScheduledExecutorService backgroundThreads;
    private BackgroundRetry background;
    private ResultObjects resultObjects;
    private ResultDelivery delivery;
    private ResultWatcher resultWatcher;
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
        checkConsumerOptions(configuration);
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

    static void checkConsumerOptions(SageMakerAsyncConfiguration options) {
        // the locations were parsed when the endpoint was initialized (checkOptions); with neither, the consumer
        // discovers them when it starts (ResultLocationDiscovery)
        if (options.getMaxDeliveries() < 0) {
            throw new IllegalArgumentException("option maxDeliveries is " + options.getMaxDeliveries()
                    + ": it must be 0 (no limit) or more");
        }
        if (options.getNotificationVisibilityTimeout() < 1 || options.getNotificationVisibilityTimeout() > 43_200) {
            throw new IllegalArgumentException("option notificationVisibilityTimeout is "
                    + options.getNotificationVisibilityTimeout() + ": SQS takes 1 to 43200 seconds");
        }
        if (options.getNotificationWaitTimeSeconds() < 0 || options.getNotificationWaitTimeSeconds() > 20) {
            throw new IllegalArgumentException("option notificationWaitTimeSeconds is "
                    + options.getNotificationWaitTimeSeconds() + ": SQS waits 0 to 20 seconds");
        }
        if (options.getMaxConcurrentReads() < 1 || options.getMaxConcurrentReads() > 1000) {
            throw new IllegalArgumentException("option maxConcurrentReads is " + options.getMaxConcurrentReads()
                    + ": it must be between 1 and 1000");
        }
        if (options.getMaxMessagesPerPoll() < 0) {
            throw new IllegalArgumentException("option maxMessagesPerPoll is " + options.getMaxMessagesPerPoll()
                    + ": it must be 0 (no limit) or more");
        }
    }

    public SageMakerAsyncConfiguration getConfiguration() {
        return configuration;
    }

    @Override
    protected void doInit() throws Exception {
        super.doInit();
        checkOptions(configuration);
    }

    private static void accountId(String value, String option) {
        if (value != null && !ACCOUNT_ID.matcher(value).matches()) {
            throw new IllegalArgumentException("option " + option + " is '" + value + "': it must be an AWS account id, "
                    + "12 digits");
        }
    }

    /** Options are checked when the route starts, so a bad one fails before any message or network call. */
    static void checkOptions(SageMakerAsyncConfiguration options) {
        InvocationConstraints.endpointName(options.getEndpointName(), "endpoint name");
        if (options.getRegion() != null && !REGION.matcher(options.getRegion()).matches()) {
            throw new IllegalArgumentException("option region is '" + options.getRegion() + "': it must be an AWS region "
                    + "name such as eu-west-1 (lower case, no availability zone letter)");
        }
        int threshold = options.getInlineThreshold();
        if (threshold < 1 || threshold > SageMakerAsyncConfiguration.MAX_INLINE_BYTES) {
            throw new IllegalArgumentException("option inlineThreshold is " + threshold + ": it must be between 1 and "
                    + SageMakerAsyncConfiguration.MAX_INLINE_BYTES + " bytes, the most SageMaker accepts inline");
        }
        if (options.getMultipartPartSize() < MIN_PART_SIZE) {
            throw new IllegalArgumentException("option multipartPartSize is " + options.getMultipartPartSize()
                    + ": S3 needs parts of at least " + MIN_PART_SIZE + " bytes (5 MiB)");
        }
        Long buffer = options.getMultipartBufferSize();
        if (buffer != null && buffer < 3 * options.getMultipartPartSize()) {
            // measured: with two parts' worth the SDK's upload of an unknown-length stream stalls for good
            throw new IllegalArgumentException("option multipartBufferSize is " + buffer + ": it must be at least three "
                    + "parts, 3 x multipartPartSize = " + 3 * options.getMultipartPartSize() + " bytes");
        }
        if (options.getPayloadMode() == null) {
            throw new IllegalArgumentException("option payloadMode must be auto, inline or s3");
        }
        if (options.getInputLocation() != null) {
            S3Uri.parse(options.getInputLocation(), "option inputLocation");
        }
        String sse = options.getServerSideEncryption();
        if (sse != null && !SERVER_SIDE_ENCRYPTIONS.contains(sse)) {
            throw new IllegalArgumentException("option serverSideEncryption is '" + sse + "': it must be AES256, aws:kms or aws:kms:dsse");
        }
        if (options.getSseKmsKeyId() != null && (sse == null || !sse.startsWith("aws:kms"))) {
            throw new IllegalArgumentException("option sseKmsKeyId is set, so serverSideEncryption must be aws:kms or aws:kms:dsse, but is " + sse);
        }
        if (!options.isOverrideEndpoint() && (options.getUriEndpointOverride() != null || options.getS3UriEndpointOverride() != null
                || options.getSqsUriEndpointOverride() != null || options.getSageMakerApiUriEndpointOverride() != null)) {
            throw new IllegalArgumentException("option uriEndpointOverride, s3UriEndpointOverride, sqsUriEndpointOverride or "
                    + "sageMakerApiUriEndpointOverride is set but overrideEndpoint is false: set overrideEndpoint=true to use them");
        }
        accountId(options.getExpectedBucketOwner(), "expectedBucketOwner");
        accountId(options.getResultExpectedBucketOwner(), "resultExpectedBucketOwner");
        if (options.getApiCallTimeout() < 0 || options.getApiCallAttemptTimeout() < 0) {
            throw new IllegalArgumentException("options apiCallTimeout and apiCallAttemptTimeout must be 0 (none) or "
                    + "positive, but are " + options.getApiCallTimeout() + " and " + options.getApiCallAttemptTimeout() + " ms");
        }
        if (options.getAfterRead() == AfterRead.move) {
            if (options.getMoveTo() == null) {
                throw new IllegalArgumentException("option afterRead is move, so option moveTo must name where: s3://bucket/prefix");
            }
            S3Uri.parse(options.getMoveTo(), "option moveTo");
        }
        checkFoldersApart(options);
        if (options.getResultStreamingThreshold() < 0) {
            throw new IllegalArgumentException("option resultStreamingThreshold is " + options.getResultStreamingThreshold()
                    + ": it must be 0 or more bytes");
        }
        if (options.getResultTimeout() <= 0 || options.getResultPollDelay() <= 0 || options.getResultPollMaxDelay() <= 0) {
            throw new IllegalArgumentException("options resultTimeout, resultPollDelay and resultPollMaxDelay must be "
                    + "positive, but are " + options.getResultTimeout() + ", " + options.getResultPollDelay() + " and "
                    + options.getResultPollMaxDelay() + " ms");
        }
        if (options.getResultPollMultiplier() < 1) {
            throw new IllegalArgumentException("option resultPollMultiplier is " + options.getResultPollMultiplier()
                    + ": it must be at least 1");
        }
        InvocationConstraints.header(options.getContentType(), "option contentType", "ContentType");
        InvocationConstraints.header(options.getAccept(), "option accept", "Accept");
        InvocationConstraints.customAttributes(options.getCustomAttributes(), "option customAttributes");
        InvocationConstraints.inferenceId(options.getInferenceId(), "option inferenceId");
        InvocationConstraints.requestTtlSeconds(options.getRequestTtlSeconds(), "option requestTtlSeconds");
        InvocationConstraints.invocationTimeoutSeconds(options.getInvocationTimeoutSeconds(), "option invocationTimeoutSeconds");
        InvocationConstraints.s3OutputPathExtension(options.getS3OutputPathExtension(), "option s3OutputPathExtension");
        InvocationConstraints.filename(options.getFilename(), "option filename");
    }

    /**
     * Result folders are listed and what is found in them delivered, then deleted or moved: an input folder or the
     * moveTo folder that lies in one (or holds one) would have its objects delivered as results.
     */
    private static void checkFoldersApart(SageMakerAsyncConfiguration options) {
        S3Uri output = parseOrNull(options.getOutputLocation(), "option outputLocation");
        S3Uri failure = parseOrNull(options.getFailureLocation(), "option failureLocation");
        S3Uri input = parseOrNull(options.getInputLocation(), "option inputLocation");
        S3Uri moveTo = options.getAfterRead() == AfterRead.move ? parseOrNull(options.getMoveTo(), "option moveTo") : null;
        checkApart(input, "option inputLocation", output, "option outputLocation");
        checkApart(input, "option inputLocation", failure, "option failureLocation");
        checkApart(moveTo, "option moveTo", output, "option outputLocation");
        checkApart(moveTo, "option moveTo", failure, "option failureLocation");
        S3Uri deadLetters = parseOrNull(options.getDeadLetterLocation(), "option deadLetterLocation");
        checkApart(deadLetters, "option deadLetterLocation", output, "option outputLocation");
        checkApart(deadLetters, "option deadLetterLocation", failure, "option failureLocation");
    }

    private static S3Uri parseOrNull(String location, String source) {
        return location == null ? null : S3Uri.parse(location, source);
    }

    /** Refuses two folders of which one lies in the other; either may be null (not configured). */
    static void checkApart(S3Uri folder, String folderSource, S3Uri resultFolder, String resultSource) {
        if (folder == null || resultFolder == null || !folder.overlaps(resultFolder)) {
            return;
        }
        String relation = resultFolder.contains(folder) ? " lies in " : " holds ";
        throw new IllegalArgumentException(folderSource + " (" + folder.folder() + ")" + relation + resultSource + " ("
                + resultFolder.folder() + "): every object in a result folder is delivered as a result, then deleted or "
                + "moved. Use folders that do not contain each other, e.g. s3://bucket/inputs/ and s3://bucket/outputs/");
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        ResultSettings settings = ResultSettings.of(configuration);
        clients = new SageMakerAsyncClients(configuration);
        ExecutorServiceManager executors = getCamelContext().getExecutorServiceManager();
        streamReaders = executors.newCachedThreadPool(this, "SageMakerAsyncUpload");
        backgroundThreads = executors.newScheduledThreadPool(this, "SageMakerAsyncBackground", 1);
        background = new BackgroundRetry(backgroundThreads);
        resultRequests = executors.newFixedThreadPool(this, "SageMakerAsyncResultRequests",
                Math.max(2, Runtime.getRuntime().availableProcessors()));
        resultObjects = new ResultObjects(clients.s3(), settings, resultRequests);
        IdempotentRepository kept = configuration.getIdempotentRepository() != null
                ? configuration.getIdempotentRepository() : MemoryIdempotentRepository.memoryIdempotentRepository(10_000);
        delivery = new ResultDelivery(resultObjects, settings, correlationStore(), getComponent().resultWaiters(), background,
                kept, statistics);
        if (configuration.isMetricsEnabled() && MicrometerMeters.available()) {
            MicrometerMeters.bind(this);
        }
        if (configuration.isWaitForResult()) {
            resultWatcher = new ResultWatcher(resultObjects, delivery, getComponent().resultWaiters(), configuration,
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
        if (resultWatcher != null) {
            resultWatcher.stop();
            resultWatcher = null;
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

    ExecutorService streamReaders() {
        return streamReaders;
    }

    /** Null unless waitForResult. */
    ResultWatcher resultWatcher() {
        return resultWatcher;
    }

    ResultObjects resultObjects() {
        return resultObjects;
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
