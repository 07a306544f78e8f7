package io.github.sagemakerasync.benchmarks;

import java.time.Duration;
import java.util.List;

/**
 * How much each benchmark measures. {@link #full()} gives the published figures; {@link #smoke()} runs every part with
 * a few samples, to prove in the default build that the harness still works (its figures mean nothing).
 *
 * @param latencySamples      submit latency: samples per path, payload size and injected round trip
 * @param roundTrips          submit latency: the round trips injected at the SageMaker and S3 edges
 * @param throughputRequests  producer throughput: requests per round
 * @param throughputRounds    producer throughput: rounds per variant and concurrency, interleaved
 * @param inFlight            producer throughput: the concurrencies
 * @param backlog             result drain: results waiting when a drain starts
 * @param drainRounds         result drain: rounds per drain, interleaved
 * @param waiters             result drain: exchanges waiting for their result (waitForResult)
 * @param steadyRate          delivery delay: requests per second
 * @param steadyDuration      delivery delay: how long the steady flow lasts, per consumer
 * @param steadyWarmUp        delivery delay: the first part of the flow left out (the consumer leaves its idle backoff)
 * @param uploadBytes         memory: the generated stream's size
 * @param jmhIterations       allocation: JMH's warm-up and measurement iterations
 * @param jmhIteration        allocation: each iteration's time
 * @param jmhForks            allocation: JMH forks (0 runs in this JVM)
 */
record Settings(String name, int latencySamples, List<Duration> roundTrips, int throughputRequests, int throughputRounds,
                List<Integer> inFlight, int backlog, int drainRounds, int waiters, int steadyRate, Duration steadyDuration,
                Duration steadyWarmUp, long uploadBytes, int jmhIterations, Duration jmhIteration, int jmhForks) {

    static Settings full() {
        return new Settings("full", 400, List.of(Duration.ZERO, Duration.ofMillis(20)), 5_000, 5, List.of(1, 16, 128),
                10_000, 3, 1_000, 50, Duration.ofSeconds(60), Duration.ofSeconds(10), 1024L * 1024 * 1024, 3,
                Duration.ofSeconds(2), 1);
    }

    static Settings smoke() {
        return new Settings("smoke", 4, List.of(Duration.ZERO), 40, 1, List.of(1, 16), 60, 1, 20, 20, Duration.ofSeconds(2),
                Duration.ofMillis(500), 8L * 1024 * 1024, 1, Duration.ofMillis(200), 0);
    }

    static Settings named(String name) {
        return switch (name) {
            case "full" -> full();
            case "smoke" -> smoke();
            default -> throw new IllegalArgumentException("benchmarks mode is '" + name + "': it must be full or smoke");
        };
    }
}
