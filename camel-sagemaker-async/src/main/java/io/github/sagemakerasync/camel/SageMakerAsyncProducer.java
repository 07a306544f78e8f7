package io.github.sagemakerasync.camel;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;

import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.WritableHealthCheckRepository;
import org.apache.camel.support.DefaultAsyncProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointAsyncRequest;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointAsyncResponse;

/**
 * Sends each message to InvokeEndpointAsync without blocking the route: parameters are resolved and checked, the
 * payload routed inline or to S3 (uploaded first), then the endpoint invoked; the result lands in headers. When the
 * invocation fails after an upload, the uploaded input is deleted (unless keepInputOnFailure). AWS errors reach the
 * exchange as the SDK's exceptions, with their error code and request id. Each accepted request is recorded in the
 * correlation store; with waitForResult the exchange is then handed to the endpoint's result watcher.
 */
public class SageMakerAsyncProducer extends DefaultAsyncProducer {

    private static final Logger LOG = LoggerFactory.getLogger(SageMakerAsyncProducer.class);

    private final SageMakerAsyncConfiguration options;
    private PayloadRouter router;
    private S3InputUploader uploader;
    /** Option correlationHeaders, split once. */
    private List<String> correlationHeaders;
    /** Option inputLocation, parsed once. */
    private S3Uri inputPrefix;
    private WritableHealthCheckRepository healthChecks;
    private SageMakerAsyncProducerHealthCheck healthCheck;
    /** Null unless maxPendingInvocations. */
    private PendingInvocationsBound bound;
    private ScheduledExecutorService boundTimer;

    public SageMakerAsyncProducer(SageMakerAsyncEndpoint endpoint) {
        super(endpoint);
        this.options = endpoint.getConfiguration();
    }

    @Override
    public SageMakerAsyncEndpoint getEndpoint() {
        return (SageMakerAsyncEndpoint) super.getEndpoint();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        router = new PayloadRouter(options.getPayloadMode(), options.getInlineThreshold(), getEndpoint().streamReaders());
        uploader = new S3InputUploader(getEndpoint().clients().s3(), options, getEndpoint().background());
        correlationHeaders = options.getCorrelationHeaders() == null ? List.of()
                : Arrays.stream(options.getCorrelationHeaders().split(",")).map(String::trim).filter(name -> !name.isEmpty())
                        .toList();
        inputPrefix = options.getInputLocation() == null ? null : S3Uri.parse(options.getInputLocation(), "option inputLocation");
        // health checks are optional: camel-health present and producer checks enabled
        healthChecks = HealthCheckHelper.getHealthCheckRepository(getEndpoint().getCamelContext(), "producers",
                WritableHealthCheckRepository.class);
        if (healthChecks != null) {
            healthCheck = new SageMakerAsyncProducerHealthCheck(getEndpoint().statistics(), getEndpoint().getId());
            healthCheck.setEnabled(getEndpoint().getComponent().isHealthCheckProducerEnabled());
            healthChecks.addHealthCheck(healthCheck);
        }
        if (options.getMaxPendingInvocations() > 0) {
            boundTimer = getEndpoint().getCamelContext().getExecutorServiceManager()
                    .newSingleThreadScheduledExecutor(this, "SageMakerAsyncPendingBound");
            bound = new PendingInvocationsBound(options, getEndpoint()::correlationStore, boundTimer);
        }
        getEndpoint().getComponent().producerStarted(this);
    }

    @Override
    protected void doStop() throws Exception {
        getEndpoint().getComponent().producerStopped(this);
        if (bound != null) {
            bound.stop();
            bound = null;
            getEndpoint().getCamelContext().getExecutorServiceManager().shutdownNow(boundTimer);
            boundTimer = null;
        }
        if (healthChecks != null && healthCheck != null) {
            healthChecks.removeHealthCheck(healthCheck);
            healthCheck = null;
        }
        super.doStop();
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        PendingInvocationsBound bound = this.bound;
        Prepared prepared;
        Map<String, String> carried;
        try {
            carried = carriedHeaders(exchange.getMessage());
            prepared = prepare(exchange);
            if (bound != null && !getEndpoint().recordsCorrelations()) {
                throw new IllegalStateException("Option maxPendingInvocations counts the requests recorded in the "
                        + "correlation store, and endpoint " + options.getEndpointName() + " records none: add a consumer "
                        + "route of the endpoint to this CamelContext, or set a correlationStore");
            }
        } catch (Exception e) {
            getEndpoint().statistics().invocation(null, EndpointStatistics.Outcome.refused, 0);
            exchange.setException(e);
            callback.done(true);
            return true;
        }
        if (bound == null) {
            sendAndRecord(exchange, callback, prepared, carried, () -> { });
            return false;
        }
        return bound.admit(exchange, callback, (place, waited) -> {
            Prepared ready = prepared;
            if (waited) {
                // a deadline's TTL shrank (or passed) while the message waited: resolve the parameters again
                try {
                    ready = prepared.resolvedAgain(options, inputPrefix, exchange);
                } catch (Exception e) {
                    bound.release(place);
                    getEndpoint().statistics().invocation(null, EndpointStatistics.Outcome.refused, 0);
                    exchange.setException(e);
                    callback.done(false);
                    return;
                }
            }
            sendAndRecord(exchange, callback, ready, carried, () -> bound.release(place));
        });
    }

    /**
     * Sends, then records the accepted request; then, recorded or failed, runs {@code releasePlace} (gives back its
     * place under maxPendingInvocations).
     */
    private void sendAndRecord(Exchange exchange, AsyncCallback callback, Prepared prepared, Map<String, String> carried,
                               Runnable releasePlace) {
        EndpointStatistics statistics = getEndpoint().statistics();
        send(prepared).whenComplete((result, error) -> {
            boolean handedOver = false;
            try {
                if (error != null) {
                    Throwable cause = Failures.cause(error);
                    if (cause instanceof SdkException) {
                        statistics.awsError(cause);
                    }
                    statistics.invocation(prepared.payload().mode(), EndpointStatistics.Outcome.failed, 0);
                    exchange.setException(cause);
                } else {
                    statistics.awsError(null);
                    statistics.invocation(prepared.payload().mode(), EndpointStatistics.Outcome.accepted,
                            prepared.payload().bytesSent());
                    result.writeTo(exchange.getMessage());
                    boolean recorded = getEndpoint().recordsCorrelations();
                    if (recorded || options.isWaitForResult()) {
                        Correlation correlation = result.correlation(carried, prepared.traceContext());
                        if (recorded) {
                            record(correlation);
                        }
                        if (options.isWaitForResult()) {
                            getEndpoint().awaitedResults().await(correlation, exchange, callback);
                            handedOver = true;
                        }
                    }
                }
            } catch (RuntimeException e) {
                exchange.setException(e);
            } finally {
                // after the correlation is recorded: the request is counted by one or the other throughout
                releasePlace.run();
                if (!handedOver) {
                    callback.done(false);
                }
            }
        });
    }

    /**
     * Records an accepted request until its result is delivered; called only where something can deliver it (see
     * recordsCorrelations). Two pending requests with one output location (the same Filename, or an InferenceId that
     * names the output) write one object: the later result overwrites the earlier, and only the later request's
     * correlation is kept. It is too late to refuse (SageMaker has queued it), so this is logged for the user to fix.
     */
    private void record(Correlation correlation) {
        CorrelationStore store = getEndpoint().correlationStore();
        store.find(correlation.outputLocation()).ifPresent(pending -> LOG.warn("Inference {} writes its result to {}, "
                + "where inference {} still pending writes too: one result overwrites the other. Give each pending "
                + "request its own InferenceId and Filename.", correlation.inferenceId(), correlation.outputLocation(),
                pending.inferenceId()));
        store.put(correlation);
    }

    /**
     * The W3C trace headers Camel's tracing set on the exchange for this producer's span, kept with the correlation so
     * that the result's route continues the trace; empty when the exchange is not traced.
     */
    private static Map<String, String> traceContext(Message message) {
        String parent = message.getHeader(SageMakerAsyncConstants.TRACEPARENT, String.class);
        if (parent == null) {
            return Map.of();
        }
        String state = message.getHeader(SageMakerAsyncConstants.TRACESTATE, String.class);
        return state == null || state.isEmpty() ? Map.of(SageMakerAsyncConstants.TRACEPARENT, parent)
                : Map.of(SageMakerAsyncConstants.TRACEPARENT, parent, SageMakerAsyncConstants.TRACESTATE, state);
    }

    /** The request headers named by correlationHeaders, as strings, to travel with the result. */
    private Map<String, String> carriedHeaders(Message message) {
        if (correlationHeaders.isEmpty()) {
            return Map.of();
        }
        Map<String, String> carried = new LinkedHashMap<>();
        for (String header : correlationHeaders) {
            String value = message.getHeader(header, String.class);
            if (value != null) {
                carried.put(header, value);
            }
        }
        return carried;
    }

    /** Everything that can be decided locally is decided here, before any network call. */
    private Prepared prepare(Exchange exchange) throws Exception {
        InvocationParameters parameters = InvocationParameters.resolve(options, inputPrefix, exchange, Instant.now());
        Payload payload = router.route(exchange, parameters.inputObject(), parameters.inputPrefix());
        return new Prepared(parameters, request(options, parameters), payload, traceContext(exchange.getMessage()));
    }

    /** The calls: the upload when the payload goes through S3, then the invocation. */
    private CompletableFuture<Sent> send(Prepared prepared) {
        Payload payload = prepared.payload();
        InvokeEndpointAsyncRequest.Builder request = prepared.request();
        if (payload instanceof Payload.Inline inline) {
            if (LOG.isTraceEnabled()) {
                LOG.trace("Invoking {} with {} bytes inline", options.getEndpointName(), inline.size());
            }
            return invoke(request.body(inline.bytes()).build(), prepared)
                    .thenApply(response -> new Sent(response, payload, null));
        }
        if (payload instanceof Payload.InS3 input) {
            return invoke(request.inputLocation(input.location()).build(), prepared)
                    .thenApply(response -> new Sent(response, payload, null));
        }
        Payload.ThroughS3 upload = (Payload.ThroughS3) payload;
        long started = System.nanoTime();
        S3Uri prefix = prepared.parameters().inputPrefix();
        CallSpans.Call uploading = getEndpoint().callSpans().begin("S3 upload", prepared.traceContext(),
                prefix == null ? Map.of() : Map.of("aws.s3.bucket", prefix.bucket()));
        return uploader.upload(upload, prefix, prepared.parameters().contentType())
                .whenComplete((uploaded, error) -> uploading.end(error))
                .thenCompose(uploaded -> {
                    getEndpoint().statistics().upload(System.nanoTime() - started);
                    return invokeWith(prepared, upload, uploaded);
                });
    }

    /** Invokes with an input this producer uploaded; if the invocation fails, the input is removed first. */
    private CompletableFuture<Sent> invokeWith(Prepared prepared, Payload upload, S3Uri uploaded) {
        LOG.trace("Invoking {} with input {}", options.getEndpointName(), uploaded);
        return invoke(prepared.request().inputLocation(uploaded.toString()).build(), prepared)
                .thenApply(response -> new Sent(response, upload, uploaded))
                .exceptionallyCompose(error -> {
                    CompletableFuture<Void> cleanedUp = options.isKeepInputOnFailure()
                            ? CompletableFuture.completedFuture(null) : uploader.delete(uploaded);
                    return cleanedUp.thenCompose(ignored -> CompletableFuture.failedFuture(Failures.cause(error)));
                });
    }

    /** The call, a client span of the exchange's when it is traced. */
    private CompletableFuture<InvokeEndpointAsyncResponse> invoke(InvokeEndpointAsyncRequest request, Prepared prepared) {
        CallSpans.Call call = getEndpoint().callSpans().begin("SageMakerRuntime.InvokeEndpointAsync",
                prepared.traceContext(), Map.of("rpc.service", "SageMakerRuntime", "rpc.method", "InvokeEndpointAsync",
                        SageMakerAsyncSpanDecorator.ENDPOINT_NAME, options.getEndpointName()));
        try {
            return getEndpoint().clients().sageMaker().invokeEndpointAsync(request)
                    .whenComplete((response, error) -> call.end(error));
        } catch (RuntimeException e) {
            call.end(e);
            return CompletableFuture.failedFuture(e);
        }
    }

    private static InvokeEndpointAsyncRequest.Builder request(SageMakerAsyncConfiguration options,
                                                              InvocationParameters parameters) {
        return InvokeEndpointAsyncRequest.builder()
                .endpointName(options.getEndpointName())
                .contentType(parameters.contentType())
                .accept(parameters.accept())
                .customAttributes(parameters.customAttributes())
                .inferenceId(parameters.inferenceId())
                .requestTTLSeconds(parameters.requestTtlSeconds())
                .invocationTimeoutSeconds(parameters.invocationTimeoutSeconds())
                .s3OutputPathExtension(parameters.s3OutputPathExtension())
                .filename(parameters.filename());
    }

    /**
     * A message made ready to send: its parameters, the request without payload, the payload, and the W3C trace
     * context Camel's tracing gave it (empty when not traced).
     */
    private record Prepared(InvocationParameters parameters, InvokeEndpointAsyncRequest.Builder request, Payload payload,
                            Map<String, String> traceContext) {

        /** The parameters resolved now, the payload kept: for a message that waited for a place. */
        Prepared resolvedAgain(SageMakerAsyncConfiguration options, S3Uri inputPrefix, Exchange exchange) throws Exception {
            InvocationParameters now = InvocationParameters.resolve(options, inputPrefix, exchange, Instant.now());
            return new Prepared(now, SageMakerAsyncProducer.request(options, now), payload, traceContext);
        }
    }

    /** What an accepted invocation tells the route. */
    private record Sent(InvokeEndpointAsyncResponse response, Payload payload, S3Uri uploadedInput) {

        Correlation correlation(Map<String, String> carriedHeaders, Map<String, String> traceContext) {
            return new Correlation(response.inferenceId(), response.outputLocation(), response.failureLocation(), payload.mode(),
                    uploadedInput == null ? null : uploadedInput.toString(), carriedHeaders, Instant.now(), traceContext);
        }

        void writeTo(Message message) {
            message.setHeader(SageMakerAsyncConstants.INFERENCE_ID, response.inferenceId());
            message.setHeader(SageMakerAsyncConstants.OUTPUT_LOCATION, response.outputLocation());
            if (response.failureLocation() != null) {
                message.setHeader(SageMakerAsyncConstants.FAILURE_LOCATION, response.failureLocation());
            } else {
                message.removeHeader(SageMakerAsyncConstants.FAILURE_LOCATION);
            }
            message.setHeader(SageMakerAsyncConstants.PAYLOAD_MODE, payload.mode().name());
            if (uploadedInput != null) {
                message.setHeader(SageMakerAsyncConstants.UPLOADED_INPUT, uploadedInput.toString());
            } else {
                message.removeHeader(SageMakerAsyncConstants.UPLOADED_INPUT);
            }
        }
    }
}
