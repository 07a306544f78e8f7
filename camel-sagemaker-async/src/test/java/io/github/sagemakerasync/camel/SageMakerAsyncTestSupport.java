package io.github.sagemakerasync.camel;

import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.github.sagemakerasync.emulator.AsyncEndpointConfig;
import io.github.sagemakerasync.emulator.OutputNaming;
import io.github.sagemakerasync.emulator.SageMakerAsyncEmulator;
import io.github.sagemakerasync.emulator.junit.SageMakerAsyncEmulatorExtension;
import io.github.sagemakerasync.emulator.model.DigestModel;
import io.github.sagemakerasync.emulator.model.InferenceModel;
import io.github.sagemakerasync.emulator.model.ModelError;
import io.github.sagemakerasync.emulator.model.ModelInput;
import io.github.sagemakerasync.emulator.model.ModelOutput;
import io.github.sagemakerasync.emulator.model.SentimentModel;
import org.apache.camel.CamelContext;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Tests against the real emulator: SageMaker's API and S3 on 127.0.0.1, with the component configured through its
 * options as a user would configure it. Endpoints: {@code digest} (answers the payload's size and SHA-256, so a
 * test can check every byte arrived), {@code sentiment}, {@code recorder} (keeps what the model received),
 * {@code slow} (sleeps 30 s), {@code no-failure-path} (sentiment, with no S3FailurePath) and {@code by-id} (sentiment,
 * results named after the InferenceId, model errors for the payloads {@code json-error} and {@code binary-error}). Uploads go to {@code s3://inputs/}.
 *
 * <p>One CamelContext serves a whole test class: stopping an endpoint closes its SDK clients, which takes the Netty
 * event loop's 2 s graceful shutdown.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SageMakerAsyncTestSupport extends CamelTestSupport {

    static final Duration RESULT_TIMEOUT = Duration.ofSeconds(30);
    static final String INPUTS = "s3://inputs/payloads";
    static final List<ModelInput> RECORDED = new CopyOnWriteArrayList<>();
    static final MovableClock CLOCK = new MovableClock();

    @RegisterExtension
    static final SageMakerAsyncEmulatorExtension EMULATOR = new SageMakerAsyncEmulatorExtension(SageMakerAsyncEmulator.builder()
            .clock(CLOCK)
            .endpoint(endpoint("digest", new DigestModel()))
            .endpoint(endpoint("sentiment", new SentimentModel()))
            .endpoint(endpoint("recorder", input -> {
                byte[] body = input.readBody();
                RECORDED.add(new ModelInput(input.endpointName(), input.inferenceId(), input.contentType(),
                        input.accept(), input.customAttributes(), null));
                return ModelOutput.text("recorded " + body.length + " bytes");
            }))
            // answers the request's bytes with the request's content type
            .endpoint(endpoint("echo", input -> new ModelOutput(input.readBody(), input.contentType())))
            .endpoint(endpoint("slow", input -> {
                TimeUnit.SECONDS.sleep(30);
                return ModelOutput.text("too late");
            }))
            // as an AWS endpoint with no S3FailurePath: no FailureLocation, failures are written nowhere
            .endpoint(AsyncEndpointConfig.builder("no-failure-path")
                    .s3OutputPath("s3://results/no-failure-path/output")
                    .model(new SentimentModel())
                    .build())
            // names results after the InferenceId, as the 2026 API reference can be read; answers model errors as a
            // model server does, with its own body and content type
            .endpoint(AsyncEndpointConfig.builder("by-id")
                    .s3OutputPath("s3://results/by-id/output")
                    .s3FailurePath("s3://results/by-id/failures")
                    .outputNaming(OutputNaming.INFERENCE_ID)
                    .model(SageMakerAsyncTestSupport::sentimentOrModelError)
                    .build())
            .bucket("inputs")
            .bucket("archive"));

    /** The error body the by-id endpoint answers for the payload {@code binary-error}: not text in any charset. */
    static final byte[] BINARY_MODEL_ERROR = {(byte) 0x80, 0, (byte) 0xff, 0x13, (byte) 0xc3, 0x28};

    private static ModelOutput sentimentOrModelError(ModelInput input) throws Exception {
        byte[] body = input.readBody();
        String text = new String(body, StandardCharsets.UTF_8);
        if (text.equals("json-error")) {
            throw new ModelError("Received client error (422) from primary", new ModelOutput(
                    "{\"error\":\"unsupported language\",\"code\":422}".getBytes(StandardCharsets.UTF_8), "application/json"));
        }
        if (text.equals("binary-error")) {
            throw new ModelError("Received server error (500) from primary",
                    new ModelOutput(BINARY_MODEL_ERROR, "application/octet-stream"));
        }
        return new SentimentModel().invoke(new ModelInput(input.endpointName(), input.inferenceId(), input.contentType(),
                input.accept(), input.customAttributes(), new ByteArrayInputStream(body)));
    }

    private static AsyncEndpointConfig endpoint(String name, InferenceModel model) {
        return AsyncEndpointConfig.builder(name)
                .s3OutputPath("s3://results/" + name + "/output")
                .s3FailurePath("s3://results/" + name + "/failures")
                .model(model)
                .build();
    }

    static SageMakerAsyncEmulator emulator() {
        return EMULATOR.emulator();
    }

    @BeforeEach
    void resetEmulator() throws InterruptedException {
        emulator().awaitIdle(RESULT_TIMEOUT);
        emulator().sageMakerNetwork().reset();
        emulator().s3Network().reset();
        emulator().counters().reset();
        RECORDED.clear();
        CLOCK.reset();
        MockEndpoint.resetMocks(context);
    }

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        // Camel caches stream bodies by default, in memory: off, so the producer's own streaming is what is tested
        context.setStreamCaching(false);
        // a bean, as in Spring: Camel drops the components it created itself when the context stops
        context.getRegistry().bind("sagemaker-async", componentFor(emulator()));
        return context;
    }

    /** A component configured for the emulator, as a user configures it for any compatible service. */
    static SageMakerAsyncComponent componentFor(SageMakerAsyncEmulator emulator) {
        SageMakerAsyncComponent component = new SageMakerAsyncComponent();
        configure(component.getConfiguration(), emulator);
        return component;
    }

    /** The component's options for the emulator, as a user sets them for any S3-compatible service. */
    static void configure(SageMakerAsyncConfiguration options, SageMakerAsyncEmulator emulator) {
        options.setRegion(emulator.region());
        options.setAccessKey(emulator.accessKeyId());
        options.setSecretKey(emulator.secretAccessKey());
        options.setOverrideEndpoint(true);
        options.setUriEndpointOverride(emulator.sageMakerEndpoint().toString());
        options.setS3UriEndpointOverride(emulator.s3Endpoint().toString());
        if (emulator.sqsEndpoint() != null) {
            options.setSqsUriEndpointOverride(emulator.sqsEndpoint().toString());
        }
        options.setForcePathStyle(true);
    }

    /** A plain S3 client of the emulator, for a test to put, read or list objects itself; the caller closes it. */
    static S3Client plainS3Client() {
        return plainS3Client(emulator());
    }

    static S3Client plainS3Client(SageMakerAsyncEmulator emulator) {
        return S3Client.builder()
                .endpointOverride(emulator.s3Endpoint()).forcePathStyle(true)
                .region(Region.of(emulator.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(emulator.accessKeyId(), emulator.secretAccessKey())))
                .build();
    }


    /**
     * Waits up to RESULT_TIMEOUT for the mock's expectations. (MockEndpoint.assertIsSatisfied(long) takes the wait for
     * endpoints that expect nothing; the others wait resultWaitTime, 10 s when unset.)
     */
    static void assertSatisfiedWithin(MockEndpoint mock) throws InterruptedException {
        mock.setResultWaitTime(RESULT_TIMEOUT.toMillis());
        mock.assertIsSatisfied();
    }

    static String awaitResult(String location) {
        return await().atMost(RESULT_TIMEOUT).until(() -> emulator().readObject(location), o -> o.isPresent())
                .map(bytes -> new String(bytes, StandardCharsets.UTF_8)).orElseThrow();
    }

    /** What the digest model answers for this payload. */
    static String digestOf(byte[] payload) throws Exception {
        byte[] sha256 = MessageDigest.getInstance("SHA-256").digest(payload);
        return "{\"bytes\":" + payload.length + ",\"sha256\":\"" + HexFormat.of().formatHex(sha256) + "\"}";
    }

    static byte[] payload(int size) {
        byte[] payload = new byte[size];
        for (int i = 0; i < size; i++) {
            payload[i] = (byte) (i * 31 + (i >> 8));
        }
        return payload;
    }

    /** The system clock plus an offset a test moves forward, to age queued requests past their TTL. */
    static final class MovableClock extends Clock {
        private volatile Duration offset = Duration.ZERO;

        void advance(Duration duration) {
            offset = offset.plus(duration);
        }

        void reset() {
            offset = Duration.ZERO;
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }
}
