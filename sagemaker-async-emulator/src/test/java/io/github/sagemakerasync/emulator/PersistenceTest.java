package io.github.sagemakerasync.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
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
}
