package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.util.VersionInfo;

/**
 * A user's first request: a Camel Main application sends one review inline and waits for the model's answer. The
 * component's properties (camel.component.sagemaker-async.*) come as system properties, pointing it at a
 * SageMaker-compatible service.
 */
class FirstRequestTest {

    @Test
    void oneInlineRequestIsAnswered() throws Exception {
        Main main = new Main();
        System.getProperties().stringPropertyNames().stream()
                .filter(name -> name.startsWith("camel.component.sagemaker-async."))
                .forEach(name -> main.addOverrideProperty(name, System.getProperty(name)));
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
