package io.github.sagemakerasync.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmarks still run: every part with a few samples ({@link Settings#smoke()}), the memory probe in a JVM of its
 * own, JMH in this one. Its figures mean nothing and are not checked against the targets; the full run is
 * {@value Benchmarks#COMMAND}.
 */
class BenchmarksSmokeTest {

    @Test
    void everyPartRunsAndTheReportFiguresAndChartAreWritten(@TempDir Path out) throws Exception {
        Report report = Benchmarks.run(Settings.smoke(), out, null, null);

        assertThat(report.markdown()).contains("### Targets", "### Submit latency", "### Producer throughput",
                "### Result drain", "### Delivery delay", "### Memory", "### Allocation per 100 KB inline send",
                "- machine: ", "- load average during the run: ");
        assertThat(report.figure("drain " + ResultDrain.CONSUMER + " results/s")).isPositive();
        assertThat(report.figure("drain " + ResultDrain.RAW + " results/s")).isPositive();
        assertThat(report.figure("drain waiters results/s")).isPositive();
        assertThat(report.figure("throughput 16 in flight component")).isPositive();
        assertThat(report.figure("submit 0 ms 100 KB " + SubmitLatency.TRADITIONAL + " p50")).isPositive();
        assertThat(report.figure("submit 0 ms 4 KB " + SubmitLatency.IN_ROUTE + " p50")).isPositive();
        assertThat(report.figure("delay " + ResultDrain.NOTIFIED + " p50")).isPositive();
        assertThat(report.figure("memory component completed")).isEqualTo(1);
        assertThat(report.figure("memory raw completed")).isEqualTo(1);
        assertThat(report.figure("allocation component bytes per send")).isPositive();
        assertThat(out.resolve("report.md")).exists();
        assertThat(Files.readString(out.resolve("figures.json"))).contains("\"memory component completed\":1.0");
        assertThat(Files.size(out.resolve("benchmarks.png"))).isGreaterThan(10_000);
    }
}
