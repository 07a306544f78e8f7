package io.github.sagemakerasync.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sagemakerruntime.model.SageMakerRuntimeException;

class EmulatorMainTest {

    @Test
    void demoPrintsWhatTheModelComputedForBothPaths() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (SageMakerAsyncEmulator emulator = SageMakerAsyncEmulator.builder().start();
             PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
            EmulatorMain.printBanner(emulator, out);
            new EmulatorDemo(emulator, out).run();
        }

        String text = printed.toString(StandardCharsets.UTF_8);
        assertThat(text)
                .contains("curl --aws-sigv4 'aws:amz:us-east-1:sagemaker' --user 'emulator:emulator-secret'")
                .contains("model output       {\"label\":\"POSITIVE\",\"score\":1.0,\"positive\":4,\"negative\":0,\"tokens\":11}")
                .contains("model output       {\"label\":\"NEGATIVE\",\"score\":-1.0,\"positive\":0,\"negative\":3,\"tokens\":13}");
    }

    @Test
    void commandLineConfiguresPortsAndEndpoints() throws Exception {
        SageMakerAsyncEmulator.Builder builder = SageMakerAsyncEmulator.builder();
        boolean demo = EmulatorMain.configure(builder, new String[] {
            "--region", "eu-west-1", "--endpoint", "reviews", "--endpoint", "hashes=digest", "--demo"});

        assertThat(demo).isTrue();
        try (SageMakerAsyncEmulator emulator = builder.start()) {
            assertThat(emulator.region()).isEqualTo("eu-west-1");
            assertThat(emulator.endpoints()).extracting(AsyncEndpointConfig::name).containsExactly("reviews", "hashes");
            assertThat(emulator.endpoints().get(1).s3OutputPath()).hasToString("s3://sagemaker-async/hashes/output");
            assertThat(emulator.endpoints()).extracting(AsyncEndpointConfig::outputNaming).containsOnly(OutputNaming.UUID);
        }
    }

    @Test
    void faultRateOptionFaultsEveryApiFromTheStart() throws Exception {
        SageMakerAsyncEmulator.Builder builder = SageMakerAsyncEmulator.builder();
        EmulatorMain.configure(builder, new String[] {"--fault-rate", "1"});

        try (SageMakerAsyncEmulator emulator = builder.start();
             SageMakerRuntimeClient sageMaker = TestClients.sageMakerWithoutRetries(emulator)) {
            assertThatThrownBy(() -> sageMaker.invokeEndpointAsync(r -> r.endpointName("sentiment")
                    .body(SdkBytes.fromUtf8String("x")))).isInstanceOf(SageMakerRuntimeException.class);
            assertThat(emulator.unfinishedInvocations()).isZero();
        }
    }

    @Test
    void outputNamingOptionNamesOutputsAfterTheInferenceId() throws Exception {
        SageMakerAsyncEmulator.Builder builder = SageMakerAsyncEmulator.builder();
        EmulatorMain.configure(builder, new String[] {"--output-naming", "inference-id"});

        try (SageMakerAsyncEmulator emulator = builder.start()) {
            assertThat(emulator.endpoints()).extracting(AsyncEndpointConfig::name, AsyncEndpointConfig::outputNaming)
                    .containsExactly(tuple("sentiment", OutputNaming.INFERENCE_ID));
        }
    }

    @Test
    void notificationsOptionSubscribesAQueueAndTheBannerPrintsItsUrl() throws Exception {
        SageMakerAsyncEmulator.Builder builder = SageMakerAsyncEmulator.builder();
        EmulatorMain.configure(builder, new String[] {"--region", "eu-west-1", "--notifications", "results"});

        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (SageMakerAsyncEmulator emulator = builder.start();
             PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
            EmulatorMain.printBanner(emulator, out);

            NotificationConfig notifications = emulator.endpoints().get(0).notifications();
            assertThat(notifications.successTopic()).isEqualTo("arn:aws:sns:eu-west-1:000000000000:sagemaker-async-results");
            assertThat(emulator.queueUrl("results")).startsWith(emulator.sqsEndpoint().toString());
            assertThat(printed.toString(StandardCharsets.UTF_8)).contains("notification queue     " + emulator.queueUrl("results"));
            assertThat(emulator.camelComponentProperties())
                    .containsEntry("camel.component.sagemaker-async.sqs-uri-endpoint-override", emulator.sqsEndpoint().toString());
        }
    }

    @Test
    void camelComponentPropertiesPointTheComponentAtThisEmulator() throws Exception {
        try (SageMakerAsyncEmulator emulator = SageMakerAsyncEmulator.builder().region("eu-west-1").start()) {
            assertThat(emulator.camelComponentProperties())
                    .containsEntry("camel.component.sagemaker-async.region", "eu-west-1")
                    .containsEntry("camel.component.sagemaker-async.access-key", emulator.accessKeyId())
                    .containsEntry("camel.component.sagemaker-async.secret-key", emulator.secretAccessKey())
                    .containsEntry("camel.component.sagemaker-async.override-endpoint", "true")
                    .containsEntry("camel.component.sagemaker-async.uri-endpoint-override", emulator.sageMakerEndpoint().toString())
                    .containsEntry("camel.component.sagemaker-async.s3-uri-endpoint-override", emulator.s3Endpoint().toString())
                    .containsEntry("camel.component.sagemaker-async.force-path-style", "true")
                    .hasSize(7);
        }
    }

    @Test
    void badCommandLineIsExplained() {
        assertThatThrownBy(() -> EmulatorMain.configure(SageMakerAsyncEmulator.builder(), new String[] {"--s3-port", "x"}))
                .hasMessage("--s3-port must be a number, was 'x'");
        assertThatThrownBy(() -> EmulatorMain.configure(SageMakerAsyncEmulator.builder(), new String[] {"--region"}))
                .hasMessage("--region needs a value");
        assertThatThrownBy(() -> EmulatorMain.configure(SageMakerAsyncEmulator.builder(), new String[] {"--endpoint", "a=b"}))
                .hasMessage("--endpoint a=b: the model must be sentiment, digest or an http:// container address");
        assertThatThrownBy(() -> EmulatorMain.configure(SageMakerAsyncEmulator.builder(),
                new String[] {"--output-naming", "random"}))
                .hasMessage("--output-naming must be uuid or inference-id, was random");
        assertThatThrownBy(() -> EmulatorMain.configure(SageMakerAsyncEmulator.builder(), new String[] {"--fault-rate", "10%"}))
                .hasMessage("--fault-rate must be a fraction between 0 and 1, was '10%'");
        assertThatThrownBy(() -> EmulatorMain.configure(SageMakerAsyncEmulator.builder(), new String[] {"--verbose"}))
                .hasMessage("Unknown option: --verbose");
    }
}
