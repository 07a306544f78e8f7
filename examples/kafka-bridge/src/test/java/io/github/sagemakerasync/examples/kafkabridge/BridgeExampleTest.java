package io.github.sagemakerasync.examples.kafkabridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** The one-command demo, as the local run runs it: its own broker, the emulator, the bridge and the demo client. */
class BridgeExampleTest {

    @Test
    void theDemoGetsAnAnswerToEveryRequest() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        boolean allAnswered = LocalBridgeExample.run(8, new PrintStream(printed, true, StandardCharsets.UTF_8));

        String text = printed.toString(StandardCharsets.UTF_8);
        assertThat(allAnswered).as(text).isTrue();
        assertThat(text).contains("using an in-process broker", "*** LOCAL RUN, NOT AWS (example.emulator=true): using the local emulator",
                "<- inference-failures review-5 (sent inline", "<- inference-results review-7 (sent s3",
                "8 answers to 8 requests, 8 distinct keys");
    }
}
