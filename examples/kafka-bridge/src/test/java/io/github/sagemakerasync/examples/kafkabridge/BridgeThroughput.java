package io.github.sagemakerasync.examples.kafkabridge;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.sagemakerasync.emulator.Api;
import io.github.sagemakerasync.emulator.SageMakerAsyncEmulator;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;

/**
 * What exactly once costs the bridge: the same backlog of requests bridged with {@code bridge.guarantee=at-least-once}
 * and {@code exactly-once}, in alternating rounds in one run, against an in-process broker and the emulator.
 * Reported per guarantee (median over rounds): requests per second (until every offset is committed), answers per
 * second (until a read_committed reader has every answer), and Kafka transactions per second (the answers stage's
 * commits).
 *
 * <pre>
 * mvn -B -q -pl examples/kafka-bridge -am -DskipTests package exec:exec@throughput [-Dthroughput.requests=2000] [-Dthroughput.rounds=3]
 * </pre>
 */
public final class BridgeThroughput {

    private static final int REQUESTS = Integer.getInteger("throughput.requests", 2000);
    private static final int ROUNDS = Integer.getInteger("throughput.rounds", 3);
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private BridgeThroughput() {
    }

    private record Round(String guarantee, double requestsPerSecond, double answersPerSecond,
                         double transactionsPerSecond, long answered, long distinctKeys, long invocations) {
    }

    public static void main(String[] args) throws Exception {
        List<Round> rounds = new ArrayList<>();
        try (EmbeddedKafka kafka = EmbeddedKafka.start(); SageMakerAsyncEmulator emulator = SageMakerAsyncEmulator.builder().start()) {
            // one unmeasured round of each first: the JIT, the broker's first transactions
            int run = 0;
            for (int round = 0; round <= ROUNDS; round++) {
                for (String guarantee : round % 2 == 0 ? List.of(Bridge.AT_LEAST_ONCE, Bridge.EXACTLY_ONCE)
                        : List.of(Bridge.EXACTLY_ONCE, Bridge.AT_LEAST_ONCE)) {
                    Round measured = round(kafka, emulator, guarantee, ++run, round == 0 ? REQUESTS / 4 : REQUESTS);
                    System.out.printf("round %d %-13s %7.1f requests/s %7.1f answers/s %6.1f transactions/s "
                            + "(answers %d, distinct keys %d, invocations %d)%n", round, guarantee,
                            measured.requestsPerSecond, measured.answersPerSecond, measured.transactionsPerSecond,
                            measured.answered, measured.distinctKeys, measured.invocations);
                    if (round > 0) {
                        rounds.add(measured);
                    }
                }
            }
        }
        System.out.printf("%n%d requests per round, %d rounds, 3 partitions and 3 consumer threads, one instance%n",
                REQUESTS, ROUNDS);
        System.out.println("| guarantee | requests/s | answers/s | Kafka transactions/s |");
        System.out.println("|---|---|---|---|");
        for (String guarantee : List.of(Bridge.AT_LEAST_ONCE, Bridge.EXACTLY_ONCE)) {
            List<Round> of = rounds.stream().filter(r -> r.guarantee.equals(guarantee)).toList();
            System.out.printf("| %s | %s | %s | %s |%n", guarantee,
                    median(of.stream().mapToDouble(Round::requestsPerSecond).toArray()),
                    median(of.stream().mapToDouble(Round::answersPerSecond).toArray()),
                    median(of.stream().mapToDouble(Round::transactionsPerSecond).toArray()));
        }
    }

    /** Publishes the backlog first, then runs a bridge on it until every request is answered. */
    private static Round round(EmbeddedKafka kafka, SageMakerAsyncEmulator emulator, String guarantee, int run,
                               int requests) throws Exception {
        String suffix = "-" + run;
        List<String> answerTopics = List.of("results" + suffix, "failures" + suffix, "uncorrelated" + suffix);
        kafka.createTopics(3, List.of("requests" + suffix));
        kafka.createTopics(3, answerTopics);
        try (DemoClient client = new DemoClient(kafka.bootstrapServers(), answerTopics, "reader" + suffix)) {
            for (int i = 0; i < requests; i++) {
                client.send("requests" + suffix, "request-" + i, i % 2 == 0 ? "{\"text\":\"great\"}" : "{\"text\":\"awful\"}");
            }
            client.flush();
            emulator.counters().reset();
            Map<String, String> properties = new HashMap<>(emulator.camelComponentProperties());
            properties.put(BridgeExample.BROKERS_PROPERTY, kafka.bootstrapServers());
            properties.put("bridge.guarantee", guarantee);
            properties.put("bridge.requests-topic", "requests" + suffix);
            properties.put("bridge.results-topic", answerTopics.get(0));
            properties.put("bridge.failures-topic", answerTopics.get(1));
            properties.put("bridge.uncorrelated-topic", answerTopics.get(2));
            properties.put("bridge.group-id", "bridge" + suffix);
            properties.put(Bridge.CORRELATION_FILE, Files.createTempFile("throughput", ".dat").toString());
            long start = System.nanoTime();
            try (Bridge bridge = Bridge.start(properties)) {
                List<DemoClient.Answer> answers = new ArrayList<>();
                double submitted = 0;
                long deadline = System.nanoTime() + TIMEOUT.toNanos();
                while (answers.size() < requests && System.nanoTime() < deadline) {
                    answers.addAll(client.awaitAnswers(requests - answers.size(), Duration.ofMillis(200)));
                    if (submitted == 0 && committed(kafka, "bridge" + suffix) >= requests) {
                        submitted = seconds(start);
                    }
                }
                double answered = seconds(start);
                while (submitted == 0 && System.nanoTime() < deadline) {
                    if (committed(kafka, "bridge" + suffix) >= requests) {
                        submitted = seconds(start);
                    }
                }
                ExactlyOnce exactlyOnce = bridge.context().getRegistry().lookupByNameAndType("exactlyOnce", ExactlyOnce.class);
                double transactions = exactlyOnce == null ? 0 : exactlyOnce.answers().transactionsCommitted();
                return new Round(guarantee, requests / submitted, requests / answered, transactions / answered,
                        answers.size(), answers.stream().map(DemoClient.Answer::key).distinct().count(),
                        emulator.counters().get(Api.SAGEMAKER, "InvokeEndpointAsync"));
            }
        }
    }

    private static long committed(EmbeddedKafka kafka, String group) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            Map<?, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            return offsets.values().stream().filter(o -> o != null).mapToLong(OffsetAndMetadata::offset).sum();
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static String median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
        return String.format("%.0f (%.0f–%.0f)", median, sorted[0], sorted[sorted.length - 1]);
    }
}
