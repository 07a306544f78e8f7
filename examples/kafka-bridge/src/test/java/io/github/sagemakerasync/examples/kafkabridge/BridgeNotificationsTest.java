package io.github.sagemakerasync.examples.kafkabridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.github.sagemakerasync.emulator.Api;
import io.github.sagemakerasync.emulator.SageMakerAsyncEmulator;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Two bridge instances in one consumer group, as two replicas: requests are shared by Kafka, results by SageMaker's
 * notifications on one SQS queue, correlations by one PostgreSQL table. Every request is answered once, under its key,
 * whichever instance sent it and whichever received its result.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BridgeNotificationsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final String TOPIC = "arn:aws:sns:us-east-1:000000000000:sentiment-results";

    private EmbeddedKafka kafka;
    private SageMakerAsyncEmulator emulator;
    private EmbeddedPostgres postgres;

    @BeforeAll
    void startServers() throws Exception {
        kafka = EmbeddedKafka.start();
        postgres = EmbeddedPostgres.builder().start();
        emulator = SageMakerAsyncEmulator.builder()
                .endpoint(BridgeFixtures.notifyingSentiment(TOPIC))
                .subscribe(TOPIC, "bridge-results")
                .start();
    }

    @AfterAll
    void stop() throws Exception {
        emulator.close();
        postgres.close();
        kafka.close();
    }

    @Test
    void twoInstancesAnswerEveryRequestOnceUnderItsKey() throws Exception {
        int count = BridgeTest.MANY;
        kafka.createTopics(4, List.of("requests", "results", "failures", "uncorrelated"));
        try (Bridge first = startBridge(); Bridge second = startBridge();
             DemoClient client = new DemoClient(kafka.bootstrapServers(), List.of("results", "failures", "uncorrelated"))) {
            for (int i = 0; i < count; i++) {
                client.send("requests", "request-" + i, i % 50 == 49 ? "{\"text\": \"not closed" : review(i));
            }
            client.flush();

            List<DemoClient.Answer> answers = client.awaitAnswers(count, TIMEOUT);
            answers.addAll(client.drain(Duration.ofSeconds(3)));

            Map<String, Long> perKey = answers.stream().collect(Collectors.groupingBy(DemoClient.Answer::key, Collectors.counting()));
            long duplicates = answers.size() - perKey.size();
            System.out.println("Bridge, 2 instances on notifications: " + count + " requests, " + perKey.size()
                    + " answered, " + duplicates + " twice; requests " + emulator.counters().snapshot());
            assertThat(perKey).hasSize(count);
            assertThat(duplicates).isZero();
            assertThat(answers).noneSatisfy(answer -> assertThat(answer.topic()).isEqualTo("uncorrelated"));
            Map<String, DemoClient.Answer> byKey = answers.stream()
                    .collect(Collectors.toMap(DemoClient.Answer::key, Function.identity()));
            for (int i = 0; i < count; i++) {
                DemoClient.Answer answer = byKey.get("request-" + i);
                if (i % 50 == 49) {
                    assertThat(answer.topic()).isEqualTo("failures");
                    assertThat(answer.value()).startsWith("Invalid JSON input");
                } else {
                    assertThat(answer.topic()).isEqualTo("results");
                    assertThat(answer.value()).contains(i % 2 == 0 ? "POSITIVE" : "NEGATIVE");
                }
                assertThat(answer.headers()).containsKeys("requestedAt", "inference-id");
            }
            // responses came in the notifications: S3 was only asked to delete the results
            assertThat(emulator.counters().get(Api.S3, "GetObject")).isZero();
            assertThat(emulator.counters().get(Api.S3, "ListObjectsV2")).isZero();
        }
    }

    private Bridge startBridge() throws Exception {
        Map<String, String> properties = BridgeFixtures.properties(emulator, kafka);
        properties.put("bridge.requests-topic", "requests");
        properties.put("bridge.results-topic", "results");
        properties.put("bridge.failures-topic", "failures");
        properties.put("bridge.uncorrelated-topic", "uncorrelated");
        properties.put("bridge.group-id", "bridges");
        properties.put("bridge.notification-queue", "bridge-results");
        properties.put(Bridge.JDBC_URL, postgres.getJdbcUrl("postgres", "postgres"));
        return Bridge.start(properties);
    }

    private static String review(int i) {
        return i % 2 == 0 ? "{\"text\":\"great product " + i + "\"}" : "{\"text\":\"awful product " + i + "\"}";
    }
}
