package io.github.sagemakerasync.camel;

import static io.github.sagemakerasync.camel.CorrelationStoreTest.correlation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The single-instance store on an embedded H2 file: the store contract, restarts, and a kill -9 of its process. */
class LocalCorrelationStoreTest {

    /** The child is killed once it has recorded this many: 2,000 in the default build, 10,000 with -Pfull. */
    private static final int KILLED_AFTER = Integer.getInteger("kills.correlations", 2_000);

    @TempDir
    Path directory;

    @Test
    void findsByEitherLocationOrByInferenceIdUntilRemoved() {
        try (LocalCorrelationStore store = LocalCorrelationStore.open(directory.resolve("correlations"))) {
            CorrelationStoreTest.assertFoundByEitherLocationUntilRemoved(store);
            CorrelationStoreTest.assertFoundByInferenceIdOnlyWithoutFailureLocation(store);
            assertThat(store.size()).isZero();
        }
    }

    @Test
    void aSecondCorrelationForThePendingOutputLocationReplacesTheFirstAndAnyCharacterIsKept() {
        Correlation odd = new Correlation("id = 'x'", "s3://results/dt=2026-11-29/out put/%20 \u00e9\u4e2d.out", null,
                PayloadMode.inline, null, Map.of("note", "a=b; 'quoted' \"double\" \n newline \u00e9", "empty", ""));
        Correlation replacing = new Correlation("id-2", odd.outputLocation(), "s3://results/fail/2-error.out",
                PayloadMode.s3, "s3://in/2", Map.of());
        try (LocalCorrelationStore store = LocalCorrelationStore.open(directory.resolve("correlations"))) {
            store.put(odd);
            assertThat(store.find(odd.outputLocation())).contains(odd);
            store.put(replacing);
            assertThat(store.find(odd.outputLocation())).contains(replacing);
            assertThat(store.size()).isEqualTo(1);
        }
    }

    @Test
    void placesNeverPassTheBound() throws Exception {
        try (LocalCorrelationStore store = LocalCorrelationStore.open(directory.resolve("places"))) {
            CorrelationStoreTest.assertPlacesNeverPassTheBound(store, store);
        }
    }

    @Test
    void keepsItsPaceWithABacklog() {
        try (LocalCorrelationStore store = LocalCorrelationStore.open(directory.resolve("depth"))) {
            System.out.println(CorrelationStoreTest.timeAtDepth(store, CorrelationStoreTest.PENDING));
            assertThat(store.size()).isZero();
        }
    }

    @Test
    void correlationsOutliveTheStoreBeingClosedAndOpenedAgain() {
        Path file = directory.resolve("correlations");
        try (LocalCorrelationStore store = LocalCorrelationStore.open(file)) {
            store.put(correlation(1));
            store.put(correlation(2));
            store.remove(correlation(1));
        }
        try (LocalCorrelationStore reopened = LocalCorrelationStore.open(file)) {
            assertThat(reopened.find("s3://b/out/1.out")).isEmpty();
            assertThat(reopened.find("s3://b/fail/2-error.out")).contains(correlation(2));
        }
    }

    @Test
    void everyCorrelationRecordedBeforeAKillDashNineIsThereAndTheFileServesOneProcessAtATime() throws Exception {
        Path file = directory.resolve("killed");
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                RecordingProcess.class.getName(), file.toString(), String.valueOf(2 * KILLED_AFTER))
                .redirectErrorStream(true).start();
        int lastRecorded = -1;
        boolean refusedWhileHeld = false;
        long startedAt = System.nanoTime();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (!line.startsWith("recorded ")) {
                    continue;
                }
                lastRecorded = Integer.parseInt(line.substring("recorded ".length()));
                if (lastRecorded == 100) {
                    assertThatThrownBy(() -> LocalCorrelationStore.open(file)).isInstanceOf(IllegalStateException.class)
                            .hasMessageStartingWith("Cannot open the correlation store " + file);
                    refusedWhileHeld = true;
                }
                if (lastRecorded >= KILLED_AFTER) {
                    // SIGKILL: no shutdown hook, no finally, no close of the database
                    child.destroyForcibly();
                    break;
                }
            }
        }
        long recordingMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt);
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(lastRecorded).isGreaterThanOrEqualTo(KILLED_AFTER);
        assertThat(refusedWhileHeld).isTrue();

        try (LocalCorrelationStore store = LocalCorrelationStore.open(file)) {
            for (int n = 0; n <= lastRecorded; n++) {
                assertThat(store.find("s3://b/fail/" + n + "-error.out")).as("correlation " + n).contains(correlation(n));
            }
            System.out.println("LocalCorrelationStore, kill -9 after " + (lastRecorded + 1) + " recorded correlations ("
                    + recordingMillis + " ms with the JVM's start): all found, " + store.size() + " in the file");
        }
    }

    /** Records correlations into the store in the file args[0], printing each once recorded. */
    public static final class RecordingProcess {
        public static void main(String[] args) {
            LocalCorrelationStore store = LocalCorrelationStore.open(Path.of(args[0]));
            for (int n = 0; n < Integer.parseInt(args[1]); n++) {
                store.put(correlation(n));
                System.out.println("recorded " + n);
            }
        }
    }
}
