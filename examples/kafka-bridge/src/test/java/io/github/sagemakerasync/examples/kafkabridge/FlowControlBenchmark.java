package io.github.sagemakerasync.examples.kafkabridge;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.sagemakerasync.camel.CorrelationStore;
import io.github.sagemakerasync.emulator.AsyncEndpointConfig;
import io.github.sagemakerasync.emulator.AutoScaling;
import io.github.sagemakerasync.emulator.EndpointMetrics;
import io.github.sagemakerasync.emulator.SageMakerAsyncEmulator;
import io.github.sagemakerasync.emulator.model.ModelOutput;

/**
 * What a bound on pending requests does to a Kafka backlog, side by side in one run: the bridge drains a topic of
 * {@code flow.requests} records into an endpoint of 2 instances × 4 workers with a 50 ms model, every request with
 * RequestTTLSeconds 60, without a bound and with {@code bridge.max-pending}; then an endpoint scaled to zero, with the
 * bound. Reported: answered, expired, the most requests in SageMaker's queue at once, time to drain, time to the first
 * result.
 *
 * <pre>
 * mvn -B -q -pl examples/kafka-bridge -am -DskipTests package exec:exec@flow [-Dflow.requests=20000]
 * </pre>
 */
public final class FlowControlBenchmark {

    private static final int REQUESTS = Integer.getInteger("flow.requests", 20_000);
    private static final int BOUND = Integer.getInteger("flow.bound", 160);
    /** Consumer threads of the bridge, and partitions of the requests topic. */
    private static final int CONSUMERS = Integer.getInteger("flow.consumers", 12);
    private static final Duration TIMEOUT = Duration.ofMinutes(20);

    private FlowControlBenchmark() {
    }

    private record Run(String name, int answered, int failed, long expired, int mostQueued, int mostPending,
                       double secondsToDrain, double secondsToFirst) {
    }

    public static void main(String[] args) throws Exception {
        List<Run> runs = new ArrayList<>();
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            runs.add(run(kafka, "no bound", 0, 0, fixed("unbounded")));
            runs.add(run(kafka, "bridge.max-pending=" + BOUND + " (route policy)", BOUND, 0, fixed("bounded")));
            runs.add(run(kafka, "maxPendingInvocations=" + BOUND + " (producer)", 0, BOUND, fixed("producer-bound")));
            runs.add(run(kafka, "bridge.max-pending=" + BOUND + ", from zero instances", BOUND, 0,
                    AsyncEndpointConfig.builder("from-zero").s3OutputPath("s3://sagemaker-async/from-zero/output")
                            .s3FailurePath("s3://sagemaker-async/from-zero/failures").instances(0)
                            .maxConcurrentInvocationsPerInstance(4)
                            .autoScaling(AutoScaling.of(0, 2, 40).withScaleOutDelay(Duration.ofSeconds(10)))
                            .model(FlowControlBenchmark::fiftyMilliseconds).build()));
        }
        System.out.printf("%n%,d requests, RequestTTLSeconds 60, 2 instances x 4 workers, a 50 ms model "
                + "(160 requests/s at most); one bridge instance, %d consumer threads on %d partitions%n", REQUESTS, CONSUMERS,
                CONSUMERS);
        System.out.println("| run | answered | expired | most in SageMaker's queue | most pending (correlations) "
                + "| time to drain (s) | first result (s) |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (Run run : runs) {
            System.out.printf("| %s | %,d | %,d | %,d | %,d | %.0f | %.1f |%n", run.name, run.answered, run.expired,
                    run.mostQueued, run.mostPending, run.secondsToDrain, run.secondsToFirst);
        }
    }

    private static AsyncEndpointConfig fixed(String name) {
        return AsyncEndpointConfig.builder(name).s3OutputPath("s3://sagemaker-async/" + name + "/output")
                .s3FailurePath("s3://sagemaker-async/" + name + "/failures").instances(2)
                .maxConcurrentInvocationsPerInstance(4).model(FlowControlBenchmark::fiftyMilliseconds).build();
    }

    private static ModelOutput fiftyMilliseconds(io.github.sagemakerasync.emulator.model.ModelInput input)
            throws Exception {
        input.readBody();
        Thread.sleep(50);
        return ModelOutput.json("{\"label\":\"POSITIVE\"}");
    }

    /**
     * @param bound the route policy's, bridge.max-pending; 0 for none
     * @param producerBound the producer's, maxPendingInvocations; 0 for none
     */
    private static Run run(EmbeddedKafka kafka, String name, int bound, int producerBound, AsyncEndpointConfig endpoint)
            throws Exception {
        String suffix = "-" + endpoint.name();
        List<String> answerTopics = List.of("results" + suffix, "failures" + suffix, "uncorrelated" + suffix);
        kafka.createTopics(CONSUMERS, List.of("requests" + suffix));
        kafka.createTopics(3, answerTopics);
        try (SageMakerAsyncEmulator emulator = SageMakerAsyncEmulator.builder().endpoint(endpoint).start();
             DemoClient client = new DemoClient(kafka.bootstrapServers(), answerTopics, "reader" + suffix)) {
            for (int i = 0; i < REQUESTS; i++) {
                client.send("requests" + suffix, "request-" + i, "{\"text\":\"review " + i + "\"}");
            }
            client.flush();
            Map<String, String> properties = new java.util.HashMap<>(emulator.camelComponentProperties());
            properties.put(BridgeExample.BROKERS_PROPERTY, kafka.bootstrapServers());
            properties.put("camel.component.sagemaker-async.request-ttl-seconds", "60");
            properties.put("bridge.endpoint", endpoint.name());
            // the threads send faster than the endpoint runs: without a bound its queue grows
            properties.put("bridge.consumers", String.valueOf(CONSUMERS));
            if (producerBound > 0) {
                properties.put("camel.component.sagemaker-async.max-pending-invocations", String.valueOf(producerBound));
            }
            properties.put("bridge.requests-topic", "requests" + suffix);
            properties.put("bridge.results-topic", answerTopics.get(0));
            properties.put("bridge.failures-topic", answerTopics.get(1));
            properties.put("bridge.uncorrelated-topic", answerTopics.get(2));
            properties.put("bridge.group-id", "bridge" + suffix);
            properties.put("bridge.output-location", endpoint.s3OutputPath().toString());
            properties.put("bridge.failure-location", endpoint.s3FailurePath().toString());
            properties.put("bridge.max-pending", String.valueOf(bound));
            properties.put(Bridge.CORRELATION_FILE, Files.createTempFile("flow", ".dat").toString());
            AtomicInteger mostQueued = new AtomicInteger();
            AtomicInteger mostPending = new AtomicInteger();
            ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
            long start = System.nanoTime();
            double first = 0;
            int answered = 0;
            int failed = 0;
            try (Bridge bridge = Bridge.start(properties)) {
                CorrelationStore store = bridge.context().getRegistry()
                        .lookupByNameAndType("correlationStore", CorrelationStore.class);
                sampler.scheduleAtFixedRate(() -> {
                    EndpointMetrics metrics = emulator.metrics(endpoint.name());
                    mostQueued.accumulateAndGet(metrics.approximateBacklogSize(), Math::max);
                    mostPending.accumulateAndGet(store.size(), Math::max);
                }, 0, 100, TimeUnit.MILLISECONDS);
                long deadline = System.nanoTime() + TIMEOUT.toNanos();
                while (answered + failed < REQUESTS && System.nanoTime() < deadline) {
                    for (DemoClient.Answer answer : client.awaitAnswers(REQUESTS, Duration.ofMillis(500))) {
                        if (first == 0) {
                            first = (System.nanoTime() - start) / 1e9;
                        }
                        if (answer.topic().equals(answerTopics.get(0))) {
                            answered++;
                        } else {
                            failed++;
                        }
                    }
                }
            } finally {
                sampler.shutdownNow();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Run run = new Run(name, answered, failed, emulator.metrics(endpoint.name()).expiredRequests(),
                    mostQueued.get(), mostPending.get(), seconds, first);
            System.out.println(run);
            return run;
        }
    }
}
