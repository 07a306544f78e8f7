package io.github.sagemakerasync.examples.kafkabridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.github.sagemakerasync.emulator.AsyncEndpointConfig;
import io.github.sagemakerasync.emulator.NotificationConfig;
import io.github.sagemakerasync.emulator.OutputNaming;
import io.github.sagemakerasync.emulator.SageMakerAsyncEmulator;
import io.github.sagemakerasync.emulator.model.SentimentModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The bridge against endpoints configured as AWS allows and our default emulator endpoint is not: one without
 * S3FailurePath (no FailureLocation, no failure object: failures known from the error topic only), one naming its
 * results after the InferenceId. Every request is answered once, under its key, failures included.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BridgeEndpointVariantsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final String TOPIC = "arn:aws:sns:us-east-1:000000000000:no-failure-path-results";

    private EmbeddedKafka kafka;
    private SageMakerAsyncEmulator emulator;

    @BeforeAll
    void startServers() throws Exception {
        kafka = EmbeddedKafka.start();
        emulator = SageMakerAsyncEmulator.builder()
                .endpoint(AsyncEndpointConfig.builder("no-failure-path")
                        .s3OutputPath("s3://sagemaker-async/no-failure-path/output")
                        .notifications(NotificationConfig.of(TOPIC, TOPIC))
                        .model(new SentimentModel())
                        .build())
                .endpoint(AsyncEndpointConfig.builder("by-id")
                        .s3OutputPath("s3://sagemaker-async/by-id/output")
                        .s3FailurePath("s3://sagemaker-async/by-id/failures")
                        .outputNaming(OutputNaming.INFERENCE_ID)
                        .model(new SentimentModel())
                        .build())
                .subscribe(TOPIC, "no-failure-path-results")
                .start();
    }

    @AfterAll
    void stop() throws Exception {
        emulator.close();
        kafka.close();
    }

    @Test
    void withoutAFailurePathFailuresAreAnsweredFromTheErrorTopicsNotifications() throws Exception {
        Map<String, String> properties = bridgeProperties("no-failure-path");
        properties.put("bridge.notification-queue", "no-failure-path-results");
        properties.put("bridge.failure-location", "");

        answerEveryRequestOnce(properties, "no-failure-path");
    }

    @Test
    void resultsNamedAfterTheInferenceIdAreAnsweredByListing() throws Exception {
        Map<String, String> properties = bridgeProperties("by-id");
        properties.put("bridge.output-location", "s3://sagemaker-async/by-id/output");
        properties.put("bridge.failure-location", "s3://sagemaker-async/by-id/failures");

        answerEveryRequestOnce(properties, "by-id");
        assertThat(emulator.listObjects("s3://sagemaker-async/by-id/")).isEmpty();
    }

    /** 100 requests, every tenth one failing in the model: 90 results and 10 failures, each under its key, once. */
    private void answerEveryRequestOnce(Map<String, String> properties, String endpoint) throws Exception {
        int count = 100;
        List<String> topics = List.of(endpoint + "-results", endpoint + "-failures", endpoint + "-uncorrelated");
        kafka.createTopics(3, List.of(endpoint + "-requests", topics.get(0), topics.get(1), topics.get(2)));
        try (Bridge bridge = Bridge.start(properties); DemoClient client = new DemoClient(kafka.bootstrapServers(), topics)) {
            for (int i = 0; i < count; i++) {
                client.send(endpoint + "-requests", "request-" + i, i % 10 == 9 ? "{\"text\": \"not closed" : review(i));
            }
            client.flush();

            List<DemoClient.Answer> answers = client.awaitAnswers(count, TIMEOUT);
            answers.addAll(client.drain(Duration.ofSeconds(2)));

            assertThat(answers.size()).as("answers").isEqualTo(count);
            Map<String, DemoClient.Answer> byKey = answers.stream()
                    .collect(Collectors.toMap(DemoClient.Answer::key, Function.identity()));
            for (int i = 0; i < count; i++) {
                DemoClient.Answer answer = byKey.get("request-" + i);
                if (i % 10 == 9) {
                    assertThat(answer.topic()).isEqualTo(endpoint + "-failures");
                    assertThat(answer.value()).startsWith("Invalid JSON input");
                } else {
                    assertThat(answer.topic()).isEqualTo(endpoint + "-results");
                    assertThat(answer.value()).contains(i % 2 == 0 ? "POSITIVE" : "NEGATIVE");
                }
            }
        }
    }

    private Map<String, String> bridgeProperties(String endpoint) throws Exception {
        Map<String, String> properties = new HashMap<>(emulator.camelComponentProperties());
        properties.put(BridgeExample.BROKERS_PROPERTY, kafka.bootstrapServers());
        properties.put("bridge.endpoint", endpoint);
        properties.put("bridge.requests-topic", endpoint + "-requests");
        properties.put("bridge.results-topic", endpoint + "-results");
        properties.put("bridge.failures-topic", endpoint + "-failures");
        properties.put("bridge.uncorrelated-topic", endpoint + "-uncorrelated");
        properties.put("bridge.group-id", endpoint + "-bridge");
        properties.put("bridge.input-location", "s3://sagemaker-async/" + endpoint + "-inputs");
        properties.put(Bridge.CORRELATION_FILE, Files.createTempFile("bridge-correlations", ".dat").toString());
        return properties;
    }

    private static String review(int i) {
        return i % 2 == 0 ? "{\"text\":\"great and fast, I love it\"}" : "{\"text\":\"slow and buggy, a waste\"}";
    }
}
