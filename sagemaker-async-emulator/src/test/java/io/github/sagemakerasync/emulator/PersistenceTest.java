package io.github.sagemakerasync.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;

class PersistenceTest {

    @Test
    void resultsInADataDirectorySurviveARestart(@TempDir Path data) throws Exception {
        String outputLocation;
        try (SageMakerAsyncEmulator emulator = SageMakerAsyncEmulator.builder().dataDirectory(data).start();
             SageMakerRuntimeClient sageMaker = TestClients.sageMaker(emulator);
             S3Client s3 = TestClients.s3(emulator)) {
            outputLocation = sageMaker.invokeEndpointAsync(r -> r.endpointName("sentiment")
                    .body(SdkBytes.fromUtf8String("excellent"))).outputLocation();
            TestClients.awaitObject(s3, outputLocation, Duration.ofSeconds(20));
        }

        try (SageMakerAsyncEmulator restarted = SageMakerAsyncEmulator.builder().dataDirectory(data).start();
             S3Client s3 = TestClients.s3(restarted)) {
            assertThat(TestClients.awaitObject(s3, outputLocation, Duration.ZERO)).contains("POSITIVE");
        }
    }

    @Test
    void theAcceptanceLogListsEveryAcceptedInvocationAcrossRestarts(@TempDir Path data) throws Exception {
        try (SageMakerAsyncEmulator emulator = SageMakerAsyncEmulator.builder().dataDirectory(data).start();
             SageMakerRuntimeClient sageMaker = TestClients.sageMaker(emulator)) {
            sageMaker.invokeEndpointAsync(r -> r.endpointName("sentiment").inferenceId("first")
                    .body(SdkBytes.fromUtf8String("excellent")));
            sageMaker.invokeEndpointAsync(r -> r.endpointName("sentiment").inferenceId("twice")
                    .body(SdkBytes.fromUtf8String("excellent")));
        }
        try (SageMakerAsyncEmulator restarted = SageMakerAsyncEmulator.builder().dataDirectory(data).start();
             SageMakerRuntimeClient sageMaker = TestClients.sageMaker(restarted)) {
            sageMaker.invokeEndpointAsync(r -> r.endpointName("sentiment").inferenceId("twice")
                    .body(SdkBytes.fromUtf8String("excellent")));
            // refused: not accepted, not listed
            assertThatThrownBy(() -> sageMaker.invokeEndpointAsync(r -> r.endpointName("sentiment").inferenceId("refused")))
                    .isInstanceOf(SdkException.class);
        }

        assertThat(Files.readAllLines(data.resolve("accepted").resolve("sentiment.log")))
                .containsExactly("first", "twice", "twice");
    }
}
