package io.github.sagemakerasync.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A local run starts the emulator only when no AWS region is configured, and says so loudly. */
class LocalRunTest {

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    @BeforeEach
    void noRegionAnywhere() {
        assumeTrue(System.getenv("AWS_REGION") == null, "AWS_REGION is set in this environment");
        // a profile file with no region, so the machine's own ~/.aws/config plays no part
        System.setProperty("aws.configFile", "target/no-such-aws-config");
        System.clearProperty("aws.region");
    }

    @AfterEach
    void clear() {
        System.clearProperty("aws.configFile");
        System.clearProperty("aws.region");
    }

    @Test
    void withNoRegionTheEmulatorStartsAndSaysItIsNotAws() throws Exception {
        try (SageMakerAsyncEmulator emulator = LocalRun.start(SageMakerAsyncEmulator.builder(), "example.emulator=true",
                null, out)) {
            assertThat(printed.toString(StandardCharsets.UTF_8)).isEqualTo("*** LOCAL RUN, NOT AWS (example.emulator=true): "
                    + "using the local emulator (SageMaker " + emulator.sageMakerEndpoint() + ", S3 "
                    + emulator.s3Endpoint() + ") ***" + System.lineSeparator());
        }
    }

    @Test
    void theComponentsRegionRefusesTheEmulator() {
        assertThatThrownBy(() -> LocalRun.start(SageMakerAsyncEmulator.builder(), "example.emulator=true", "eu-west-1", out))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("example.emulator=true asks for the local SageMaker emulator, but AWS region eu-west-1 "
                        + "(camel.component.sagemaker-async.region) is configured: this run is meant for AWS, so no "
                        + "emulator starts. Unset the region to run locally, or drop example.emulator=true to use AWS.");
        assertThat(printed.size()).isZero();
    }

    @Test
    void theSdksRegionSettingRefusesTheEmulator() {
        System.setProperty("aws.region", "us-east-2");

        assertThat(LocalRun.configuredAwsRegion(null)).contains(
                "us-east-2 (the AWS SDK's region settings: aws.region, AWS_REGION or the profile file)");
        assertThatThrownBy(() -> LocalRun.start(SageMakerAsyncEmulator.builder(), "example.emulator=true", null, out))
                .hasMessageContaining("but AWS region us-east-2 (the AWS SDK's region settings");
    }
}
