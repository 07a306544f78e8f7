package io.github.sagemakerasync.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.camel.support.processor.state.FileStateRepository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorrelationStoreTest {

    /**
     * The n-th of a family of correlations, alternating payload modes, with carried headers and an acceptance time to
     * the nanosecond: every store's tests use it.
     */
    static Correlation correlation(int n) {
        return new Correlation("id-" + n, "s3://b/out/" + n + ".out", "s3://b/fail/" + n + "-error.out",
                n % 2 == 0 ? PayloadMode.s3 : PayloadMode.inline, n % 2 == 0 ? "s3://b/in/" + n : null,
                Map.of("requestNo", String.valueOf(n), "kafka.KEY", "key-" + n),
                Instant.parse("2026-12-06T10:15:30.123456789Z").plusSeconds(n),
                n % 2 == 0 ? Map.of() : Map.of("traceparent", String.format("00-%032x-%016x-01", n, n),
                        "tracestate", "vendor=" + n));
    }

    @Test
    void aCorrelationStoredBeforeTraceContextsWereKeptIsReadWithoutOne() {
        Correlation read = CorrelationJson.read("{\"inferenceId\":\"id-1\",\"outputLocation\":\"s3://b/out/1.out\","
                + "\"failureLocation\":null,\"payloadMode\":\"inline\",\"uploadedInput\":null,\"headers\":{}}");

        assertThat(read.traceContext()).isEmpty();
        assertThat(CorrelationJson.read(CorrelationJson.write(correlation(1)))).isEqualTo(correlation(1));
    }

    @Test
    void inMemoryStorePlacesNeverPassTheBound() throws Exception {
        InMemoryCorrelationStore store = new InMemoryCorrelationStore();
        assertPlacesNeverPassTheBound(store, store);
    }

    @Test
    void aStoreThatCannotCountRefusesPlacesClearly(@TempDir Path directory) {
        FileStateRepository file = FileStateRepository.fileStateRepository(directory.resolve("c.dat").toFile());
        StateRepositoryCorrelationStore store = new StateRepositoryCorrelationStore(file);

        assertThatThrownBy(() -> store.reservePlace("p", 5, Duration.ofMinutes(1))).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("The correlation store " + store + " cannot count its correlations (size() returns "
                        + "-1), which maxPendingInvocations counts");
    }

    /**
     * The contract of places (maxPendingInvocations): 16 threads race for 5 places with 2 correlations pending, exactly
     * 3 win; a released place is taken again, a recorded correlation counts as pending, a place past its lease is free.
     * Half the racers go through {@code other}: the same store, or another instance's view of it.
     */
    static void assertPlacesNeverPassTheBound(CorrelationStore store, CorrelationStore other) throws Exception {
        store.put(correlation(1));
        store.put(correlation(2));
        int bound = 5;
        ExecutorService threads = Executors.newFixedThreadPool(16);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> racers = new ArrayList<>();
        try {
            for (int i = 0; i < 16; i++) {
                String place = "place-" + i;
                CorrelationStore racing = i % 2 == 0 ? store : other;
                racers.add(threads.submit(() -> {
                    start.await();
                    return racing.reservePlace(place, bound, Duration.ofMinutes(1)) < bound ? place : null;
                }));
            }
            start.countDown();
            List<String> taken = new ArrayList<>();
            for (Future<String> racer : racers) {
                String place = racer.get(30, TimeUnit.SECONDS);
                if (place != null) {
                    taken.add(place);
                }
            }
            assertThat(taken).as("places taken").hasSize(3);
            assertThat(store.reservePlace("late", bound, Duration.ofMinutes(1))).as("found pending or placed").isEqualTo(5);

            store.releasePlace(taken.get(0));
            assertThat(store.reservePlace("after-release", bound, Duration.ofMinutes(1))).isEqualTo(4);
            // a recorded request counts: its place released after its correlation is in
            store.put(correlation(3));
            store.releasePlace(taken.get(1));
            assertThat(store.reservePlace("after-record", bound, Duration.ofMinutes(1))).isEqualTo(5);
            // a result delivered frees a place
            store.remove(correlation(1));
            assertThat(store.reservePlace("after-result", bound, Duration.ofMillis(1))).isEqualTo(4);
            // that place's lease ends: freed, though never released (its producer died)
            Thread.sleep(20);
            assertThat(store.reservePlace("after-lease", bound, Duration.ofMinutes(1))).isEqualTo(4);
        } finally {
            threads.shutdownNow();
        }
        for (String place : List.of("place-0", "after-release", "after-record", "after-lease")) {
            store.releasePlace(place);
        }
        for (int i = 0; i < 16; i++) {
            store.releasePlace("place-" + i);
        }
        store.remove(correlation(2));
        store.remove(correlation(3));
    }

    @Test
    void inMemoryStoreFindsByEitherLocationUntilRemoved() {
        InMemoryCorrelationStore store = new InMemoryCorrelationStore();
        assertFoundByEitherLocationUntilRemoved(store);
        assertThat(store.size()).isZero();
    }

    /**
     * The contract every store keeps: a correlation is found by its output and its failure location until removed,
     * whatever characters S3 keys hold (Hive-style {@code dt=...} folders, {@code %}).
     */
    static void assertFoundByEitherLocationUntilRemoved(CorrelationStore store) {
        Correlation hive = new Correlation("id-h", "s3://b/out/dt=2026-11-29/h.out", "s3://b/fail/dt=2026-11-29/h%3D-error.out",
                PayloadMode.inline, null, Map.of("note", "a=b"));
        Correlation lookalike = new Correlation("id-l", "s3://b/out/dt%3D2026-11-29/h.out", "s3://b/fail/l-error.out",
                PayloadMode.inline, null, Map.of());
        store.put(correlation(1));
        store.put(hive);
        store.put(lookalike);

        assertThat(store.find("s3://b/out/1.out")).contains(correlation(1));
        assertThat(store.find("s3://b/fail/1-error.out")).contains(correlation(1));
        assertThat(store.find("s3://b/out/dt=2026-11-29/h.out")).contains(hive);
        assertThat(store.find("s3://b/fail/dt=2026-11-29/h%3D-error.out")).contains(hive);
        assertThat(store.find("s3://b/out/dt%3D2026-11-29/h.out")).contains(lookalike);
        store.remove(correlation(1));
        store.remove(hive);
        store.remove(lookalike);
        assertThat(store.find("s3://b/out/1.out")).isEmpty();
        assertThat(store.find("s3://b/fail/1-error.out")).isEmpty();
        assertThat(store.find("s3://b/out/dt=2026-11-29/h.out")).isEmpty();
        assertThat(store.find("s3://b/out/dt%3D2026-11-29/h.out")).isEmpty();
    }

    @Test
    void aStoreOverAFileStateRepositoryKeepsTheContract(@TempDir Path directory) throws Exception {
        FileStateRepository file = FileStateRepository.fileStateRepository(directory.resolve("c.dat").toFile());
        file.start();
        try {
            StateRepositoryCorrelationStore store = new StateRepositoryCorrelationStore(file);
            assertFoundByEitherLocationUntilRemoved(store);
        } finally {
            file.stop();
        }
    }

    @Test
    void correlationsWithoutAFailureLocationAreFoundByTheirOutputOrTheirInferenceId(@TempDir Path directory) throws Exception {
        FileStateRepository file = FileStateRepository.fileStateRepository(directory.resolve("c.dat").toFile());
        file.start();
        for (CorrelationStore store : new CorrelationStore[] { new InMemoryCorrelationStore(), new StateRepositoryCorrelationStore(file) }) {
            assertFoundByInferenceIdOnlyWithoutFailureLocation(store);
        }
        file.stop();
    }

    /** How many correlations the depth tests hold: 500 in the default build, 100,000 with -Pfull (stores.pending). */
    static final int PENDING = Integer.getInteger("stores.pending", 500);

    /**
     * Fills the store with {@code pending} correlations and measures a put, a find and a remove near the top (the first
     * 1,000) and at depth (1,000 more on top of {@code pending}); checks every correlation at depth is found, then
     * removed. Returns the figures, for the run's output: a store whose operations grow with the backlog shows it.
     */
    static String timeAtDepth(CorrelationStore store, int pending) {
        long shallow = timeOneThousand(store, 0);
        for (int n = 1_000; n < pending; n++) {
            store.put(correlation(n));
        }
        long deep = timeOneThousand(store, pending);
        for (int n = 1_000; n < pending; n++) {
            store.remove(correlation(n));
        }
        return String.format("%s: put+find+remove %.0f us with 0 pending, %.0f us with %,d pending",
                store.getClass().getSimpleName(), shallow / 1_000.0, deep / 1_000.0, pending);
    }

    /** Nanoseconds per put, find and remove of 1,000 correlations numbered from {@code first}, all found. */
    private static long timeOneThousand(CorrelationStore store, int first) {
        long started = System.nanoTime();
        for (int n = first; n < first + 1_000; n++) {
            store.put(correlation(n));
        }
        for (int n = first; n < first + 1_000; n++) {
            assertThat(store.find("s3://b/fail/" + n + "-error.out")).isPresent();
        }
        for (int n = first; n < first + 1_000; n++) {
            store.remove(correlation(n));
        }
        return (System.nanoTime() - started) / 1_000;
    }

    @Test
    void inMemoryStoreKeepsItsPaceWithABacklog() {
        InMemoryCorrelationStore store = new InMemoryCorrelationStore(PENDING + 1_000);
        System.out.println(timeAtDepth(store, PENDING));
        assertThat(store.size()).isZero();
    }

    /** The contract for failures notified without location (an endpoint without S3FailurePath): every store keeps it. */
    static void assertFoundByInferenceIdOnlyWithoutFailureLocation(CorrelationStore store) {
        Correlation noFailurePath = new Correlation("id-9", "s3://b/out/9.out", null, PayloadMode.inline, null,
                Map.of("kafka.KEY", "key-9"));
        store.put(noFailurePath);
        store.put(correlation(10));

        assertThat(store.find("s3://b/out/9.out")).contains(noFailurePath);
        assertThat(store.findByInferenceId("id-9")).contains(noFailurePath);
        // a correlation with a failure location is found by that location, never by InferenceId
        assertThat(store.findByInferenceId("id-10")).isEmpty();
        store.remove(noFailurePath);
        store.remove(correlation(10));
        assertThat(store.find("s3://b/out/9.out")).isEmpty();
        assertThat(store.findByInferenceId("id-9")).isEmpty();
    }

    @Test
    void aSecondCorrelationForThePendingOutputLocationReplacesTheFirst() {
        InMemoryCorrelationStore store = new InMemoryCorrelationStore();
        assertReplacesAPendingOutputLocation(store);
        assertThat(store.size()).isEqualTo(1);
    }

    /** The contract for two pending requests with one output location (one InferenceId names both): the later wins. */
    static void assertReplacesAPendingOutputLocation(CorrelationStore store) {
        Correlation first = correlation(1);
        Correlation second = new Correlation("id-1b", first.outputLocation(), "s3://b/fail/1b-error.out",
                PayloadMode.inline, null, Map.of());
        store.put(first);
        store.put(second);

        assertThat(store.find(first.outputLocation())).contains(second);
        assertThat(store.find(first.failureLocation())).isEmpty();
        assertThat(store.find("s3://b/fail/1b-error.out")).contains(second);
    }

    @Test
    void inMemoryStoreDropsTheOldestPastItsCapacity() {
        InMemoryCorrelationStore store = new InMemoryCorrelationStore(3);
        for (int i = 1; i <= 5; i++) {
            store.put(correlation(i));
        }

        assertThat(store.size()).isEqualTo(3);
        assertThat(store.find("s3://b/out/1.out")).isEmpty();
        assertThat(store.find("s3://b/fail/2-error.out")).isEmpty();
        assertThat(store.find("s3://b/out/5.out")).contains(correlation(5));
        assertThatThrownBy(() -> new InMemoryCorrelationStore(0)).hasMessage("capacity must be at least 1, was 0");
    }

    @Test
    void stateRepositoryStoreSurvivesARestart(@TempDir Path directory) throws Exception {
        File file = directory.resolve("correlations.dat").toFile();
        FileStateRepository before = FileStateRepository.fileStateRepository(file);
        before.start();
        new StateRepositoryCorrelationStore(before).put(correlation(2));
        new StateRepositoryCorrelationStore(before).put(correlation(3));
        Correlation hive = new Correlation("id-h", "s3://b/out/dt=2026-11-29/h.out", "s3://b/fail/dt=2026-11-29/h-error.out",
                PayloadMode.inline, null, Map.of());
        new StateRepositoryCorrelationStore(before).put(hive);
        before.stop();

        FileStateRepository after = FileStateRepository.fileStateRepository(file);
        after.start();
        StateRepositoryCorrelationStore store = new StateRepositoryCorrelationStore(after);
        assertThat(store.find("s3://b/fail/2-error.out")).contains(correlation(2));
        assertThat(store.find("s3://b/out/3.out")).contains(correlation(3));
        assertThat(store.find("s3://b/fail/dt=2026-11-29/h-error.out")).contains(hive);
        store.remove(correlation(2));
        assertThat(store.find("s3://b/out/2.out")).isEmpty();
        after.stop();
    }
}
