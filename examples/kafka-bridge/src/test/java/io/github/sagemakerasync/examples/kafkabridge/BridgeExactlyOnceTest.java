package io.github.sagemakerasync.examples.kafkabridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import io.github.sagemakerasync.emulator.Api;
import io.github.sagemakerasync.emulator.SageMakerAsyncEmulator;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The exactly-once bridge where at least once would answer twice or set an answer aside: a result delivered twice, a
 * record consumed again after SageMaker accepted it, a result whose correlation was lost. Read back by a read_committed
 * reader, against a real broker and the emulator.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BridgeExactlyOnceTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final String TOPIC = "arn:aws:sns:us-east-1:000000000000:sentiment-results";
    private static final AtomicInteger RUN = new AtomicInteger();

    private EmbeddedKafka kafka;
    private SageMakerAsyncEmulator emulator;
    private SqsClient sqs;
    private String requests;
    private String results;
    private String failures;
    private String uncorrelated;
    private String group;
    private Path correlationFile;

    @BeforeAll
    void startServers() throws Exception {
        kafka = EmbeddedKafka.start();
        // each notification goes to the bridge's queue and to a copy the tests deliver a second time
        emulator = SageMakerAsyncEmulator.builder()
                .endpoint(BridgeFixtures.notifyingSentiment(TOPIC))
                .subscribe(TOPIC, "bridge-results")
                .subscribe(TOPIC, "copies")
                .start();
        sqs = SqsClient.builder().endpointOverride(emulator.sqsEndpoint()).region(Region.of(emulator.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(emulator.accessKeyId(), emulator.secretAccessKey())))
                .build();
    }

    @AfterAll
    void stop() throws Exception {
        sqs.close();
        emulator.close();
        kafka.close();
    }

    @AfterEach
    void resumeEmulator() {
        emulator.resumeWorkers();
        emulator.counters().reset();
    }

    @Test
    void aResultDeliveredTwiceIsPublishedOnce() throws Exception {
        int count = 20;
        sqs.purgeQueue(r -> r.queueUrl(emulator.queueUrl("copies")));
        try (Bridge bridge = startBridge(true); DemoClient client = client()) {
            for (int i = 0; i < count; i++) {
                client.send(requests, "request-" + i, review(i));
            }
            client.flush();
            assertThat(client.awaitAnswers(count, TIMEOUT)).hasSize(count);

            // SQS delivers at least once: every notification comes again, after its first copy was answered and its
            // correlation removed
            int redelivered = redeliverCopies();

            await().atMost(TIMEOUT).until(() -> queueIsEmpty("bridge-results"));
            List<DemoClient.Answer> late = client.drain(Duration.ofSeconds(3));
            assertThat(redelivered).isEqualTo(count);
            assertThat(late).as("answers to results delivered a second time").isEmpty();
            assertThat(bridge.context().getRegistry().lookupByNameAndType("exactlyOnce", ExactlyOnce.class)
                    .answers().duplicatesDropped()).isEqualTo(count);
        }
    }

    @Test
    void aRecordConsumedAgainAfterSageMakerAcceptedItIsNotSentAgain() throws Exception {
        int count = 10;
        try (Bridge bridge = startBridge(false); DemoClient client = client()) {
            for (int i = 0; i < count; i++) {
                client.send(requests, "request-" + i, review(i));
            }
            client.flush();
            assertThat(client.awaitAnswers(count, TIMEOUT)).hasSize(count);
        }
        // as after a kill between SageMaker's 202 and the commit: the group's offsets are back at the start
        resetOffsetsToZero();

        try (Bridge restarted = restartBridge(false);
             DemoClient fromTheStart = new DemoClient(kafka.bootstrapServers(), List.of(results, failures, uncorrelated),
                     "reader-" + group)) {
            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(committedOffsets()).isEqualTo(count));
            List<DemoClient.Answer> answers = fromTheStart.drain(Duration.ofSeconds(5));

            assertThat(emulator.counters().get(Api.SAGEMAKER, "InvokeEndpointAsync")).as("invocations").isEqualTo(count);
            assertThat(answers.stream().collect(Collectors.groupingBy(DemoClient.Answer::key, Collectors.counting())))
                    .as("answers per key, read from the start").hasSize(count).allSatisfy((key, n) -> assertThat(n).isOne());
        }
    }

    @Test
    void aResultWhoseCorrelationWasLostIsAnsweredUnderItsRequestKey() throws Exception {
        int count = 10;
        emulator.pauseWorkers();
        try (Bridge bridge = startBridge(false); DemoClient client = client()) {
            for (int i = 0; i < count; i++) {
                client.send(requests, "request-" + i, review(i));
            }
            client.flush();
            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(committedOffsets()).isEqualTo(count));
        }
        // as a bridge killed after SageMaker's 202 and before recording the correlation
        try (Connection connection = DriverManager.getConnection("jdbc:h2:file:" + correlationFile.toAbsolutePath(), "sa", "");
             Statement statement = connection.createStatement()) {
            assertThat(statement.executeUpdate("DELETE FROM sagemaker_async_correlation")).isEqualTo(count);
        }
        emulator.resumeWorkers();

        // results by S3 listing: the bridge finds the request in the result's name (its Filename)
        try (Bridge restarted = restartBridge(false); DemoClient client = client()) {
            List<DemoClient.Answer> answers = client.awaitAnswers(count, TIMEOUT);
            answers.addAll(client.drain(Duration.ofSeconds(2)));

            assertThat(answers).extracting(DemoClient.Answer::topic).containsOnly(results);
            assertThat(answers).extracting(DemoClient.Answer::key).doesNotHaveDuplicates().hasSize(count)
                    .allSatisfy(key -> assertThat(key).startsWith("request-"));
            assertThat(answers).allSatisfy(answer -> assertThat(answer.headers()).containsKeys("requestedAt", "inference-id"));
        }
    }

    /** Sends every message of the copies queue to the bridge's queue; returns how many. */
    private int redeliverCopies() {
        String copies = emulator.queueUrl("copies");
        int sent = 0;
        List<Message> messages;
        do {
            messages = sqs.receiveMessage(r -> r.queueUrl(copies).maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
            for (Message message : messages) {
                sqs.sendMessage(r -> r.queueUrl(emulator.queueUrl("bridge-results")).messageBody(message.body()));
                sqs.deleteMessage(r -> r.queueUrl(copies).receiptHandle(message.receiptHandle()));
                sent++;
            }
        } while (!messages.isEmpty());
        return sent;
    }

    private boolean queueIsEmpty(String queue) {
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(r -> r.queueUrl(emulator.queueUrl(queue))
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return attributes.values().stream().allMatch("0"::equals);
    }

    private Bridge startBridge(boolean notifications) throws Exception {
        int run = RUN.incrementAndGet();
        requests = "eo-requests-" + run;
        results = "eo-results-" + run;
        failures = "eo-failures-" + run;
        uncorrelated = "eo-uncorrelated-" + run;
        group = "eo-bridge-" + run;
        correlationFile = Files.createTempFile("bridge-correlations", ".dat");
        kafka.createTopics(3, List.of(requests, results, failures, uncorrelated));
        return restartBridge(notifications);
    }

    private Bridge restartBridge(boolean notifications) throws Exception {
        Map<String, String> properties = BridgeFixtures.properties(emulator, kafka);
        properties.put("bridge.requests-topic", requests);
        properties.put("bridge.results-topic", results);
        properties.put("bridge.failures-topic", failures);
        properties.put("bridge.uncorrelated-topic", uncorrelated);
        properties.put("bridge.group-id", group);
        properties.put("bridge.output-location", "s3://sagemaker-async/output");
        properties.put("bridge.failure-location", "s3://sagemaker-async/failures");
        properties.put("bridge.notification-queue", notifications ? "bridge-results" : "");
        properties.put(Bridge.CORRELATION_FILE, correlationFile.toString());
        return Bridge.start(properties);
    }

    private DemoClient client() {
        return new DemoClient(kafka.bootstrapServers(), List.of(results, failures, uncorrelated));
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }

    private void resetOffsetsToZero() throws Exception {
        try (Admin admin = admin()) {
            Map<TopicPartition, OffsetAndMetadata> zero = new HashMap<>();
            for (int partition = 0; partition < 3; partition++) {
                zero.put(new TopicPartition(requests, partition), new OffsetAndMetadata(0));
            }
            // the stopped bridge's consumers leave the group; the reset is refused while a member remains
            await().atMost(TIMEOUT).ignoreExceptions()
                    .until(() -> admin.alterConsumerGroupOffsets(group, zero).all().get() == null);
        }
    }

    private long committedOffsets() throws Exception {
        try (Admin admin = admin()) {
            Map<?, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            return offsets.values().stream().filter(o -> o != null).mapToLong(OffsetAndMetadata::offset).sum();
        }
    }

    private static String review(int i) {
        return i % 2 == 0 ? "{\"text\":\"great and fast, I love it\"}" : "{\"text\":\"slow and buggy, a waste\"}";
    }
}
