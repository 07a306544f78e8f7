package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sagemakerasync.emulator.junit.SageMakerAsyncEmulatorExtension;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.util.VersionInfo;

/**
 * A user's first request: a Camel Main application sends one review inline and waits for the model's answer, from the
 * emulator this project has in test scope, configured with the properties it gives (as any SageMaker-compatible
 * service would be).
 */
class FirstRequestTest {

    @RegisterExtension
    static final SageMakerAsyncEmulatorExtension EMULATOR = new SageMakerAsyncEmulatorExtension();

    @Test
    void oneInlineRequestIsAnswered() throws Exception {
        Main main = new Main();
        EMULATOR.emulator().camelComponentProperties().forEach(main::addOverrideProperty);
        main.start();
        try {
            String answer = main.getCamelContext().createProducerTemplate().requestBody(
                    "sagemaker-async:sentiment?waitForResult=true&contentType=application/json",
                    "{\"text\":\"great and fast\"}", String.class);

            assertTrue(answer.contains("\"label\":\"POSITIVE\""), answer);
            assertEquals(System.getProperty("expected.sdk-version"), VersionInfo.SDK_VERSION);
        } finally {
            main.stop();
        }
    }
}
