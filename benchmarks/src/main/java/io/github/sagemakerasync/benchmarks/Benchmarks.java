package io.github.sagemakerasync.benchmarks;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;

/**
 * The one command of the benchmarks: runs every part against the in-process emulator, prints the report (Markdown) and
 * writes it with its figures and chart.
 *
 * <p>Arguments: {@code full|smoke} {@code <output folder>} [{@code <figures.json of an earlier run>} {@code <its label>}]
 * (the earlier run's drain rates are drawn beside this run's, as "before"; an empty file name for none). Or
 * {@code chart <figures.json> <png> [<earlier figures.json> <its label>]} draws the chart of a recorded full run again.
 */
public final class Benchmarks {

    static final String COMMAND = "mvn -B -q -pl benchmarks -am -DskipTests package exec:exec@benchmarks";
    private static final Set<String> PARTS = Set.of("submit", "throughput", "drain", "notifications", "memory", "allocation");

    private Benchmarks() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("chart")) {
            redraw(args);
            return;
        }
        if (args.length != 2 && args.length != 4) {
            throw new IllegalArgumentException("arguments: full|smoke <output folder> [<earlier figures.json> <its label>]");
        }
        Settings settings = Settings.named(args[0]);
        Path out = Path.of(args[1]);
        boolean compared = args.length == 4 && !args[2].isBlank();
        Map<String, Object> before = compared ? readFigures(Path.of(args[2])) : null;
        Report report = run(settings, out, before, compared ? args[3] : null);
        System.out.println(report.markdown());
        System.out.println("Written to " + out.toAbsolutePath());
        System.exit(0);
    }

    /** The chart of a recorded full run, from its figures.json. */
    private static void redraw(String[] args) throws Exception {
        Report report = new Report();
        readFigures(Path.of(args[1])).forEach((name, value) -> {
            if (value instanceof Number number) {
                report.figure(name, number.doubleValue());
            }
        });
        Map<String, Object> before = args.length >= 5 ? readFigures(Path.of(args[3])) : null;
        Charts.write(report, Settings.full(), before, args.length >= 5 ? args[4] : null, Path.of(args[2]));
    }

    /** Runs every benchmark; writes report.md, figures.json and benchmarks.png into {@code out}. */
    static Report run(Settings settings, Path out, Map<String, Object> before, String beforeLabel) throws Exception {
        Report report = new Report();
        LoadAverage load = new LoadAverage();
        Instant started = Instant.now();
        Set<String> parts = parts();
        Map<String, Long> seconds = new LinkedHashMap<>();
        try {
            try (Bench bench = new Bench()) {
                timed("submit", parts, seconds, () -> new SubmitLatency(bench, settings).run(report));
                timed("throughput", parts, seconds, () -> new ProducerThroughput(bench, settings).run(report));
                timed("drain", parts, seconds, () -> new ResultDrain(bench, settings).run(report));
                timed("notifications", parts, seconds, () -> new NotificationDrain(bench, settings).run(report));
            }
            timed("memory", parts, seconds, () -> new UploadMemory(settings).run(report));
            timed("allocation", parts, seconds, () -> InlineSendAllocation.run(settings, report));
        } finally {
            load.stop();
        }
        describe(report, settings, started, load, parts);
        report.describe("- seconds per part: " + seconds);
        if (parts.equals(PARTS)) {
            targets(report, settings);
            report.write(out);
            Charts.write(report, settings, before, beforeLabel, out.resolve("benchmarks.png"));
        } else {
            report.write(out);
        }
        return report;
    }

    private interface Part {
        void run() throws Exception;
    }

    /** Runs the part when it is asked for, and keeps how long it took. */
    private static void timed(String name, Set<String> parts, Map<String, Long> seconds, Part part) throws Exception {
        if (parts.contains(name)) {
            long started = System.nanoTime();
            part.run();
            seconds.put(name, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
        }
    }

    /**
     * The parts to run: all of them, unless the system property benchmarks.only names some (comma-separated; for a
     * look at one part while working on it: no targets or chart then).
     */
    private static Set<String> parts() {
        String only = System.getProperty("benchmarks.only", "").trim();
        if (only.isEmpty()) {
            return PARTS;
        }
        Set<String> parts = new TreeSet<>(Arrays.asList(only.split("\\s*,\\s*")));
        if (!PARTS.containsAll(parts)) {
            throw new IllegalArgumentException("benchmarks.only is '" + only + "': it names parts among " + new TreeSet<>(PARTS));
        }
        return parts;
    }

    /** The targets, each checked against this run. */
    private static void targets(Report report, Settings settings) {
        report.target("result drain, consumer (results/s)", report.figure("drain " + ResultDrain.CONSUMER + " results/s"),
                true, 1_000, "%,.0f");
        report.target("result drain, consumer / raw SDK loop", report.figure("drain " + ResultDrain.CONSUMER + " results/s")
                / report.figure("drain " + ResultDrain.RAW + " results/s"), true, 0.8, "%.2f");
        report.target("S3 requests per delivered result, besides its DELETE", report.figure("drain " + ResultDrain.CONSUMER
                + " GET+LIST per result"), false, 1.02, "%.3f");
        for (int inFlight : settings.inFlight()) {
            report.target("producer throughput, component / raw, " + inFlight + " in flight",
                    report.figure("throughput " + inFlight + " in flight component")
                            / report.figure("throughput " + inFlight + " in flight raw"), true, 0.95, "%.2f");
        }
        for (int size : SubmitLatency.SIZES) {
            String at20 = "submit 20 ms " + size / 1024 + " KB ";
            report.target("submit p50 at 20 ms, " + size / 1024 + " KB: inline / through S3",
                    report.figure(at20 + SubmitLatency.INLINE + " p50") / report.figure(at20 + SubmitLatency.S3 + " p50"),
                    false, 0.55, "%.2f");
        }
        for (Duration roundTrip : settings.roundTrips()) {
            for (int size : SubmitLatency.SIZES) {
                String key = "submit " + roundTrip.toMillis() + " ms " + size / 1024 + " KB ";
                report.target("submit p50 overhead over the raw SDK call, " + size / 1024 + " KB, " + roundTrip.toMillis()
                        + " ms", report.figure(key + SubmitLatency.INLINE + " p50") / report.figure(key + SubmitLatency.RAW
                        + " p50") - 1, false, 0.05, "%+.3f");
                report.target("submit p50 overhead over the raw SDK call in a Camel processor, " + size / 1024 + " KB, "
                        + roundTrip.toMillis() + " ms", report.figure(key + SubmitLatency.INLINE + " p50")
                        / report.figure(key + SubmitLatency.IN_ROUTE + " p50") - 1, false, 0.05, "%+.3f");
            }
        }
        report.target("the component's upload completes at " + UploadMemory.HEAP + " (1 = yes)",
                report.figure("memory component completed"), true, 1, "%.0f");
    }

    private static void describe(Report report, Settings settings, Instant started, LoadAverage load, Set<String> parts) {
        Runtime runtime = Runtime.getRuntime();
        report.describe("- run: " + settings.name() + (parts.equals(PARTS) ? "" : " (only " + String.join(", ", parts) + ")")
                + ", " + started.truncatedTo(ChronoUnit.SECONDS) + ", " + Duration.between(started, Instant.now()).toSeconds() + " s");
        report.describe("- command: `" + COMMAND + (settings.name().equals("full") ? "" : " -Dbenchmarks.mode=" + settings.name())
                + "`");
        report.describe("- machine: " + runtime.availableProcessors() + " cores (" + cpuModel() + "), "
                + System.getProperty("os.name") + " " + System.getProperty("os.version") + "; JVM "
                + System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version") + ", heap up to "
                + runtime.maxMemory() / 1024 / 1024 + " MiB");
        report.describe(String.format(Locale.ROOT, "- load average during the run: min %.2f, mean %.2f, max %.2f "
                + "(sampled every second)", load.min, load.mean(), load.max));
        report.describe("- everything in one process against the in-process emulator (SageMaker API, S3 through S3Proxy, "
                + "SQS through ElasticMQ, all on 127.0.0.1), except the memory probes (a JVM each) and JMH's fork");
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8)) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (Exception e) {
            // not Linux: the model stays unknown
        }
        return "model unknown";
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> readFigures(Path file) throws Exception {
        return (JsonObject) Jsoner.deserialize(Files.readString(file, StandardCharsets.UTF_8));
    }

    /** The system load average, sampled every second while the benchmarks run. */
    private static final class LoadAverage {
        private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "load-average");
            thread.setDaemon(true);
            return thread;
        });
        private double min = Double.MAX_VALUE;
        private double max;
        private double sum;
        private int samples;

        LoadAverage() {
            sampler.scheduleAtFixedRate(this::sample, 0, 1, TimeUnit.SECONDS);
        }

        private synchronized void sample() {
            double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            if (load >= 0) {
                min = Math.min(min, load);
                max = Math.max(max, load);
                sum += load;
                samples++;
            }
        }

        synchronized double mean() {
            return samples == 0 ? Double.NaN : sum / samples;
        }

        void stop() {
            sampler.shutdownNow();
        }
    }
}
