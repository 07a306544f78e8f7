package io.github.sagemakerasync.examples.kafkabridge;

import java.util.HashMap;
import java.util.Map;

import io.github.sagemakerasync.emulator.AsyncEndpointConfig;
import io.github.sagemakerasync.emulator.NotificationConfig;
import io.github.sagemakerasync.emulator.SageMakerAsyncEmulator;
import io.github.sagemakerasync.emulator.model.SentimentModel;

/** What the bridge tests set up alike. */
final class BridgeFixtures {

    private BridgeFixtures() {
    }

    /**
     * The sentiment endpoint writing to {@code s3://sagemaker-async/output} and {@code /failures}, notifying {@code topic}
     * of every result with its response included.
     */
    static AsyncEndpointConfig notifyingSentiment(String topic) {
        return AsyncEndpointConfig.builder("sentiment")
                .s3OutputPath("s3://sagemaker-async/output")
                .s3FailurePath("s3://sagemaker-async/failures")
                .notifications(NotificationConfig.of(topic, topic).includingResponseIn(
                        NotificationConfig.IncludeResponseIn.SUCCESS_NOTIFICATION_TOPIC,
                        NotificationConfig.IncludeResponseIn.ERROR_NOTIFICATION_TOPIC))
                .model(new SentimentModel())
                .build();
    }

    /** A bridge's properties for the emulator and the broker; the caller adds topics, group and stores. */
    static Map<String, String> properties(SageMakerAsyncEmulator emulator, EmbeddedKafka kafka) {
        Map<String, String> properties = new HashMap<>(emulator.camelComponentProperties());
        properties.put(BridgeExample.BROKERS_PROPERTY, kafka.bootstrapServers());
        // a stopped bridge's answers stage leaves its group at once, a killed one when its session expires: seconds,
        // not Kafka's default 45
        properties.put("camel.component.kafka.session-timeout-ms", "6000");
        properties.put("camel.component.kafka.heartbeat-interval-ms", "2000");
        properties.put("bridge.input-location", "s3://sagemaker-async/bridge-inputs");
        return properties;
    }
}
