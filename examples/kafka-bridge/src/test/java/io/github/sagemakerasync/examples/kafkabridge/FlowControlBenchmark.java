package io.github.sagemakerasync.examples.kafkabridge;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.sagemakerasync.camel.CorrelationStore;
import io.github.sagemakerasync.emulator.AsyncEndpointConfig;
import io.github.sagemakerasync.emulator.AutoScaling;
import io.github.sagemakerasync.emulator.EndpointMetrics;
import io.github.sagemakerasync.emulator.SageMakerAsyncEmulator;
import io.github.sagemakerasync.emulator.model.ModelInput;
import io.github.sagemakerasync.emulator.model.ModelOutput;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/**
 * What a bound on pending requests does to a Kafka backlog, side by side in one run: the bridge drains a topic of
 * {@code flow.requests} records (20,000) into an endpoint of 2 instances × 4 workers with a 50 ms model, every request
 * with RequestTTLSeconds 60, without a bound and with {@code bridge.max-pending}; the same at-least-once (the bridge's
 * fastest) with {@code flow.long-requests} (40,000), a backlog long enough for requests to expire without the bound;
 * then an endpoint scaled to zero, with the bound ({@code flow.from-zero-requests}, 3,000). Reported: answered, failed
 * (expired requests are answered as failures), SageMaker's ExpiredRequests, the most requests in its queue at once, the
 * most pending, time to drain, time to the first result.
 *
 * <pre>
 * mvn -B -q -pl examples/kafka-bridge -am -DskipTests package exec:exec@flow [-Dflow.requests=20000]
 * </pre>
 */
public final class FlowControlBenchmark {

    private static final int REQUESTS = Integer.getInteger("flow.requests", 20_000);
    /** The backlog of the runs that show expiry: the bridge at-least-once, its fastest, still sends 1.5x the pace. */
    private static final int LONG_REQUESTS = Integer.getInteger("flow.long-requests", 40_000);
    private static final int FROM_ZERO_REQUESTS = Integer.getInteger("flow.from-zero-requests", 3_000);
    private static final int BOUND = Integer.getInteger("flow.bound", 160);
    /** Consumer threads of the bridge, and partitions of the requests topic. */
    private static final int CONSUMERS = Integer.getInteger("flow.consumers", 12);
    private static final Duration TIMEOUT = Duration.ofMinutes(20);

    private FlowControlBenchmark() {
    }

    private record Run(String name, int records, int answered, int failed, long expired, int mostQueued, int mostPending,
                       double secondsToDrain, double secondsToFirst, List<Double> seconds, List<Double> queued) {

        @Override
        public String toString() {
            return String.format("%s: %,d records, %,d answered, %,d failed, %,d expired, most queued %,d, most pending %,d, "
                    + "%.0f s to drain, first result %.1f s", name, records, answered, failed, expired, mostQueued,
                    mostPending, secondsToDrain, secondsToFirst);
        }
    }

    public static void main(String[] args) throws Exception {
        List<Run> runs = new ArrayList<>();
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            runs.add(run(kafka, "no bound", REQUESTS, 0, "exactly-once", fixed("unbounded")));
            runs.add(run(kafka, "bridge.max-pending=" + BOUND, REQUESTS, BOUND, "exactly-once", fixed("bounded")));
            runs.add(run(kafka, "no bound, at-least-once", LONG_REQUESTS, 0, "at-least-once", fixed("long-unbounded")));
            runs.add(run(kafka, "bridge.max-pending=" + BOUND + ", at-least-once", LONG_REQUESTS, BOUND, "at-least-once",
                    fixed("long-bounded")));
            runs.add(run(kafka, "bridge.max-pending=" + BOUND + ", from zero instances", FROM_ZERO_REQUESTS, BOUND,
                    "exactly-once",
                    AsyncEndpointConfig.builder("from-zero").s3OutputPath("s3://sagemaker-async/from-zero/output")
                            .s3FailurePath("s3://sagemaker-async/from-zero/failures").instances(0)
                            .maxConcurrentInvocationsPerInstance(4)
                            .autoScaling(AutoScaling.of(0, 2, 40).withScaleOutDelay(Duration.ofSeconds(10)))
                            .model(FlowControlBenchmark::fiftyMilliseconds).build()));
        }
        System.out.printf("%nRequestTTLSeconds 60, 2 instances x 4 workers, a 50 ms model (160 requests/s at most); one "
                + "bridge instance, %d consumer threads on %d partitions%n", CONSUMERS, CONSUMERS);
        System.out.println("| run | records | answered | failed (expired) | expired (metric) | most in SageMaker's queue "
                + "| most pending (correlations) | time to drain (s) | first result (s) |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        for (Run run : runs) {
            System.out.printf("| %s | %,d | %,d | %,d | %,d | %,d | %,d | %.0f | %.1f |%n", run.name, run.records,
                    run.answered, run.failed, run.expired, run.mostQueued, run.mostPending, run.secondsToDrain,
                    run.secondsToFirst);
        }
        Path chart = Path.of(System.getProperty("flow.chart", "target/flow-control.png"));
        chart(runs, chart);
        System.out.println("Chart: " + chart.toAbsolutePath());
    }

    /** SageMaker's queue over time, one line per run: what the table's "most in SageMaker's queue" sums up. */
    private static void chart(List<Run> runs, Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(1000).height(560)
                .title("Requests in SageMaker's queue (2 instances x 4 workers, 50 ms model, RequestTTLSeconds 60)")
                .xAxisTitle("seconds since the bridge started").yAxisTitle("requests queued").build();
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setMarkerSize(0);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        for (Run run : runs) {
            List<Double> queued = run.queued.stream().map(depth -> Math.max(1.0, depth)).toList();
            chart.addSeries(run.name + " (" + String.format("%,d", run.records) + " records, " + String.format("%,d", run.expired)
                    + " expired)", run.seconds, queued);
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static AsyncEndpointConfig fixed(String name) {
        return AsyncEndpointConfig.builder(name).s3OutputPath("s3://sagemaker-async/" + name + "/output")
                .s3FailurePath("s3://sagemaker-async/" + name + "/failures").instances(2)
                .maxConcurrentInvocationsPerInstance(4).model(FlowControlBenchmark::fiftyMilliseconds).build();
    }

    private static ModelOutput fiftyMilliseconds(ModelInput input)
            throws Exception {
        input.readBody();
        Thread.sleep(50);
        return ModelOutput.json("{\"label\":\"POSITIVE\"}");
    }

    /** @param bound bridge.max-pending; 0 for none */
    private static Run run(EmbeddedKafka kafka, String name, int requests, int bound, String guarantee,
                           AsyncEndpointConfig endpoint) throws Exception {
        String suffix = "-" + endpoint.name();
        List<String> answerTopics = List.of("results" + suffix, "failures" + suffix, "uncorrelated" + suffix);
        kafka.createTopics(CONSUMERS, List.of("requests" + suffix));
        kafka.createTopics(3, answerTopics);
        try (SageMakerAsyncEmulator emulator = SageMakerAsyncEmulator.builder().endpoint(endpoint).start();
             DemoClient client = new DemoClient(kafka.bootstrapServers(), answerTopics, "reader" + suffix)) {
            for (int i = 0; i < requests; i++) {
                client.send("requests" + suffix, "request-" + i, "{\"text\":\"review " + i + "\"}");
            }
            client.flush();
            Map<String, String> properties = new HashMap<>(emulator.camelComponentProperties());
            properties.put(BridgeExample.BROKERS_PROPERTY, kafka.bootstrapServers());
            properties.put("camel.component.sagemaker-async.request-ttl-seconds", "60");
            properties.put("bridge.endpoint", endpoint.name());
            // the threads send faster than the endpoint runs: without a bound its queue grows
            properties.put("bridge.consumers", String.valueOf(CONSUMERS));
            properties.put("bridge.guarantee", guarantee);
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
            List<Double> seconds = new CopyOnWriteArrayList<>();
            List<Double> queued = new CopyOnWriteArrayList<>();
            ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
            long start = System.nanoTime();
            double first = 0;
            int answered = 0;
            int failed = 0;
            try (Bridge bridge = Bridge.start(properties)) {
                CorrelationStore store = bridge.context().getRegistry()
                        .lookupByNameAndType("correlationStore", CorrelationStore.class);
                AtomicInteger samples = new AtomicInteger();
                sampler.scheduleAtFixedRate(() -> {
                    EndpointMetrics metrics = emulator.metrics(endpoint.name());
                    mostQueued.accumulateAndGet(metrics.approximateBacklogSize(), Math::max);
                    mostPending.accumulateAndGet(store.size(), Math::max);
                    if (samples.getAndIncrement() % 10 == 0) {
                        seconds.add((System.nanoTime() - start) / 1e9);
                        queued.add((double) metrics.approximateBacklogSize());
                    }
                }, 0, 100, TimeUnit.MILLISECONDS);
                long deadline = System.nanoTime() + TIMEOUT.toNanos();
                while (answered + failed < requests && System.nanoTime() < deadline) {
                    for (DemoClient.Answer answer : client.awaitAnswers(requests, Duration.ofMillis(500))) {
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
            double elapsed = (System.nanoTime() - start) / 1e9;
            Run run = new Run(name, requests, answered, failed, emulator.metrics(endpoint.name()).expiredRequests(),
                    mostQueued.get(), mostPending.get(), elapsed, first, List.copyOf(seconds), List.copyOf(queued));
            System.out.println(run);
            return run;
        }
    }
}
