package io.github.sagemakerasync.benchmarks;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.github.sagemakerasync.camel.SageMakerAsyncComponent;
import io.github.sagemakerasync.camel.SageMakerAsyncConfiguration;
import io.github.sagemakerasync.emulator.AsyncEndpointConfig;
import io.github.sagemakerasync.emulator.NotificationConfig;
import io.github.sagemakerasync.emulator.SageMakerAsyncEmulator;
import io.github.sagemakerasync.emulator.model.ModelOutput;
import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.impl.DefaultCamelContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeAsyncClient;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointAsyncResponse;

/**
 * What every benchmark runs against, in this one process: the emulator, the hand-written SDK clients of the baseline
 * (as a user writes them: default Netty clients, static credentials), and Camel contexts with the component configured
 * by its options, as a user configures it.
 *
 * <p>Endpoints of the emulator, one per benchmark so that none sees another's results; each answers at once with the
 * {@link System#nanoTime()} at which the model finished ({@code {"doneAt":...}}), from which a consumer measures the
 * delay from result to delivery (one process, one clock).
 */
final class Bench implements AutoCloseable {

    static final String SUBMIT = "submit";
    static final String DRAIN = "drain";
    static final String STEADY = "steady";
    static final String NOTIFIED = "notified";
    static final String NOTIFIED_QUEUE = "notified-results";
    /** Notification drains: results told by notification, without and with the response in it. */
    static final String BACKLOG_NOTIFIED = "backlog-notified";
    static final String BACKLOG_INCLUDED = "backlog-included";
    static final String INPUTS = "inputs";
    /** Workers per endpoint: the model is never what a benchmark waits for. */
    private static final int WORKERS = 64;
    private static final String TOPIC = "arn:aws:sns:us-east-1:123456789012:bench-results";
    private static final String TOPIC_PREFIX = "arn:aws:sns:us-east-1:123456789012:";

    final SageMakerAsyncEmulator emulator;
    final SageMakerRuntimeAsyncClient sageMaker;
    final S3AsyncClient s3;
    final SqsAsyncClient sqs;

    Bench() throws Exception {
        SageMakerAsyncEmulator.Builder builder = SageMakerAsyncEmulator.builder().bucket(INPUTS)
                .subscribeRaw(TOPIC, NOTIFIED_QUEUE);
        for (String name : List.of(SUBMIT, DRAIN, STEADY)) {
            builder.endpoint(endpoint(name).build());
        }
        builder.endpoint(endpoint(NOTIFIED).notifications(NotificationConfig.of(TOPIC, TOPIC)).build());
        // each backlog endpoint notifies a topic of its own, with its queue (named as the endpoint) subscribed raw
        builder.endpoint(endpoint(BACKLOG_NOTIFIED).notifications(NotificationConfig.of(TOPIC_PREFIX + BACKLOG_NOTIFIED,
                TOPIC_PREFIX + BACKLOG_NOTIFIED)).build()).subscribeRaw(TOPIC_PREFIX + BACKLOG_NOTIFIED, BACKLOG_NOTIFIED);
        builder.endpoint(endpoint(BACKLOG_INCLUDED).notifications(NotificationConfig.of(TOPIC_PREFIX + BACKLOG_INCLUDED,
                TOPIC_PREFIX + BACKLOG_INCLUDED).includingResponseIn(NotificationConfig.IncludeResponseIn.SUCCESS_NOTIFICATION_TOPIC))
                .build()).subscribeRaw(TOPIC_PREFIX + BACKLOG_INCLUDED, BACKLOG_INCLUDED);
        emulator = builder.start();
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(
                AwsBasicCredentials.create(emulator.accessKeyId(), emulator.secretAccessKey()));
        sageMaker = SageMakerRuntimeAsyncClient.builder().endpointOverride(emulator.sageMakerEndpoint())
                .region(Region.of(emulator.region())).credentialsProvider(credentials).build();
        s3 = S3AsyncClient.builder().endpointOverride(emulator.s3Endpoint()).forcePathStyle(true)
                .region(Region.of(emulator.region())).credentialsProvider(credentials).build();
        sqs = SqsAsyncClient.builder().endpointOverride(emulator.sqsEndpoint())
                .region(Region.of(emulator.region())).credentialsProvider(credentials).build();
    }

    private static AsyncEndpointConfig.Builder endpoint(String name) {
        return AsyncEndpointConfig.builder(name)
                .s3OutputPath("s3://" + name + "/output")
                .s3FailurePath("s3://" + name + "/failures")
                .maxConcurrentInvocationsPerInstance(WORKERS)
                .model(input -> {
                    input.readBody();
                    return ModelOutput.json("{\"doneAt\":" + System.nanoTime() + "}");
                });
    }

    /** When the model finished the result in this body ({@code {"doneAt":nanos}}), in System.nanoTime() terms. */
    static long doneAt(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        return Long.parseLong(text.substring(text.indexOf(':') + 1, text.indexOf('}')).trim());
    }

    /** A Camel context with the component configured for the emulator and the routes given, started. */
    CamelContext camel(RoutesSetup routes) throws Exception {
        CamelContext context = new DefaultCamelContext();
        context.setStreamCaching(false);
        context.getRegistry().bind("sagemaker-async", component(emulator.sageMakerEndpoint().toString(),
                emulator.s3Endpoint().toString(), emulator.sqsEndpoint() == null ? null : emulator.sqsEndpoint().toString(),
                emulator.region(), emulator.accessKeyId(), emulator.secretAccessKey()));
        routes.addTo(context);
        context.start();
        return context;
    }

    /** The component configured by its options for an emulator at these addresses, as a user configures it. */
    static SageMakerAsyncComponent component(String sageMakerUri, String s3Uri, String sqsUri, String region,
                                             String accessKey, String secretKey) {
        SageMakerAsyncComponent component = new SageMakerAsyncComponent();
        SageMakerAsyncConfiguration options = component.getConfiguration();
        options.setRegion(region);
        options.setAccessKey(accessKey);
        options.setSecretKey(secretKey);
        options.setOverrideEndpoint(true);
        options.setUriEndpointOverride(sageMakerUri);
        options.setS3UriEndpointOverride(s3Uri);
        options.setSqsUriEndpointOverride(sqsUri);
        options.setForcePathStyle(true);
        return component;
    }

    interface RoutesSetup {
        void addTo(CamelContext context) throws Exception;
    }

    /** Sets the round trip the SageMaker and S3 edges add to every request. */
    void roundTrip(Duration latency) {
        emulator.sageMakerNetwork().latency(latency);
        emulator.s3Network().latency(latency);
    }

    /** Lets the emulator's workers finish every accepted request, and waits for it. */
    void drainEmulator() throws InterruptedException {
        emulator.resumeWorkers();
        if (!emulator.awaitIdle(Duration.ofMinutes(5))) {
            throw new IllegalStateException("the emulator did not finish its queued requests within 5 minutes");
        }
    }

    /** Removes every object under {@code s3://bucket/prefix}, so that the next benchmark starts from nothing. */
    void empty(String bucket, String prefix) {
        s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).subscribe(page -> {
            List<ObjectIdentifier> keys = page.contents().stream().map(S3Object::key)
                    .map(key -> ObjectIdentifier.builder().key(key).build()).toList();
            if (!keys.isEmpty()) {
                s3.deleteObjects(r -> r.bucket(bucket).delete(d -> d.objects(keys))).join();
            }
        }).join();
    }

    /** A raw InvokeEndpointAsync with the payload inline, as hand-written SDK code sends it. */
    CompletableFuture<InvokeEndpointAsyncResponse> invokeInline(String endpoint, byte[] payload) {
        return sageMaker.invokeEndpointAsync(r -> r.endpointName(endpoint).contentType("application/octet-stream")
                .body(SdkBytes.fromByteArrayUnsafe(payload)));
    }

    /**
     * Sends {@code count} messages to {@code uri} through Camel's asynchronous producer API, at most {@code inFlight}
     * at a time, from this one thread: the component's producer never blocks it, so the window is the only limit.
     *
     * @return the failed exchanges
     */
    static int sendAll(CamelContext context, String uri, int count, int inFlight, Supplier<Object> body)
            throws Exception {
        Endpoint endpoint = context.getEndpoint(uri);
        AsyncProducer producer = endpoint.createAsyncProducer();
        producer.start();
        try {
            return windowed(count, inFlight, () -> {
                Exchange exchange = endpoint.createExchange(ExchangePattern.InOut);
                exchange.getMessage().setBody(body.get());
                CompletableFuture<Void> done = new CompletableFuture<>();
                producer.process(exchange, doneSync -> {
                    if (exchange.getException() != null) {
                        done.completeExceptionally(exchange.getException());
                    } else {
                        done.complete(null);
                    }
                });
                return done;
            });
        } finally {
            producer.stop();
        }
    }

    /** The same, with the hand-written SDK call. */
    int invokeAll(String endpoint, int count, int inFlight, byte[] payload) throws InterruptedException {
        return windowed(count, inFlight, () -> invokeInline(endpoint, payload));
    }

    /** Starts {@code count} sends, at most {@code inFlight} unfinished at a time; returns how many failed. */
    private static int windowed(int count, int inFlight, Supplier<CompletableFuture<?>> send) throws InterruptedException {
        Semaphore window = new Semaphore(inFlight);
        CountDownLatch done = new CountDownLatch(count);
        AtomicInteger failed = new AtomicInteger();
        for (int i = 0; i < count; i++) {
            window.acquire();
            send.get().whenComplete((result, error) -> {
                if (error != null) {
                    failed.incrementAndGet();
                }
                window.release();
                done.countDown();
            });
        }
        if (!done.await(10, TimeUnit.MINUTES)) {
            throw new IllegalStateException(count - done.getCount() + " of " + count + " sends completed within 10 minutes");
        }
        return failed.get();
    }

    /** {@code size} bytes that are not all alike. */
    static byte[] payload(int size) {
        byte[] payload = new byte[size];
        for (int i = 0; i < size; i++) {
            payload[i] = (byte) ('a' + i % 26);
        }
        return payload;
    }

    @Override
    public void close() {
        sageMaker.close();
        s3.close();
        sqs.close();
        emulator.close();
    }
}
