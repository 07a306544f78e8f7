package io.github.sagemakerasync.examples.kafkabridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.github.sagemakerasync.emulator.Api;
import io.github.sagemakerasync.emulator.InjectedFault;
import io.github.sagemakerasync.emulator.SageMakerAsyncEmulator;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The bridge's routes against a real Kafka broker (KRaft, in-process) and the emulator; each test on its own topics. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BridgeTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final AtomicInteger RUN = new AtomicInteger();

    private EmbeddedKafka kafka;
    private SageMakerAsyncEmulator emulator;
    private String requests;
    private String results;
    private String failures;
    private String group;
    private Path correlationFile;

    @BeforeAll
    void startKafkaAndEmulator() throws Exception {
        kafka = EmbeddedKafka.start();
        emulator = SageMakerAsyncEmulator.builder().start();
    }

    @AfterAll
    void stop() throws Exception {
        emulator.close();
        kafka.close();
    }

    @AfterEach
    void resetEmulator() {
        emulator.sageMakerNetwork().reset();
        emulator.counters().reset();
    }

    /** Requests of the many-requests cases: 200 in the default build, 1,000 with -Pfull. */
    static final int MANY = Integer.getInteger("bridge.requests", 200);

    @Test
    void everyRequestGetsOneResultMatchedToItsRequestAndNoneTwice() throws Exception {
        int count = MANY;
        try (Bridge bridge = startBridge(); DemoClient client = client()) {
            for (int i = 0; i < count; i++) {
                client.send(requests, "request-" + i, review(i));
            }
            client.flush();

            List<DemoClient.Answer> answers = client.awaitAnswers(count, TIMEOUT);
            answers.addAll(client.drain(Duration.ofSeconds(2)));

            // counts first: a list of hundreds of answers makes an unreadable failure
            assertThat(answers.size()).as("answers").isEqualTo(count);
            assertThat(answers.stream().map(DemoClient.Answer::key).distinct().count()).as("distinct keys").isEqualTo(count);
            assertThat(answers).allSatisfy(answer -> assertThat(answer.topic()).isEqualTo(results));
            Map<String, DemoClient.Answer> byKey = answers.stream()
                    .collect(Collectors.toMap(DemoClient.Answer::key, Function.identity()));
            for (int i = 0; i < count; i++) {
                DemoClient.Answer answer = byKey.get("request-" + i);
                assertThat(answer.value()).contains(i % 2 == 0 ? "\"label\":\"POSITIVE\"" : "\"label\":\"NEGATIVE\"");
                assertThat(answer.headers()).containsKeys("requestedAt", "inference-id")
                        .containsEntry("payload-mode", "inline");
            }
            assertThat(emulator.counters().get(Api.SAGEMAKER, "InvokeEndpointAsync")).isEqualTo(count);
            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(committedOffsets()).isEqualTo(count));
        }
    }

    @Test
    void aFailingModelAnswersOnTheFailuresTopicUnderTheRequestKey() throws Exception {
        try (Bridge bridge = startBridge(); DemoClient client = client()) {
            client.request(requests, "good", review(0));
            client.request(requests, "broken", "{\"text\": \"not closed");

            List<DemoClient.Answer> answers = client.awaitAnswers(2, TIMEOUT);

            Map<String, DemoClient.Answer> byKey = answers.stream()
                    .collect(Collectors.toMap(DemoClient.Answer::key, Function.identity()));
            assertThat(byKey.get("good").topic()).isEqualTo(results);
            assertThat(byKey.get("broken").topic()).isEqualTo(failures);
            assertThat(byKey.get("broken").value()).startsWith("Invalid JSON input");
            assertThat(byKey.get("broken").headers()).containsKeys("requestedAt", "inference-id");
        }
    }

    @Test
    void aRequestRefusedForWhatItIsIsAnsweredAsAFailureAndDoesNotBlockItsPartition() throws Exception {
        try (Bridge bridge = startBridge(); DemoClient client = client()) {
            // the same key, so the same partition: the good request waits behind the bad one
            client.request(requests, "same-key", null);
            client.request(requests, "same-key", review(0));

            List<DemoClient.Answer> answers = client.awaitAnswers(2, TIMEOUT);

            assertThat(answers).extracting(DemoClient.Answer::topic).containsExactlyInAnyOrder(failures, results);
            assertThat(answers).filteredOn(answer -> answer.topic().equals(failures)).singleElement().satisfies(answer -> {
                assertThat(answer.key()).isEqualTo("same-key");
                assertThat(answer.value()).startsWith("Request refused: The message body is null");
            });
            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(committedOffsets()).isEqualTo(2));
        }
    }

    @Test
    void aLargeRequestTravelsThroughS3AndItsUploadIsRemovedOnceAnswered() throws Exception {
        try (Bridge bridge = startBridge(); DemoClient client = client()) {
            client.request(requests, "large", BridgeExample.review(7));

            List<DemoClient.Answer> answers = client.awaitAnswers(1, TIMEOUT);

            assertThat(answers).singleElement().satisfies(answer -> {
                assertThat(answer.key()).isEqualTo("large");
                assertThat(answer.headers()).containsEntry("payload-mode", "s3");
            });
            await().atMost(TIMEOUT).until(() -> emulator.listObjects("s3://sagemaker-async/bridge-inputs/").isEmpty());
        }
    }

    @Test
    void theOffsetIsCommittedOnlyOnceSageMakerAcceptedTheRequest() throws Exception {
        try (Bridge bridge = startBridge(); DemoClient client = client()) {
            emulator.sageMakerNetwork().holdRequests();
            client.request(requests, "held", review(0));
            await().atMost(TIMEOUT).until(() -> emulator.counters().get(Api.SAGEMAKER, "InvokeEndpointAsync") == 1);
            // the request is in flight: the bridge has consumed the record but must not have committed it
            Thread.sleep(1000);
            assertThat(committedOffsets()).isZero();

            emulator.sageMakerNetwork().releaseRequests();

            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(committedOffsets()).isEqualTo(1));
            assertThat(client.awaitAnswers(1, TIMEOUT)).extracting(DemoClient.Answer::key).containsExactly("held");
        }
    }

    @Test
    void eachConsumerThreadSubmitsTheRecordsOfItsPartitionsWhileTheOthersWait() throws Exception {
        int count = 30;
        try (Bridge bridge = startBridge(); DemoClient client = client()) {
            // bridge.consumers=3: the group has settled when each thread holds one of the three partitions
            await().atMost(TIMEOUT).until(() -> membersWithPartitions() == 3);
            emulator.sageMakerNetwork().holdRequests();
            for (int i = 0; i < count; i++) {
                client.send(requests, "request-" + i, review(i));
            }
            client.flush();

            // each thread has its partition's first request in flight, and waits for it before the next
            await().atMost(TIMEOUT).until(() -> emulator.counters().get(Api.SAGEMAKER, "InvokeEndpointAsync") == 3);
            Thread.sleep(500);
            assertThat(emulator.counters().get(Api.SAGEMAKER, "InvokeEndpointAsync")).isEqualTo(3);
            emulator.sageMakerNetwork().releaseRequests();

            assertThat(client.awaitAnswers(count, TIMEOUT)).extracting(DemoClient.Answer::key).doesNotHaveDuplicates()
                    .hasSize(count);
        }
    }

    @Test
    void aRequestThatCannotBeSubmittedIsRetriedNotSkipped() throws Exception {
        int count = 20;
        // more 503s in a row than the SDK's retries and the route's redeliveries together: the Kafka consumer has to
        // seek back to the record and submit it again
        emulator.sageMakerNetwork().failNext(30, InjectedFault.SERVICE_UNAVAILABLE);
        try (Bridge bridge = startBridge(); DemoClient client = client()) {
            for (int i = 0; i < count; i++) {
                client.send(requests, "request-" + i, review(i));
            }
            client.flush();

            List<DemoClient.Answer> answers = client.awaitAnswers(count, TIMEOUT);
            answers.addAll(client.drain(Duration.ofSeconds(2)));

            assertThat(answers).extracting(DemoClient.Answer::key).doesNotHaveDuplicates().hasSize(count);
            assertThat(answers).extracting(DemoClient.Answer::topic).containsOnly(results);
            // every answer to a 503 was retried: 30 refused, then each request accepted once
            assertThat(emulator.counters().get(Api.SAGEMAKER, "InvokeEndpointAsync")).isEqualTo(30 + count);
            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(committedOffsets()).isEqualTo(count));
        }
    }

    @Test
    void resultsOfRequestsAcceptedBeforeARestartKeepTheirKeys() throws Exception {
        int count = 100;
        emulator.pauseWorkers();
        try {
            try (Bridge before = startBridge(); DemoClient client = client()) {
                for (int i = 0; i < count; i++) {
                    client.send(requests, "request-" + i, review(i));
                }
                client.flush();
                // every request accepted, none answered yet: then the bridge stops
                await().atMost(TIMEOUT).untilAsserted(() -> assertThat(committedOffsets()).isEqualTo(count));
            }
            emulator.resumeWorkers();
            assertThat(emulator.awaitIdle(TIMEOUT)).isTrue();

            try (Bridge after = restartBridge(); DemoClient client = client()) {
                List<DemoClient.Answer> answers = client.awaitAnswers(count, TIMEOUT);
                answers.addAll(client.drain(Duration.ofSeconds(2)));

                assertThat(answers.size()).as("answers").isEqualTo(count);
                assertThat(answers).extracting(DemoClient.Answer::key).doesNotContainNull().doesNotHaveDuplicates();
                assertThat(answers).allSatisfy(answer -> assertThat(answer.headers()).containsKey("requestedAt"));
            }
        } finally {
            emulator.resumeWorkers();
        }
    }

    @Test
    void withABoundOfPendingRequestsTheRestWaitsInKafka() throws Exception {
        int count = 40;
        int bound = 10;
        emulator.pauseWorkers();
        try (Bridge bridge = startBridge(Map.of("bridge.max-pending", String.valueOf(bound))); DemoClient client = client()) {
            for (int i = 0; i < count; i++) {
                client.send(requests, "request-" + i, review(i));
            }
            client.flush();

            // the producer's bound is exact: the consumer threads wait in it, polling nothing more
            long sent = stableInvocations();
            assertThat(sent).as("requests sent while the bound held").isEqualTo(bound);
            // commits are made by a consumer thread at its next poll: one waiting in the producer commits once it goes on
            assertThat(committedOffsets()).as("offsets committed: the rest waits in Kafka").isLessThanOrEqualTo(sent);

            emulator.resumeWorkers();
            List<DemoClient.Answer> answers = client.awaitAnswers(count, TIMEOUT);
            assertThat(answers).extracting(DemoClient.Answer::key).doesNotHaveDuplicates().hasSize(count);
        } finally {
            emulator.resumeWorkers();
        }
    }

    /** The invocations once they stopped growing for two seconds. */
    private long stableInvocations() throws InterruptedException {
        long last = -1;
        long now = emulator.counters().get(Api.SAGEMAKER, "InvokeEndpointAsync");
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while ((now != last || now == 0) && System.nanoTime() < deadline) {
            last = now;
            Thread.sleep(2_000);
            now = emulator.counters().get(Api.SAGEMAKER, "InvokeEndpointAsync");
        }
        return now;
    }

    private Bridge startBridge(Map<String, String> more) throws Exception {
        extraProperties = more;
        try {
            return startBridge();
        } finally {
            extraProperties = Map.of();
        }
    }

    private Map<String, String> extraProperties = Map.of();

    /** Starts the bridge on fresh topics and a fresh consumer group, pointed at the broker and the emulator. */
    private Bridge startBridge() throws Exception {
        int run = RUN.incrementAndGet();
        requests = "requests-" + run;
        results = "results-" + run;
        failures = "failures-" + run;
        group = "bridge-" + run;
        correlationFile = Files.createTempFile("bridge-correlations", ".dat");
        kafka.createTopics(3, List.of(requests, results, failures));
        return restartBridge();
    }

    /** Starts the bridge again on the topics, group and correlation file of the last startBridge. */
    private Bridge restartBridge() throws Exception {
        Map<String, String> properties = BridgeFixtures.properties(emulator, kafka);
        properties.put("bridge.requests-topic", requests);
        properties.put("bridge.results-topic", results);
        properties.put("bridge.failures-topic", failures);
        properties.put("bridge.group-id", group);
        properties.put(Bridge.CORRELATION_FILE, correlationFile.toString());
        properties.putAll(extraProperties);
        return Bridge.start(properties);
    }

    private DemoClient client() {
        return new DemoClient(kafka.bootstrapServers(), List.of(results, failures));
    }

    /** Members of the bridge's consumer group that were assigned partitions. */
    private long membersWithPartitions() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            return admin.describeConsumerGroups(List.of(group)).describedGroups().get(group).get().members().stream()
                    .filter(member -> !member.assignment().topicPartitions().isEmpty()).count();
        }
    }

    /** The sum of the bridge group's committed offsets over the requests topic's partitions. */
    private long committedOffsets() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            Map<?, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            return offsets.values().stream().filter(o -> o != null).mapToLong(OffsetAndMetadata::offset).sum();
        }
    }

    private static String review(int i) {
        return i % 2 == 0 ? "{\"text\":\"great and fast, I love it\"}" : "{\"text\":\"slow and buggy, a waste\"}";
    }
}
