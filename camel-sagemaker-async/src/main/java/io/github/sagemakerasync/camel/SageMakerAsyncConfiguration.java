package io.github.sagemakerasync.camel;

import org.apache.camel.RuntimeCamelException;
import org.apache.camel.component.aws.common.AwsCommonConfiguration;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;
import org.apache.camel.spi.UriPath;
import software.amazon.awssdk.core.Protocol;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeAsyncClient;

/**
 * The options of a {@code sagemaker-async} endpoint; set on the component, they are every endpoint's defaults.
 */
@UriParams
public class SageMakerAsyncConfiguration implements Cloneable, AwsCommonConfiguration {

    /** AWS's limit on an inline payload, in bytes. */
    public static final int MAX_INLINE_BYTES = 128_000;
    static final long DEFAULT_MULTIPART_PART_SIZE = 8L * 1024 * 1024;

    @UriPath(description = "The name of the SageMaker endpoint, as given to CreateEndpoint.")
    @Metadata(required = true)
    private String endpointName;

    // the payload

    @UriParam(label = "producer", defaultValue = "auto")
    private PayloadMode payloadMode = PayloadMode.auto;
    @UriParam(label = "producer", defaultValue = "128000")
    private int inlineThreshold = MAX_INLINE_BYTES;
    @UriParam(label = "producer")
    private String inputLocation;
    @UriParam(label = "producer,advanced", defaultValue = "false")
    private boolean keepInputOnFailure;
    @UriParam(label = "producer,advanced", defaultValue = "8388608")
    private long multipartPartSize = DEFAULT_MULTIPART_PART_SIZE;
    @UriParam(label = "producer,advanced")
    private Long multipartBufferSize;
    @UriParam(label = "producer,security", enums = "AES256,aws:kms,aws:kms:dsse")
    private String serverSideEncryption;
    @UriParam(label = "producer,security")
    private String sseKmsKeyId;
    @UriParam(label = "security")
    private String expectedBucketOwner;
    @UriParam(label = "consumer,security")
    private String resultExpectedBucketOwner;

    // InvokeEndpointAsync parameters

    @UriParam(label = "producer")
    private String contentType;
    @UriParam(label = "producer")
    private String accept;
    @UriParam(label = "producer", secret = true)
    private String customAttributes;
    @UriParam(label = "producer")
    private String inferenceId;
    @UriParam(label = "producer")
    private Integer requestTtlSeconds;
    @UriParam(label = "producer")
    private Integer invocationTimeoutSeconds;
    @UriParam(label = "producer")
    private String s3OutputPathExtension;
    @UriParam(label = "producer")
    private String filename;

    // results

    @UriParam(label = "consumer")
    private String outputLocation;
    @UriParam(label = "consumer")
    private String failureLocation;
    @UriParam(label = "consumer", defaultValue = "true")
    private boolean includeBody = true;
    @UriParam(label = "consumer", defaultValue = "delete")
    private AfterRead afterRead = AfterRead.delete;
    @UriParam(label = "consumer")
    private String moveTo;
    @UriParam(label = "consumer")
    private boolean deleteInputAfterResult;
    @UriParam(label = "consumer")
    private boolean failureAsException;
    @UriParam(label = "consumer", defaultValue = "5")
    private int maxDeliveries = 5;
    @UriParam(label = "consumer")
    private String deadLetterLocation;
    @UriParam(label = "consumer")
    private String notificationQueue;
    @UriParam(label = "consumer", defaultValue = "60")
    private int notificationVisibilityTimeout = 60;
    @UriParam(label = "consumer", defaultValue = "5")
    private int notificationWaitTimeSeconds = 5;
    @UriParam(label = "consumer", defaultValue = "100")
    private int maxMessagesPerPoll = 100;
    @UriParam(label = "consumer", defaultValue = "32")
    private int maxConcurrentReads = 32;
    @UriParam(label = "consumer,advanced")
    private IdempotentRepository idempotentRepository;
    @UriParam(label = "advanced", defaultValue = "1048576")
    private long resultStreamingThreshold = 1024 * 1024;
    @UriParam(label = "producer")
    private boolean waitForResult;
    @UriParam(label = "producer", defaultValue = "1800000", javaType = "java.time.Duration")
    private long resultTimeout = 30 * 60 * 1000L;
    @UriParam(label = "producer,advanced", defaultValue = "500", javaType = "java.time.Duration")
    private long resultPollDelay = 500;
    @UriParam(label = "producer,advanced", defaultValue = "2")
    private double resultPollMultiplier = 2.0;
    @UriParam(label = "producer,advanced", defaultValue = "10000", javaType = "java.time.Duration")
    private long resultPollMaxDelay = 10_000;
    @UriParam(label = "advanced")
    @Metadata(autowired = true)
    private CorrelationStore correlationStore;
    @UriParam(label = "producer")
    private String correlationHeaders;
    @UriParam(label = "producer,advanced")
    private boolean traceContextInCustomAttributes;
    @UriParam(label = "advanced", defaultValue = "true")
    private boolean metricsEnabled = true;

    // flow control

    @UriParam(label = "producer")
    private int maxPendingInvocations;
    @UriParam(label = "producer", defaultValue = "park")
    private PendingBoundAction pendingBoundAction = PendingBoundAction.park;
    @UriParam(label = "producer", defaultValue = "300000", javaType = "java.time.Duration")
    private long pendingParkTimeout = 5 * 60 * 1000L;

    // AWS clients

    @UriParam
    @Metadata(label = "advanced", autowired = true)
    private SageMakerRuntimeAsyncClient sageMakerRuntimeAsyncClient;
    @UriParam
    @Metadata(label = "advanced", autowired = true)
    private S3AsyncClient s3AsyncClient;
    @UriParam
    private String region;
    @UriParam(label = "security", secret = true)
    private String accessKey;
    @UriParam(label = "security", secret = true)
    private String secretKey;
    @UriParam(label = "security", secret = true)
    private String sessionToken;
    @UriParam(label = "security", defaultValue = "false")
    private boolean useDefaultCredentialsProvider;
    @UriParam(label = "security", defaultValue = "false")
    private boolean useProfileCredentialsProvider;
    @UriParam(label = "security")
    private String profileCredentialsName;
    @UriParam(label = "security", defaultValue = "false")
    private boolean useSessionCredentials;
    @UriParam(label = "security", defaultValue = "false")
    private boolean trustAllCertificates;
    @UriParam(label = "advanced", defaultValue = "false")
    private boolean overrideEndpoint;
    @UriParam(label = "advanced")
    private String uriEndpointOverride;
    @UriParam(label = "advanced")
    private String s3UriEndpointOverride;
    @UriParam(label = "advanced")
    private String sqsUriEndpointOverride;
    @UriParam(label = "advanced")
    private String sageMakerApiUriEndpointOverride;
    @UriParam(label = "advanced", defaultValue = "0", javaType = "java.time.Duration")
    private long apiCallTimeout;
    @UriParam(label = "advanced", defaultValue = "0", javaType = "java.time.Duration")
    private long apiCallAttemptTimeout;
    @UriParam(label = "advanced", defaultValue = "false")
    private boolean forcePathStyle;
    @UriParam(label = "advanced")
    private RetryMode retryMode;
    @UriParam(label = "proxy", enums = "HTTP,HTTPS", defaultValue = "HTTPS")
    private Protocol proxyProtocol = Protocol.HTTPS;
    @UriParam(label = "proxy")
    private String proxyHost;
    @UriParam(label = "proxy")
    private Integer proxyPort;

    public String getEndpointName() {
        return endpointName;
    }

    /**
     * The name of the SageMaker endpoint, as given to CreateEndpoint.
     */
    public void setEndpointName(String endpointName) {
        this.endpointName = endpointName;
    }

    public PayloadMode getPayloadMode() {
        return payloadMode;
    }

    /**
     * How the payload is sent: auto (inline when it is at most inlineThreshold bytes, through S3 otherwise), inline
     * (always in the request, at most 128,000 bytes) or s3 (always uploaded to inputLocation first).
     */
    public void setPayloadMode(PayloadMode payloadMode) {
        this.payloadMode = payloadMode;
    }

    public int getInlineThreshold() {
        return inlineThreshold;
    }

    /**
     * In auto mode, the largest payload, in bytes after conversion, that is sent inline; larger ones go through S3. 1
     * to 128000, the most SageMaker accepts inline.
     */
    public void setInlineThreshold(int inlineThreshold) {
        this.inlineThreshold = inlineThreshold;
    }

    public String getInputLocation() {
        return inputLocation;
    }

    /**
     * Where payloads that go through S3 are uploaded, as s3://bucket/prefix; each gets a unique key under the prefix.
     * Needed for payloads that do not go inline.
     */
    public void setInputLocation(String inputLocation) {
        this.inputLocation = inputLocation;
    }

    public boolean isKeepInputOnFailure() {
        return keepInputOnFailure;
    }

    /**
     * Keep the uploaded input object when the invocation fails after the upload. By default it is deleted, so a failed
     * exchange leaves no orphan in the bucket.
     */
    public void setKeepInputOnFailure(boolean keepInputOnFailure) {
        this.keepInputOnFailure = keepInputOnFailure;
    }

    public long getMultipartPartSize() {
        return multipartPartSize;
    }

    /**
     * Part size, in bytes, of the multipart uploads of large payloads (at least 5 MiB, S3's minimum). A stream of
     * unknown length is buffered a few parts at a time, never whole. Applies to the S3 client the component builds,
     * not to an autowired one.
     */
    public void setMultipartPartSize(long multipartPartSize) {
        this.multipartPartSize = multipartPartSize;
    }

    public Long getMultipartBufferSize() {
        return multipartBufferSize;
    }

    /**
     * Bytes of a payload the S3 client holds at once during a multipart upload, at least three parts (3 x
     * multipartPartSize); unset, four parts (the SDK's default). This bounds the memory an upload of any size takes;
     * more lets more parts upload in parallel. Applies to the S3 client the component builds.
     */
    public void setMultipartBufferSize(Long multipartBufferSize) {
        this.multipartBufferSize = multipartBufferSize;
    }

    public String getServerSideEncryption() {
        return serverSideEncryption;
    }

    /**
     * Server-side encryption of uploaded inputs: AES256, aws:kms or aws:kms:dsse. Unset, the bucket's default applies.
     */
    public void setServerSideEncryption(String serverSideEncryption) {
        this.serverSideEncryption = serverSideEncryption;
    }

    public String getSseKmsKeyId() {
        return sseKmsKeyId;
    }

    /**
     * The KMS key that encrypts uploaded inputs, with serverSideEncryption aws:kms or aws:kms:dsse.
     */
    public void setSseKmsKeyId(String sseKmsKeyId) {
        this.sseKmsKeyId = sseKmsKeyId;
    }

    public String getExpectedBucketOwner() {
        return expectedBucketOwner;
    }

    /**
     * The account id (12 digits) that must own the input bucket, and the result buckets unless
     * resultExpectedBucketOwner names another: S3 refuses a request to a bucket of another account, so a bucket taken
     * over under the same name never receives a payload.
     */
    public void setExpectedBucketOwner(String expectedBucketOwner) {
        this.expectedBucketOwner = expectedBucketOwner;
    }

    public String getResultExpectedBucketOwner() {
        return resultExpectedBucketOwner;
    }

    /**
     * The account id (12 digits) that must own the result buckets (outputs, failures, moveTo, deadLetterLocation), when
     * it is not the input bucket's owner. Unset, expectedBucketOwner applies to them too.
     */
    public void setResultExpectedBucketOwner(String resultExpectedBucketOwner) {
        this.resultExpectedBucketOwner = resultExpectedBucketOwner;
    }

    public String getContentType() {
        return contentType;
    }

    /**
     * The MIME type of the payload (ContentType). When unset, the message's Content-Type header is used. It is also the
     * content type of uploaded input objects.
     */
    public void setContentType(String contentType) {
        this.contentType = contentType;
    }

    public String getAccept() {
        return accept;
    }

    /**
     * The MIME type the model should answer with (Accept).
     */
    public void setAccept(String accept) {
        this.accept = accept;
    }

    public String getCustomAttributes() {
        return customAttributes;
    }

    /**
     * Opaque information passed to the model verbatim (CustomAttributes), at most 1024 ASCII characters.
     */
    public void setCustomAttributes(String customAttributes) {
        this.customAttributes = customAttributes;
    }

    public String getInferenceId() {
        return inferenceId;
    }

    /**
     * The identifier of the inference (InferenceId), 1 to 64 printable ASCII characters. SageMaker generates one when
     * none is given. Usually set per message with the header.
     */
    public void setInferenceId(String inferenceId) {
        this.inferenceId = inferenceId;
    }

    public Integer getRequestTtlSeconds() {
        return requestTtlSeconds;
    }

    /**
     * Seconds a request may wait in the endpoint's queue before it expires (RequestTTLSeconds), 60 to 21600. SageMaker's
     * default is 21600 (6 hours).
     */
    public void setRequestTtlSeconds(Integer requestTtlSeconds) {
        this.requestTtlSeconds = requestTtlSeconds;
    }

    public Integer getInvocationTimeoutSeconds() {
        return invocationTimeoutSeconds;
    }

    /**
     * Seconds the model may take for one request (InvocationTimeoutSeconds), 1 to 3600. SageMaker's default is 900.
     */
    public void setInvocationTimeoutSeconds(Integer invocationTimeoutSeconds) {
        this.invocationTimeoutSeconds = invocationTimeoutSeconds;
    }

    public String getS3OutputPathExtension() {
        return s3OutputPathExtension;
    }

    /**
     * A path appended to the endpoint's S3 output path for this request's result (S3OutputPathExtension).
     */
    public void setS3OutputPathExtension(String s3OutputPathExtension) {
        this.s3OutputPathExtension = s3OutputPathExtension;
    }

    public String getFilename() {
        return filename;
    }

    /**
     * The name of the result object (Filename), at most 32 characters with at most one dot; SageMaker generates one
     * when unset.
     */
    public void setFilename(String filename) {
        this.filename = filename;
    }

    public String getOutputLocation() {
        return outputLocation;
    }

    /**
     * Consumer: where the endpoint writes results (its S3OutputPath), s3://bucket/folder. It is a folder, as SageMaker
     * treats it (a trailing / is implied): every object in it or its sub-folders is delivered as a Completed result,
     * never one of a sibling folder whose name starts the same. No input folder or moveTo may lie in it. When neither
     * outputLocation nor failureLocation is set, the consumer finds both when it starts, with DescribeEndpoint and
     * DescribeEndpointConfig (IAM sagemaker:DescribeEndpoint and sagemaker:DescribeEndpointConfig; uriEndpointOverride
     * applies to that API too; needs the optional dependency software.amazon.awssdk:sagemaker).
     */
    public void setOutputLocation(String outputLocation) {
        this.outputLocation = outputLocation;
    }

    public String getFailureLocation() {
        return failureLocation;
    }

    /**
     * Consumer: where the endpoint writes failures (its S3FailurePath), s3://bucket/folder (a trailing / is implied).
     * Every object in it is delivered as a Failed result. When it is the same as outputLocation, objects named
     * *-error.out are the failures. Leave it unset for an endpoint without S3FailurePath: SageMaker then writes no
     * failure objects.
     */
    public void setFailureLocation(String failureLocation) {
        this.failureLocation = failureLocation;
    }

    public boolean isIncludeBody() {
        return includeBody;
    }

    /**
     * Consumer: read each result into the message body. False leaves it unread: the headers tell where it is.
     */
    public void setIncludeBody(boolean includeBody) {
        this.includeBody = includeBody;
    }

    public AfterRead getAfterRead() {
        return afterRead;
    }

    /**
     * What happens to a result object once its exchange completed successfully: delete it, move it under moveTo, or keep
     * it (then an idempotent repository keeps it from being delivered again). A failed exchange leaves the object where
     * it is, to be delivered again. Applies to waitForResult too, by the same rules.
     */
    public void setAfterRead(AfterRead afterRead) {
        this.afterRead = afterRead;
    }

    public String getMoveTo() {
        return moveTo;
    }

    /**
     * Where afterRead=move puts delivered results, s3://bucket/folder; the key below the listed folder is kept. It must
     * not lie in a result folder (or hold one), or moved results would be delivered again.
     */
    public void setMoveTo(String moveTo) {
        this.moveTo = moveTo;
    }

    public boolean isDeleteInputAfterResult() {
        return deleteInputAfterResult;
    }

    /**
     * Delete the input object the producer uploaded once its result was delivered successfully. Needs the correlation
     * of the result with its request; or, for a notified result without correlation (its producer died before recording
     * it), the notification's InputLocation when it lies in this endpoint's inputLocation folder, which holds only the
     * component's uploads. Applies to waitForResult too.
     */
    public void setDeleteInputAfterResult(boolean deleteInputAfterResult) {
        this.deleteInputAfterResult = deleteInputAfterResult;
    }

    public int getMaxDeliveries() {
        return maxDeliveries;
    }

    /**
     * Consumer: how many times a result may fail its route before it is set aside, so a result the route can never
     * process (a poison result) is not delivered forever. Set aside means moved to deadLetterLocation when that is set,
     * else left in place and skipped, with a WARN, until the consumer restarts. 0: no limit.
     */
    public void setMaxDeliveries(int maxDeliveries) {
        this.maxDeliveries = maxDeliveries;
    }

    public String getDeadLetterLocation() {
        return deadLetterLocation;
    }

    /**
     * Consumer: where results that failed maxDeliveries times are moved, s3://bucket/folder, keeping their key below
     * the listed folder. It must not lie in a result folder (or hold one). Unset: they stay where they are, skipped.
     */
    public void setDeadLetterLocation(String deadLetterLocation) {
        this.deadLetterLocation = deadLetterLocation;
    }

    public boolean isFailureAsException() {
        return failureAsException;
    }

    /**
     * Consumer: deliver a Failed result as a SageMakerAsyncInferenceException on the exchange, so the route's error
     * handler takes it, rather than as a message whose body is the failure's bytes.
     */
    public void setFailureAsException(boolean failureAsException) {
        this.failureAsException = failureAsException;
    }

    public int getMaxMessagesPerPoll() {
        return maxMessagesPerPoll;
    }

    /**
     * Consumer: the most results one poll delivers; 0 for no limit. One listing page covers up to 1000 results.
     */
    public void setMaxMessagesPerPoll(int maxMessagesPerPoll) {
        this.maxMessagesPerPoll = maxMessagesPerPoll;
    }

    public int getMaxConcurrentReads() {
        return maxConcurrentReads;
    }

    /**
     * Consumer: how many results of a poll are read from S3 at once (1 to 1000). Reads overlap, so a backlog drains at
     * S3's pace rather than one round trip at a time; results still reach the route one after the other, in the order
     * they were listed (no order across polls is promised).
     */
    public void setMaxConcurrentReads(int maxConcurrentReads) {
        this.maxConcurrentReads = maxConcurrentReads;
    }

    public IdempotentRepository getIdempotentRepository() {
        return idempotentRepository;
    }

    /**
     * With afterRead=keep: remembers the results already delivered (by location and ETag). Unset, an in-memory one of
     * the last 10,000, so a restart delivers kept results again; plug a persistent one to prevent that.
     */
    public void setIdempotentRepository(IdempotentRepository idempotentRepository) {
        this.idempotentRepository = idempotentRepository;
    }

    public long getResultStreamingThreshold() {
        return resultStreamingThreshold;
    }

    /**
     * Results up to this many bytes become a byte[] body; larger ones an InputStream that reads from S3 as the route
     * consumes it. Failures are always read whole, as a byte[].
     */
    public void setResultStreamingThreshold(long resultStreamingThreshold) {
        this.resultStreamingThreshold = resultStreamingThreshold;
    }

    public boolean isWaitForResult() {
        return waitForResult;
    }

    /**
     * Request-reply: complete the exchange only when the result is there, with the result as the body, or fail it with
     * SageMakerAsyncInferenceException (the failure text), or with ExchangeTimedOutException after resultTimeout. The
     * wait holds no thread. It is not inferred from the exchange pattern: set it for InOut routes that want the result.
     */
    public void setWaitForResult(boolean waitForResult) {
        this.waitForResult = waitForResult;
    }

    public long getResultTimeout() {
        return resultTimeout;
    }

    /**
     * With waitForResult: how long to wait for the result, in milliseconds (or a duration such as 5m).
     */
    public void setResultTimeout(long resultTimeout) {
        this.resultTimeout = resultTimeout;
    }

    public long getResultPollDelay() {
        return resultPollDelay;
    }

    /**
     * With waitForResult: the delay between looks for results right after a new request, in milliseconds; it grows by
     * resultPollMultiplier while nothing arrives, up to resultPollMaxDelay. One look lists each result prefix once for
     * all waiting exchanges.
     */
    public void setResultPollDelay(long resultPollDelay) {
        this.resultPollDelay = resultPollDelay;
    }

    public double getResultPollMultiplier() {
        return resultPollMultiplier;
    }

    /**
     * With waitForResult: how much the delay between looks grows while no result arrives.
     */
    public void setResultPollMultiplier(double resultPollMultiplier) {
        this.resultPollMultiplier = resultPollMultiplier;
    }

    public long getResultPollMaxDelay() {
        return resultPollMaxDelay;
    }

    /**
     * With waitForResult: the longest delay between looks for results, in milliseconds.
     */
    public void setResultPollMaxDelay(long resultPollMaxDelay) {
        this.resultPollMaxDelay = resultPollMaxDelay;
    }

    public CorrelationStore getCorrelationStore() {
        return correlationStore;
    }

    /**
     * Where the producer records each accepted request (by its output and failure location) and the consumer finds it
     * again. The single CorrelationStore in the registry is used when present; otherwise the component's in-memory one,
     * which knows only this instance's requests and forgets them on restart, and which is written only while the
     * component has a consumer route (a producer-only application keeps no correlations). A configured store always
     * gets every accepted request.
     */
    public void setCorrelationStore(CorrelationStore correlationStore) {
        this.correlationStore = correlationStore;
    }

    public String getCorrelationHeaders() {
        return correlationHeaders;
    }

    /**
     * Request headers to carry to the result, comma-separated (a Kafka key, a request id...): the consumer sets them
     * on the result's message. Values are carried as strings.
     */
    public void setCorrelationHeaders(String correlationHeaders) {
        this.correlationHeaders = correlationHeaders;
    }

    public boolean isTraceContextInCustomAttributes() {
        return traceContextInCustomAttributes;
    }

    /**
     * With Camel's tracing: send the request's W3C traceparent to the model in CustomAttributes, as
     * traceparent=<value>, after the message's own CustomAttributes with ; between, so a model that traces continues
     * the request's trace. Refused before sending when the whole would pass SageMaker's 1024 characters.
     */
    public void setTraceContextInCustomAttributes(boolean traceContextInCustomAttributes) {
        this.traceContextInCustomAttributes = traceContextInCustomAttributes;
    }

    public boolean isMetricsEnabled() {
        return metricsEnabled;
    }

    /**
     * Whether the endpoint publishes its meters (named sagemaker.async: invocations, payload bytes, uploads, results,
     * delay, pending correlations, waiting exchanges) to Micrometer: to the MeterRegistry in the Camel registry (the one
     * named metricsRegistry, else the only one, else their composite), when Micrometer is on the classpath and there is
     * one. The developer console shows the same figures either way.
     */
    public void setMetricsEnabled(boolean metricsEnabled) {
        this.metricsEnabled = metricsEnabled;
    }

    public int getMaxPendingInvocations() {
        return maxPendingInvocations;
    }

    /**
     * The most requests of this endpoint that may be pending (accepted by SageMaker, result not yet delivered), counted
     * in the correlation store: this instance's with a local store, every instance's with a shared one (their producers
     * together never pass it). At the bound a message waits or fails, as pendingBoundAction says; a delivered result,
     * also of a request sent before a restart, frees a place. 0 (the default): no bound. Needs correlations recorded:
     * a consumer route of the endpoint in this CamelContext, or a correlationStore.
     */
    public void setMaxPendingInvocations(int maxPendingInvocations) {
        this.maxPendingInvocations = maxPendingInvocations;
    }

    public PendingBoundAction getPendingBoundAction() {
        return pendingBoundAction;
    }

    /**
     * With maxPendingInvocations: what a message does at the bound. park: it waits, holding no thread, in arrival order,
     * until a result frees a place (or fails after pendingParkTimeout); fail: it fails at once with
     * MaxPendingInvocationsException.
     */
    public void setPendingBoundAction(PendingBoundAction pendingBoundAction) {
        this.pendingBoundAction = pendingBoundAction;
    }

    public long getPendingParkTimeout() {
        return pendingParkTimeout;
    }

    /**
     * With maxPendingInvocations and pendingBoundAction=park: how long a message waits for a place, in milliseconds (or
     * a duration such as 30s), before it fails with MaxPendingInvocationsException, unsent.
     */
    public void setPendingParkTimeout(long pendingParkTimeout) {
        this.pendingParkTimeout = pendingParkTimeout;
    }

    public SageMakerRuntimeAsyncClient getSageMakerRuntimeAsyncClient() {
        return sageMakerRuntimeAsyncClient;
    }

    /**
     * The SageMaker runtime client to use. The single one in the registry is used when present; otherwise the endpoint
     * builds one from the options below and closes it when it stops.
     */
    public void setSageMakerRuntimeAsyncClient(SageMakerRuntimeAsyncClient sageMakerRuntimeAsyncClient) {
        this.sageMakerRuntimeAsyncClient = sageMakerRuntimeAsyncClient;
    }

    public S3AsyncClient getS3AsyncClient() {
        return s3AsyncClient;
    }

    /**
     * The S3 client to use for inputs and results. The single one in the registry is used when present; otherwise the
     * endpoint builds one (with multipart uploads) from the options below and closes it when it stops.
     */
    public void setS3AsyncClient(S3AsyncClient s3AsyncClient) {
        this.s3AsyncClient = s3AsyncClient;
    }

    @Override
    public String getRegion() {
        return region;
    }

    /**
     * The AWS region of the endpoint and the buckets, for example eu-west-1. Unset, the SDK's default region chain
     * applies.
     */
    public void setRegion(String region) {
        this.region = region;
    }

    @Override
    public String getAccessKey() {
        return accessKey;
    }

    /**
     * Access key id of static credentials. With no credentials options set, the SDK's default credentials chain is
     * used.
     */
    public void setAccessKey(String accessKey) {
        this.accessKey = accessKey;
    }

    @Override
    public String getSecretKey() {
        return secretKey;
    }

    /**
     * Secret access key of static credentials.
     */
    public void setSecretKey(String secretKey) {
        this.secretKey = secretKey;
    }

    @Override
    public String getSessionToken() {
        return sessionToken;
    }

    /**
     * Session token of temporary credentials, with useSessionCredentials.
     */
    public void setSessionToken(String sessionToken) {
        this.sessionToken = sessionToken;
    }

    @Override
    public boolean isUseDefaultCredentialsProvider() {
        return useDefaultCredentialsProvider;
    }

    /**
     * Use the SDK's default credentials chain (environment, system properties, profile, container or instance role)
     * even when other credentials options are set.
     */
    public void setUseDefaultCredentialsProvider(boolean useDefaultCredentialsProvider) {
        this.useDefaultCredentialsProvider = useDefaultCredentialsProvider;
    }

    @Override
    public boolean isUseProfileCredentialsProvider() {
        return useProfileCredentialsProvider;
    }

    /**
     * Load credentials from a profile of the AWS config files (see profileCredentialsName).
     */
    public void setUseProfileCredentialsProvider(boolean useProfileCredentialsProvider) {
        this.useProfileCredentialsProvider = useProfileCredentialsProvider;
    }

    @Override
    public String getProfileCredentialsName() {
        return profileCredentialsName;
    }

    /**
     * The profile to load credentials from, with useProfileCredentialsProvider; the default profile when unset.
     */
    public void setProfileCredentialsName(String profileCredentialsName) {
        this.profileCredentialsName = profileCredentialsName;
    }

    @Override
    public boolean isUseSessionCredentials() {
        return useSessionCredentials;
    }

    /**
     * Use temporary credentials: accessKey, secretKey and sessionToken.
     */
    public void setUseSessionCredentials(boolean useSessionCredentials) {
        this.useSessionCredentials = useSessionCredentials;
    }

    @Override
    public boolean isTrustAllCertificates() {
        return trustAllCertificates;
    }

    /**
     * Trust every TLS certificate, for an overridden endpoint with a self-signed one. Never against AWS.
     */
    public void setTrustAllCertificates(boolean trustAllCertificates) {
        this.trustAllCertificates = trustAllCertificates;
    }

    @Override
    public boolean isOverrideEndpoint() {
        return overrideEndpoint;
    }

    /**
     * Send requests to uriEndpointOverride (SageMaker runtime) and s3UriEndpointOverride (S3) instead of AWS's
     * endpoints: for the emulator and other compatible services.
     */
    public void setOverrideEndpoint(boolean overrideEndpoint) {
        this.overrideEndpoint = overrideEndpoint;
    }

    @Override
    public String getUriEndpointOverride() {
        return uriEndpointOverride;
    }

    /**
     * The SageMaker runtime API's address, for example http://127.0.0.1:8080, with overrideEndpoint.
     */
    public void setUriEndpointOverride(String uriEndpointOverride) {
        this.uriEndpointOverride = uriEndpointOverride;
    }

    public String getS3UriEndpointOverride() {
        return s3UriEndpointOverride;
    }

    /**
     * The S3 API's address, for example http://127.0.0.1:9000, with overrideEndpoint. Usually wants forcePathStyle.
     */
    public void setS3UriEndpointOverride(String s3UriEndpointOverride) {
        this.s3UriEndpointOverride = s3UriEndpointOverride;
    }

    public String getSqsUriEndpointOverride() {
        return sqsUriEndpointOverride;
    }

    /**
     * The SQS API's address, for example http://127.0.0.1:9324, with overrideEndpoint: where notificationQueue is read.
     */
    public void setSqsUriEndpointOverride(String sqsUriEndpointOverride) {
        this.sqsUriEndpointOverride = sqsUriEndpointOverride;
    }

    public String getSageMakerApiUriEndpointOverride() {
        return sageMakerApiUriEndpointOverride;
    }

    /**
     * The SageMaker API's address (the control plane, api.sagemaker; for example its VPC interface endpoint), with
     * overrideEndpoint: where discovery calls DescribeEndpoint and DescribeEndpointConfig. Unset, uriEndpointOverride
     * (the emulator serves both on one address).
     */
    public void setSageMakerApiUriEndpointOverride(String sageMakerApiUriEndpointOverride) {
        this.sageMakerApiUriEndpointOverride = sageMakerApiUriEndpointOverride;
    }

    public long getApiCallTimeout() {
        return apiCallTimeout;
    }

    /**
     * The longest one AWS API call may take, retries included, in the clients the component builds (SDK
     * apiCallTimeout); 0 for none, the SDK's default. An upload part and a streamed result's download are each one
     * call: leave room for the largest.
     */
    public void setApiCallTimeout(long apiCallTimeout) {
        this.apiCallTimeout = apiCallTimeout;
    }

    public long getApiCallAttemptTimeout() {
        return apiCallAttemptTimeout;
    }

    /**
     * The longest one attempt of an AWS API call may take before the SDK retries it, in the clients the component
     * builds (SDK apiCallAttemptTimeout); 0 for none, the SDK's default.
     */
    public void setApiCallAttemptTimeout(long apiCallAttemptTimeout) {
        this.apiCallAttemptTimeout = apiCallAttemptTimeout;
    }

    public String getNotificationQueue() {
        return notificationQueue;
    }

    /**
     * Consumer: receive results from SageMaker's completion notifications on this SQS queue (its URL, or its name)
     * instead of listing S3. Subscribe the queue to the endpoint's SuccessTopic and ErrorTopic, raw or not. Several
     * instances may share the queue: each notification goes to one of them, is deleted only after its route succeeded,
     * and comes back after the visibility timeout otherwise (the queue's redrive policy moves a poison message to its
     * dead-letter queue). A response included in the notification (IncludeInferenceResponseIn) costs no S3 request.
     * Needs the dependency software.amazon.awssdk:sqs; an SqsAsyncClient in the registry is used when there is one.
     */
    public void setNotificationQueue(String notificationQueue) {
        this.notificationQueue = notificationQueue;
    }

    public int getNotificationVisibilityTimeout() {
        return notificationVisibilityTimeout;
    }

    /**
     * Consumer: seconds a received notification stays invisible to other receivers; it is extended while its route
     * still works on it, so a slow route is not delivered twice. A receiver that dies gives its notifications back
     * after this time.
     */
    public void setNotificationVisibilityTimeout(int notificationVisibilityTimeout) {
        this.notificationVisibilityTimeout = notificationVisibilityTimeout;
    }

    public int getNotificationWaitTimeSeconds() {
        return notificationWaitTimeSeconds;
    }

    /**
     * Consumer: long polling, seconds a receive waits for a notification when the queue is empty (0 to 20). Longer
     * waits cost fewer requests when idle, and delay the consumer's stop by as much.
     */
    public void setNotificationWaitTimeSeconds(int notificationWaitTimeSeconds) {
        this.notificationWaitTimeSeconds = notificationWaitTimeSeconds;
    }

    public boolean isForcePathStyle() {
        return forcePathStyle;
    }

    /**
     * Address S3 objects as host/bucket/key rather than bucket.host/key, as most S3-compatible servers expect.
     */
    public void setForcePathStyle(boolean forcePathStyle) {
        this.forcePathStyle = forcePathStyle;
    }

    public RetryMode getRetryMode() {
        return retryMode;
    }

    /**
     * The SDK's retry mode for the clients the component builds: STANDARD, ADAPTIVE_V2 or LEGACY. Unset, the SDK's
     * default applies.
     */
    public void setRetryMode(RetryMode retryMode) {
        this.retryMode = retryMode;
    }

    @Override
    public Protocol getProxyProtocol() {
        return proxyProtocol;
    }

    /**
     * The protocol of the proxy, with proxyHost and proxyPort.
     */
    public void setProxyProtocol(Protocol proxyProtocol) {
        this.proxyProtocol = proxyProtocol;
    }

    @Override
    public String getProxyHost() {
        return proxyHost;
    }

    /**
     * A proxy host for the clients the component builds.
     */
    public void setProxyHost(String proxyHost) {
        this.proxyHost = proxyHost;
    }

    @Override
    public Integer getProxyPort() {
        return proxyPort;
    }

    /**
     * The port of the proxy host.
     */
    public void setProxyPort(Integer proxyPort) {
        this.proxyPort = proxyPort;
    }

    public SageMakerAsyncConfiguration copy() {
        try {
            return (SageMakerAsyncConfiguration) super.clone();
        } catch (CloneNotSupportedException e) {
            throw new RuntimeCamelException(e);
        }
    }
}
