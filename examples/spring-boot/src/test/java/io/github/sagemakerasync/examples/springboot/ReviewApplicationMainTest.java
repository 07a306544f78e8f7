package io.github.sagemakerasync.examples.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The one-command run (example.emulator=true): main starts the application on the emulator, the demo runner classifies
 * its reviews, the application ends. A region the application or the machine configures does not stand in its way.
 */
@ExtendWith(OutputCaptureExtension.class)
class ReviewApplicationMainTest {

    @Test
    void mainClassifiesTheDemoReviewsInlineAndThroughS3(CapturedOutput output) {
        ReviewApplication.main(new String[] { "--example.emulator=true", "--server.port=0" });

        assertThat(output).contains("*** LOCAL RUN, NOT AWS (example.emulator=true): using the local emulator",
                "Review of 48 chars (inline): {\"label\":\"POSITIVE\"",
                "Review of 55 chars (inline): {\"label\":\"NEGATIVE\"",
                "Review of 220000 chars (s3): {\"label\":\"POSITIVE\"");
    }

    @Test
    void theLocalRunUsesTheEmulatorWhenTheApplicationNamesARegion(CapturedOutput output) {
        ReviewApplication.main(new String[] { "--example.emulator=true", "--server.port=0",
                "--camel.component.sagemaker-async.region=eu-west-1" });

        assertThat(output).contains("*** LOCAL RUN, NOT AWS (example.emulator=true)",
                "Review of 48 chars (inline): {\"label\":\"POSITIVE\"");
    }
}
