package io.github.sagemakerasync.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A local run starts the emulator when asked, whatever AWS settings the machine has, and says loudly that it runs. */
class LocalRunTest {

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    @AfterEach
    void clear() {
        System.clearProperty("aws.region");
    }

    @Test
    void theEmulatorStartsAndSaysItIsNotAwsEvenWithARegionConfigured() throws Exception {
        System.setProperty("aws.region", "eu-west-1");

        try (SageMakerAsyncEmulator emulator = LocalRun.start(SageMakerAsyncEmulator.builder(), "example.emulator=true",
                out)) {
            assertThat(printed.toString(StandardCharsets.UTF_8)).isEqualTo("*** LOCAL RUN, NOT AWS (example.emulator=true): "
                    + "using the local emulator (SageMaker " + emulator.sageMakerEndpoint() + ", S3 "
                    + emulator.s3Endpoint() + "); the AWS settings of this machine are not used ***" + System.lineSeparator());
            assertThat(emulator.camelComponentProperties())
                    .containsEntry("camel.component.sagemaker-async.region", "us-east-1")
                    .containsEntry("camel.component.sagemaker-async.access-key", "emulator");
        }
    }
}
