package io.github.sagemakerasync.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.github.sagemakerasync.emulator.junit.SageMakerAsyncEmulatorExtension;
import io.github.sagemakerasync.emulator.model.DigestModel;
import io.github.sagemakerasync.emulator.model.ModelError;
import io.github.sagemakerasync.emulator.model.ModelInput;
import io.github.sagemakerasync.emulator.model.ModelOutput;
import io.github.sagemakerasync.emulator.model.SentimentModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeAsyncClient;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointAsyncResponse;
import software.amazon.awssdk.services.sagemakerruntime.model.ValidationErrorException;

class InvokeEndpointAsyncTest {

    private static final Duration RESULT_TIMEOUT = Duration.ofSeconds(20);
    private static final List<ModelInput> RECORDED = new CopyOnWriteArrayList<>();

    @RegisterExtension
    static final SageMakerAsyncEmulatorExtension EMULATOR = new SageMakerAsyncEmulatorExtension(
            SageMakerAsyncEmulator.builder()
                    .endpoint(endpoint("sentiment").model(new SentimentModel()).build())
                    .endpoint(endpoint("digest").model(new DigestModel()).build())
                    .endpoint(endpoint("recorder").model(input -> {
                        RECORDED.add(new ModelInput(input.endpointName(), input.inferenceId(), input.contentType(),
                                input.accept(), input.customAttributes(), null));
                        return ModelOutput.text("recorded " + input.readBody().length + " bytes");
                    }).build())
                    .endpoint(endpoint("failing").model(input -> {
                        throw new IllegalStateException("model exploded: tensor shape [3] does not match [4]");
                    }).build())
                    .endpoint(AsyncEndpointConfig.builder("no-failure-path")
                            .s3OutputPath("s3://results/no-failure-path/output")
                            .model(input -> {
                                throw new IllegalStateException("model exploded");
                            }).build())
                    .endpoint(endpoint("by-id").outputNaming(OutputNaming.INFERENCE_ID).model(new SentimentModel()).build())
                    .endpoint(endpoint("json-errors").model(input -> {
                        throw new ModelError("the model answered 422", new ModelOutput(
                                "{\"error\":\"text too short\"}".getBytes(StandardCharsets.UTF_8), "application/json"));
                    }).build())
                    .endpoint(endpoint("slow").model(input -> {
                        TimeUnit.SECONDS.sleep(30);
                        return ModelOutput.text("too late");
                    }).build())
                    .bucket("inputs"));

    private static SageMakerRuntimeClient sageMaker;
    private static SageMakerRuntimeAsyncClient sageMakerAsync;
    private static S3Client s3;

    private static AsyncEndpointConfig.Builder endpoint(String name) {
        return AsyncEndpointConfig.builder(name)
                .s3OutputPath("s3://results/" + name + "/output")
                .s3FailurePath("s3://results/" + name + "/failures");
    }

    @BeforeAll
    static void clients() {
        sageMaker = TestClients.sageMaker(EMULATOR.emulator());
        sageMakerAsync = TestClients.sageMakerAsync(EMULATOR.emulator());
        s3 = TestClients.s3(EMULATOR.emulator());
    }

    @AfterAll
    static void closeClients() {
        sageMaker.close();
        sageMakerAsync.close();
        s3.close();
    }

    @Test
    void inlineBodyProducesTheModelsOutputAtTheOutputLocation() throws Exception {
        InvokeEndpointAsyncResponse response = sageMaker.invokeEndpointAsync(r -> r
                .endpointName("sentiment")
                .contentType("application/json")
                .body(SdkBytes.fromUtf8String("{\"text\":\"great service, I love it\"}")));

        assertThat(TestClients.awaitObject(s3, response.outputLocation(), RESULT_TIMEOUT))
                .isEqualTo("{\"label\":\"POSITIVE\",\"score\":1.0,\"positive\":2,\"negative\":0,\"tokens\":5}");
        assertThat(TestClients.exists(s3, response.failureLocation())).isFalse();
    }

    @Test
    void anEndpointWithoutFailurePathReturnsNoFailureLocationAndWritesNoFailure() throws Exception {
        InvokeEndpointAsyncResponse response = sageMaker.invokeEndpointAsync(r -> r
                .endpointName("no-failure-path")
                .body(SdkBytes.fromUtf8String("x")));

        assertThat(response.outputLocation()).startsWith("s3://results/no-failure-path/output/");
        assertThat(response.failureLocation()).isNull();
        assertThat(response.sdkHttpResponse().firstMatchingHeader("X-Amzn-SageMaker-FailureLocation")).isEmpty();
        assertThat(EMULATOR.emulator().awaitIdle(RESULT_TIMEOUT)).isTrue();
        assertThat(EMULATOR.emulator().listObjects("s3://results/no-failure-path/")).isEmpty();
    }

    @Test
    void inputLocationProducesTheModelsOutputAtTheOutputLocation() throws Exception {
        TestClients.put(s3, "s3://inputs/review.txt", "terrible and slow", "text/plain");

        InvokeEndpointAsyncResponse response = sageMaker.invokeEndpointAsync(r -> r
                .endpointName("sentiment")
                .contentType("text/plain")
                .inputLocation("s3://inputs/review.txt"));

        assertThat(TestClients.awaitObject(s3, response.outputLocation(), RESULT_TIMEOUT))
                .isEqualTo("{\"label\":\"NEGATIVE\",\"score\":-1.0,\"positive\":0,\"negative\":2,\"tokens\":3}");
    }

    @Test
    void asyncClientIsServedLikeTheSyncClient() throws Exception {
        InvokeEndpointAsyncResponse response = sageMakerAsync.invokeEndpointAsync(r -> r
                .endpointName("digest")
                .body(SdkBytes.fromUtf8String("abc"))).get(10, TimeUnit.SECONDS);

        assertThat(TestClients.awaitObject(s3, response.outputLocation(), RESULT_TIMEOUT)).isEqualTo(
                "{\"bytes\":3,\"sha256\":\"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\"}");
    }

    @Test
    void largestInlineBodyIsAccepted() throws Exception {
        InvokeEndpointAsyncResponse response = sageMaker.invokeEndpointAsync(r -> r
                .endpointName("digest")
                .body(SdkBytes.fromByteArray(new byte[128_000])));

        assertThat(TestClients.awaitObject(s3, response.outputLocation(), RESULT_TIMEOUT)).startsWith("{\"bytes\":128000,");
    }

    @Test
    void outputIsNamedWithAFreshUuidAndTheFailureWithTheSameUuid() {
        InvokeEndpointAsyncResponse response = sageMaker.invokeEndpointAsync(r -> r
                .endpointName("sentiment")
                .inferenceId("my-inference-1")
                .body(SdkBytes.fromUtf8String("ok")));

        assertThat(response.inferenceId()).isEqualTo("my-inference-1");
        assertThat(response.outputLocation()).matches("s3://results/sentiment/output/[0-9a-f-]{36}\\.out");
        String uuid = response.outputLocation().substring("s3://results/sentiment/output/".length(),
                response.outputLocation().length() - ".out".length());
        assertThat(response.failureLocation()).isEqualTo("s3://results/sentiment/failures/" + uuid + "-error.out");
        assertThat(uuid).isNotEqualTo(response.inferenceId());
    }

    @Test
    void anEndpointNamingByInferenceIdNamesBothObjectsAfterIt() throws Exception {
        InvokeEndpointAsyncResponse named = sageMaker.invokeEndpointAsync(r -> r
                .endpointName("by-id").inferenceId("order-7").body(SdkBytes.fromUtf8String("{\"text\":\"great\"}")));
        InvokeEndpointAsyncResponse generated = sageMaker.invokeEndpointAsync(r -> r
                .endpointName("by-id").s3OutputPathExtension("batch-1").body(SdkBytes.fromUtf8String("{\"text\":\"great\"}")));

        assertThat(named.outputLocation()).isEqualTo("s3://results/by-id/output/order-7.out");
        assertThat(named.failureLocation()).isEqualTo("s3://results/by-id/failures/order-7-error.out");
        assertThat(generated.outputLocation())
                .isEqualTo("s3://results/by-id/output/batch-1/" + generated.inferenceId() + ".out");
        assertThat(TestClients.awaitObject(s3, named.outputLocation(), RESULT_TIMEOUT)).contains("POSITIVE");
    }

    @Test
    void aResultPathTheStorageCannotHoldIsRefusedBeforeItIsAccepted() {
        assertThatThrownBy(() -> sageMaker.invokeEndpointAsync(r -> r.endpointName("sentiment")
                .s3OutputPathExtension("batch/../escape").body(SdkBytes.fromUtf8String("x"))))
                .isInstanceOfSatisfying(ValidationErrorException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .startsWith("The result location s3://results/sentiment/output/batch/../escape/")
                        .endsWith("has an empty, '.' or '..' path segment, which the emulator's storage cannot hold: "
                                + "change S3OutputPathExtension"));
        assertThatThrownBy(() -> sageMaker.invokeEndpointAsync(r -> r.endpointName("by-id")
                .inferenceId("../escape").body(SdkBytes.fromUtf8String("x"))))
                .isInstanceOfSatisfying(ValidationErrorException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .endsWith("change S3OutputPathExtension or the InferenceId (it names the results of by-id)"));
        assertThat(EMULATOR.emulator().unfinishedInvocations()).isZero();
    }

    @Test
    void inferenceIdIsGeneratedWhenNoneIsGiven() {
        InvokeEndpointAsyncResponse first = sageMaker.invokeEndpointAsync(r -> r
                .endpointName("sentiment").body(SdkBytes.fromUtf8String("ok")));
        InvokeEndpointAsyncResponse second = sageMaker.invokeEndpointAsync(r -> r
                .endpointName("sentiment").body(SdkBytes.fromUtf8String("ok")));

        assertThat(first.inferenceId()).matches("[0-9a-f-]{36}").isNotEqualTo(second.inferenceId());
    }

    @Test
    void s3OutputPathExtensionIsAppendedToBothPaths() throws Exception {
        InvokeEndpointAsyncResponse response = sageMaker.invokeEndpointAsync(r -> r
                .endpointName("sentiment")
                .s3OutputPathExtension("tenant-a/2026")
                .body(SdkBytes.fromUtf8String("nice")));

        assertThat(response.outputLocation()).matches("s3://results/sentiment/output/tenant-a/2026/[0-9a-f-]{36}\\.out");
        assertThat(response.failureLocation()).matches("s3://results/sentiment/failures/tenant-a/2026/[0-9a-f-]{36}-error\\.out");
        assertThat(TestClients.awaitObject(s3, response.outputLocation(), RESULT_TIMEOUT)).contains("POSITIVE");
    }

    @Test
    void filenameReplacesTheGeneratedName() throws Exception {
        InvokeEndpointAsyncResponse response = sageMaker.invokeEndpointAsync(r -> r
                .endpointName("sentiment")
                .s3OutputPathExtension("named")
                .filename("review-42.json")
                .body(SdkBytes.fromUtf8String("nice")));

        assertThat(response.outputLocation()).isEqualTo("s3://results/sentiment/output/named/review-42.json");
        assertThat(response.failureLocation()).isEqualTo("s3://results/sentiment/failures/named/review-42.json-error.out");
        assertThat(TestClients.awaitObject(s3, response.outputLocation(), RESULT_TIMEOUT)).contains("POSITIVE");
    }

    @Test
    void requestHeadersReachTheModel() throws Exception {
        InvokeEndpointAsyncResponse response = sageMaker.invokeEndpointAsync(r -> r
                .endpointName("recorder")
                .contentType("text/csv")
                .accept("application/jsonlines")
                .customAttributes("trace=abc-123")
                .inferenceId("recorded-1")
                .body(SdkBytes.fromUtf8String("1,2,3")));

        assertThat(TestClients.awaitObject(s3, response.outputLocation(), RESULT_TIMEOUT)).isEqualTo("recorded 5 bytes");
        assertThat(RECORDED).filteredOn(input -> "recorded-1".equals(input.inferenceId())).singleElement()
                .satisfies(input -> {
                    assertThat(input.endpointName()).isEqualTo("recorder");
                    assertThat(input.contentType()).isEqualTo("text/csv");
                    assertThat(input.accept()).isEqualTo("application/jsonlines");
                    assertThat(input.customAttributes()).isEqualTo("trace=abc-123");
                });
    }

    @Test
    void modelErrorIsWrittenToTheFailureLocation() throws Exception {
        InvokeEndpointAsyncResponse response = sageMaker.invokeEndpointAsync(r -> r
                .endpointName("failing").body(SdkBytes.fromUtf8String("x")));

        assertThat(TestClients.awaitObject(s3, response.failureLocation(), RESULT_TIMEOUT))
                .isEqualTo("model exploded: tensor shape [3] does not match [4]");
        assertThat(TestClients.exists(s3, response.outputLocation())).isFalse();
    }

    @Test
    void aModelsErrorResponseIsTheFailureObjectWithItsContentType() throws Exception {
        InvokeEndpointAsyncResponse response = sageMaker.invokeEndpointAsync(r -> r
                .endpointName("json-errors").body(SdkBytes.fromUtf8String("x")));

        assertThat(TestClients.awaitObject(s3, response.failureLocation(), RESULT_TIMEOUT))
                .isEqualTo("{\"error\":\"text too short\"}");
        S3Location failure = S3Location.parse(response.failureLocation());
        assertThat(s3.headObject(r -> r.bucket(failure.bucket()).key(failure.key())).contentType())
                .isEqualTo("application/json");
    }

    @Test
    void invalidInputForTheDemoModelIsAFailureResult() throws Exception {
        InvokeEndpointAsyncResponse response = sageMaker.invokeEndpointAsync(r -> r
                .endpointName("sentiment").contentType("application/json").body(SdkBytes.fromUtf8String("{not json")));

        assertThat(TestClients.awaitObject(s3, response.failureLocation(), RESULT_TIMEOUT)).startsWith("Invalid JSON input");
    }

    @Test
    void missingInputObjectIsAFailureResultNotAnApiError() throws Exception {
        InvokeEndpointAsyncResponse response = sageMaker.invokeEndpointAsync(r -> r
                .endpointName("sentiment").inputLocation("s3://inputs/does-not-exist.txt"));

        assertThat(TestClients.awaitObject(s3, response.failureLocation(), RESULT_TIMEOUT))
                .isEqualTo("Failed to read the input: the input object s3://inputs/does-not-exist.txt does not exist");
    }

    @Test
    void invocationTimeoutIsEnforced() throws Exception {
        InvokeEndpointAsyncResponse response = sageMaker.invokeEndpointAsync(r -> r
                .endpointName("slow").invocationTimeoutSeconds(1).body(SdkBytes.fromUtf8String("x")));

        assertThat(TestClients.awaitObject(s3, response.failureLocation(), RESULT_TIMEOUT))
                .isEqualTo("Model invocation timed out after 1 seconds (InvocationTimeoutSeconds)");
        assertThat(TestClients.exists(s3, response.outputLocation())).isFalse();
    }

    @Test
    void resultsAreReadableStraightFromStorageWithoutCountingS3Requests() throws Exception {
        InvokeEndpointAsyncResponse response = sageMaker.invokeEndpointAsync(r -> r
                .endpointName("sentiment").s3OutputPathExtension("direct").body(SdkBytes.fromUtf8String("nice")));
        SageMakerAsyncEmulator emulator = EMULATOR.emulator();
        assertThat(emulator.awaitIdle(RESULT_TIMEOUT)).isTrue();
        long s3Requests = emulator.counters().total(Api.S3);

        assertThat(emulator.readObject(response.outputLocation())).hasValueSatisfying(
                bytes -> assertThat(new String(bytes, java.nio.charset.StandardCharsets.UTF_8)).contains("POSITIVE"));
        assertThat(emulator.objectMetadata(response.outputLocation())).hasValueSatisfying(
                head -> assertThat(head.contentType()).isEqualTo("application/json"));
        assertThat(emulator.listObjects("s3://results/sentiment/output/direct/")).containsExactly(response.outputLocation());
        assertThat(emulator.readObject(response.failureLocation())).isEmpty();
        assertThat(emulator.readObject("s3://no-such-bucket/key")).isEmpty();
        assertThat(emulator.objectMetadata("s3://no-such-bucket/key")).isEmpty();
        assertThat(emulator.objectMetadata(response.failureLocation())).isEmpty();
        assertThat(emulator.counters().total(Api.S3)).isEqualTo(s3Requests);
    }
}
