package io.github.sagemakerasync.examples.kafkabridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.github.sagemakerasync.emulator.EmulatorMain;
import io.github.sagemakerasync.emulator.SageMakerAsyncEmulator;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The bridge as operators run it, each part in its own JVM: a Kafka broker, the emulator with a data directory and
 * faults on every API, three bridge instances in one consumer group on notifications and one PostgreSQL, and this
 * test as the client. While requests of mixed sizes flow, each bridge instance is killed with SIGKILL once and
 * started again, and so is the emulator. Counted per request, by a read_committed reader: answered once, answered
 * more than once, set aside as uncorrelated, never answered (the bridge's exactly-once promise: only the first); how
 * often SageMaker accepted it (the emulator's acceptance log); and what is left in S3.
 *
 * <p>The default build runs {@value #DEFAULT_REQUESTS} requests; {@code -Pfull} (or {@code -Dsoak.requests=10000}) runs
 * the full soak (see RELIABILITY.md).
 */
class SoakTest {

    private static final int DEFAULT_REQUESTS = 120;
    /**
     * A file S3Proxy was still writing when the emulator was killed: it keeps it under the object's key plus
     * "-" and a uuid. Real S3 never shows an interrupted PUT; these are counted apart, as debris of the emulator.
     */
    private static final String INTERRUPTED_WRITES = "interrupted writes of the killed emulator";
    private static final Pattern INTERRUPTED_WRITE =
            Pattern.compile(".*[^/]-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final int REQUESTS = Integer.getInteger("soak.requests", DEFAULT_REQUESTS);
    private static final double FAULT_RATE = Double.parseDouble(System.getProperty("soak.fault-rate", "0.1"));
    private static final Duration STARTUP = Duration.ofSeconds(90);
    private static final String BUCKET = SageMakerAsyncEmulator.DEFAULT_BUCKET;
    private static final List<String> ANSWER_TOPICS = List.of("soak-results", "soak-failures", "soak-uncorrelated");

    /** Logs of every process and the emulator's data stay here after the run, for a look at what happened. */
    private final Path work = Path.of("target", "soak");

    private final List<Forked> forked = new ArrayList<>();
    private EmbeddedPostgres postgres;

    @AfterEach
    void stopEverything() throws IOException {
        forked.forEach(Forked::kill);
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void killingEveryProcessOnceLosesNoRequest() throws Exception {
        deleteRecursively(work);
        Files.createDirectories(work);
        postgres = EmbeddedPostgres.builder().start();
        Forked kafka = fork("kafka", EmbeddedKafka.class, List.of(), List.of(), "bootstrap=");
        String brokers = kafka.lineStartingWith("bootstrap=").substring("bootstrap=".length());
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers))) {
            List<NewTopic> topics = new ArrayList<>(List.of(new NewTopic("soak-requests", 6, (short) 1)));
            ANSWER_TOPICS.forEach(topic -> topics.add(new NewTopic(topic, 3, (short) 1)));
            admin.createTopics(topics).all().get();
        }
        int sageMakerPort = freePort();
        int s3Port = freePort();
        int sqsPort = freePort();
        List<String> emulatorArgs = List.of("--data-dir", work.resolve("emulator").toString(),
                "--sagemaker-port", String.valueOf(sageMakerPort), "--s3-port", String.valueOf(s3Port),
                "--sqs-port", String.valueOf(sqsPort), "--notifications", "bridge-results", "--endpoint", "sentiment",
                "--fault-rate", String.valueOf(FAULT_RATE));
        Forked emulator = fork("emulator", EmulatorMain.class, List.of(), emulatorArgs, "Running;");
        List<String> bridgeProperties = bridgeProperties(brokers, sageMakerPort, s3Port, sqsPort);
        List<Forked> bridges = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            // as the README advises for production: each instance a stable name and state directory, so that one
            // restarted after its kill fences its dead self's open transaction and takes its partitions back at once
            List<String> instance = new ArrayList<>(bridgeProperties);
            instance.add("-Dbridge.instance-id=bridge-" + i);
            instance.add("-Dbridge.state-dir=" + work.resolve("state-" + i).toAbsolutePath());
            bridges.add(fork("bridge-" + i, BridgeExample.class, instance, List.of(), "Bridge running"));
        }

        Tally tally = new Tally();
        long startedAt = System.nanoTime();
        try (DemoClient client = new DemoClient(brokers, ANSWER_TOPICS)) {
            Thread sender = new Thread(() -> {
                try {
                    for (int i = 0; i < REQUESTS; i++) {
                        client.request("soak-requests", key(i), request(i));
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "soak-sender");
            sender.start();
            // one kill of each process, spread over the run: a bridge, the emulator, the other bridges
            Map<Integer, Runnable> kills = new LinkedHashMap<>();
            kills.put(REQUESTS / 5, () -> bridges.set(0, restart(bridges.get(0))));
            kills.put(2 * REQUESTS / 5, () -> restart(emulator));
            kills.put(3 * REQUESTS / 5, () -> bridges.set(1, restart(bridges.get(1))));
            kills.put(4 * REQUESTS / 5, () -> bridges.set(2, restart(bridges.get(2))));
            long deadline = System.nanoTime() + Duration.ofSeconds(120 + REQUESTS / 20).toNanos();
            while (tally.answered.size() < REQUESTS && System.nanoTime() < deadline) {
                client.awaitAnswers(1, Duration.ofMillis(500)).forEach(tally::count);
                int progress = tally.answered.size();
                kills.entrySet().removeIf(kill -> {
                    if (progress >= kill.getKey()) {
                        kill.getValue().run();
                        return true;
                    }
                    return false;
                });
            }
            sender.join();
            assertThat(kills).as("kills not made: the run ended first").isEmpty();
            // late duplicates
            client.drain(Duration.ofSeconds(5)).forEach(tally::count);
        }
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startedAt);
        long once = tally.answered.values().stream().filter(count -> count == 1).count();
        long more = tally.answered.values().stream().filter(count -> count > 1).count();
        long never = REQUESTS - tally.answered.size();
        Map<String, Integer> left = leftInS3(s3Port);
        Map<String, Long> invocations = invocationsPerRequest();
        long invokedTwice = invocations.values().stream().filter(count -> count > 1).count();
        String summary = String.format("Soak: %d requests in %d s, %.0f%% faults on every API, each of 3 bridges and the "
                + "emulator killed (SIGKILL) once, answers read with read_committed: answered once %d, more than once %d, "
                + "never %d, uncorrelated %d, null keys %d; invocations accepted %d, requests invoked more than once %d; "
                + "left in S3 %s", REQUESTS, seconds, FAULT_RATE * 100, once, more, never, tally.uncorrelated,
                tally.nullKeys, invocations.values().stream().mapToLong(Long::longValue).sum(), invokedTwice, left);
        System.out.println(summary);
        Files.writeString(Path.of("target", "soak-summary.txt"), summary + System.lineSeparator());

        assertThat(never).as("never answered").isZero();
        assertThat(more).as("answered more than once").isZero();
        assertThat(tally.uncorrelated).as("answers set aside as uncorrelated: every request was the bridge's own").isZero();
        assertThat(tally.nullKeys).as("answers under a null key").isZero();
        // every request has a body, so none is refused before SageMaker: each was invoked, at least once
        assertThat(invocations.size()).as("requests invoked").isEqualTo(REQUESTS);
        assertThat(left.get("sentiment/output/")).as("outputs left in S3").isZero();
        assertThat(left.get("sentiment/failures/")).as("failures left in S3").isZero();
        // an input uploaded by a bridge killed before SageMaker accepted it is named by nothing: only an S3 lifecycle
        // rule removes it (see the component page); at most one per bridge kill
        assertThat(left.get("soak-inputs/")).as("inputs left in S3").isLessThanOrEqualTo(3);
    }

    /** How often SageMaker accepted each InferenceId, from the emulator's acceptance log (across its restart). */
    private Map<String, Long> invocationsPerRequest() throws IOException {
        try (Stream<String> lines = Files.lines(work.resolve("emulator").resolve("accepted").resolve("sentiment.log"))) {
            return lines.filter(line -> !line.isBlank())
                    .collect(Collectors.groupingBy(line -> line, Collectors.counting()));
        }
    }

    /** The answers counted per request key; those set aside as uncorrelated and those under a null key, apart. */
    private static final class Tally {
        final Map<String, Integer> answered = new HashMap<>();
        int uncorrelated;
        int nullKeys;

        void count(DemoClient.Answer answer) {
            if (answer.key() == null) {
                nullKeys++;
            } else if (answer.topic().equals("soak-uncorrelated")) {
                uncorrelated++;
            } else {
                answered.merge(answer.key(), 1, Integer::sum);
            }
        }
    }

    private static String key(int i) {
        return "soak-" + i;
    }

    /** Mixed sizes: every 10th request about 200 KB (through S3), every 7th malformed (a model failure). */
    private static String request(int i) {
        if (i % 7 == 6) {
            return "{\"text\": \"not closed " + i;
        }
        String text = i % 2 == 0 ? "great and fast " : "slow and broken ";
        return "{\"text\":\"" + (i % 10 == 9 ? text.repeat(200_000 / text.length()) : text + i) + "\"}";
    }

    private List<String> bridgeProperties(String brokers, int sageMakerPort, int s3Port, int sqsPort) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("camel.component.kafka.brokers", brokers);
        // a killed member's partitions move to the others after this, not after Kafka's default 45 s
        properties.put("camel.component.kafka.session-timeout-ms", "6000");
        properties.put("camel.component.kafka.heartbeat-interval-ms", "2000");
        properties.put("camel.component.sagemaker-async.region", SageMakerAsyncEmulator.DEFAULT_REGION);
        properties.put("camel.component.sagemaker-async.access-key", SageMakerAsyncEmulator.DEFAULT_ACCESS_KEY_ID);
        properties.put("camel.component.sagemaker-async.secret-key", SageMakerAsyncEmulator.DEFAULT_SECRET_ACCESS_KEY);
        properties.put("camel.component.sagemaker-async.override-endpoint", "true");
        properties.put("camel.component.sagemaker-async.uri-endpoint-override", "http://127.0.0.1:" + sageMakerPort);
        properties.put("camel.component.sagemaker-async.s3-uri-endpoint-override", "http://127.0.0.1:" + s3Port);
        properties.put("camel.component.sagemaker-async.sqs-uri-endpoint-override", "http://127.0.0.1:" + sqsPort);
        properties.put("camel.component.sagemaker-async.force-path-style", "true");
        properties.put("bridge.endpoint", "sentiment");
        properties.put("bridge.requests-topic", "soak-requests");
        properties.put("bridge.results-topic", "soak-results");
        properties.put("bridge.failures-topic", "soak-failures");
        properties.put("bridge.uncorrelated-topic", "soak-uncorrelated");
        properties.put("bridge.group-id", "soak-bridges");
        properties.put("bridge.input-location", "s3://" + BUCKET + "/soak-inputs");
        properties.put("bridge.notification-queue", "bridge-results");
        properties.put("bridge.jdbc-url", postgres.getJdbcUrl("postgres", "postgres"));
        properties.put("bridge.demo-requests", "0");
        return properties.entrySet().stream().map(entry -> "-D" + entry.getKey() + "=" + entry.getValue()).toList();
    }

    private Map<String, Integer> leftInS3(int s3Port) {
        Map<String, Integer> left = new LinkedHashMap<>();
        try (S3Client s3 = S3Client.builder().endpointOverride(URI.create("http://127.0.0.1:" + s3Port)).forcePathStyle(true)
                .region(Region.of(SageMakerAsyncEmulator.DEFAULT_REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        SageMakerAsyncEmulator.DEFAULT_ACCESS_KEY_ID, SageMakerAsyncEmulator.DEFAULT_SECRET_ACCESS_KEY)))
                .overrideConfiguration(o -> o.retryStrategy(software.amazon.awssdk.retries.DefaultRetryStrategy.standardStrategyBuilder()
                        .maxAttempts(10).build()))
                .build()) {
            for (String prefix : List.of("soak-inputs/", "sentiment/output/", "sentiment/failures/")) {
                // deletes still in flight (or retried after a fault) settle within seconds
                IntPredicate settled = count -> count == 0;
                int count = 0;
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                List<String> keys;
                do {
                    keys = s3.listObjectsV2Paginator(r -> r.bucket(BUCKET).prefix(prefix)).contents().stream()
                            .map(object -> object.key()).toList();
                    count = (int) keys.stream().filter(key -> !INTERRUPTED_WRITE.matcher(key).matches()).count();
                } while (!settled.test(count) && System.nanoTime() < deadline && pause());
                left.put(prefix, count);
                int debris = keys.size() - count;
                if (debris > 0) {
                    left.merge(INTERRUPTED_WRITES, debris, Integer::sum);
                }
                keys.forEach(key -> System.out.println("Left in S3: " + key));
            }
        }
        return left;
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static boolean pause() {
        try {
            Thread.sleep(1_000);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Kills the process with SIGKILL and starts it again with the same command line; returns the new one. */
    private Forked restart(Forked process) {
        process.kill();
        try {
            Forked restarted = fork(process.name + "-restarted", process.command, process.ready);
            forked.remove(process);
            return restarted;
        } catch (Exception e) {
            throw new IllegalStateException("Could not restart " + process.name, e);
        }
    }

    private Forked fork(String name, Class<?> main, List<String> jvmOptions, List<String> args, String ready) throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(args);
        return fork(name, command, ready);
    }

    private Forked fork(String name, List<String> command, String ready) throws Exception {
        Path log = work.resolve(name + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Forked started = new Forked(name, command, ready, process, log);
        forked.add(started);
        await().atMost(STARTUP).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited: " + Files.readString(log));
            }
            return started.lineStartingWith(ready) != null;
        });
        return started;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** A process of the soak: its command line (to restart it), what it prints when ready, and its log. */
    private record Forked(String name, List<String> command, String ready, Process process, Path log) {

        String lineStartingWith(String prefix) throws IOException {
            if (!Files.exists(log)) {
                return null;
            }
            for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                if (line.startsWith(prefix) || line.contains(prefix)) {
                    return line.substring(line.indexOf(prefix));
                }
            }
            return null;
        }

        void kill() {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
