package io.github.sagemakerasync.examples.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** The one-command run: main starts the application, the demo runner classifies its reviews, the application ends. */
@ExtendWith(OutputCaptureExtension.class)
class ReviewApplicationMainTest {

    @Test
    void mainClassifiesTheDemoReviewsInlineAndThroughS3(CapturedOutput output) {
        ReviewApplication.main(new String[0]);

        assertThat(output).contains("No AWS region configured: using the local emulator",
                "Review of 48 chars (inline): {\"label\":\"POSITIVE\"",
                "Review of 55 chars (inline): {\"label\":\"NEGATIVE\"",
                "Review of 220000 chars (s3): {\"label\":\"POSITIVE\"");
    }
}
