package io.github.sagemakerasync.camel;

import java.util.Set;
import java.util.concurrent.ExecutorService;

import org.apache.camel.Category;
import org.apache.camel.Component;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.EndpointServiceLocation;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.support.ScheduledPollEndpoint;

/**
 * Invoke Amazon SageMaker AI asynchronous inference endpoints, sending payloads inline or through S3.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "sagemaker-async", title = "AWS SageMaker Async Inference",
             syntax = "sagemaker-async:endpointName", category = { Category.AI, Category.CLOUD },
             headersClass = SageMakerAsyncConstants.class)
public class SageMakerAsyncEndpoint extends ScheduledPollEndpoint implements EndpointServiceLocation {

    private static final long MIN_PART_SIZE = 5L * 1024 * 1024;
    private static final Set<String> SERVER_SIDE_ENCRYPTIONS = Set.of("AES256", "aws:kms", "aws:kms:dsse");

    @UriParam
    private final SageMakerAsyncConfiguration configuration;

    private SageMakerAsyncClients clients;
    private ExecutorService streamReaders;

    public SageMakerAsyncEndpoint(String uri, Component component, SageMakerAsyncConfiguration configuration) {
        super(uri, component);
        this.configuration = configuration;
    }

    @Override
    public Producer createProducer() {
        return new SageMakerAsyncProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("sagemaker-async has no consumer yet");
    }

    public SageMakerAsyncConfiguration getConfiguration() {
        return configuration;
    }

    @Override
    protected void doInit() throws Exception {
        super.doInit();
        checkOptions(configuration);
    }

    /** Options are checked when the route starts, so a bad one fails before any message or network call. */
    static void checkOptions(SageMakerAsyncConfiguration options) {
        InvocationConstraints.endpointName(options.getEndpointName(), "endpoint name");
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
        if (!options.isOverrideEndpoint()
                && (options.getUriEndpointOverride() != null || options.getS3UriEndpointOverride() != null)) {
            throw new IllegalArgumentException("option uriEndpointOverride or s3UriEndpointOverride is set but overrideEndpoint "
                    + "is false: set overrideEndpoint=true to use them");
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

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        clients = new SageMakerAsyncClients(configuration);
        streamReaders = getCamelContext().getExecutorServiceManager().newCachedThreadPool(this, "SageMakerAsyncUpload");
    }

    @Override
    protected void doStop() throws Exception {
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

    SageMakerAsyncClients clients() {
        return clients;
    }

    ExecutorService streamReaders() {
        return streamReaders;
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
