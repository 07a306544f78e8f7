package io.github.sagemakerasync.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.github.sagemakerasync.emulator.AsyncEndpointConfig;
import io.github.sagemakerasync.emulator.SageMakerAsyncEmulator;
import io.github.sagemakerasync.emulator.model.ModelOutput;

/**
 * Memory: a generated stream of unknown length (1 GiB in the full run) goes to S3 from a JVM of its own with
 * {@value #HEAP} ({@link UploadProbe}): through the component's S3 path (upload, then InvokeEndpointAsync), and with the
 * SDK's multipart client as hand-written code uploads it. The emulator of this benchmark keeps its objects on disk, so
 * that nothing of the stream is held in this process either.
 */
final class UploadMemory {

    static final String HEAP = "-Xmx128m";
    private static final String ENDPOINT = "memory";
    private static final Pattern RESULT = Pattern.compile("RESULT millis=(\\d+) peakRssKb=(-?\\d+) peakHeapBytes=(\\d+)");

    private final Settings settings;

    UploadMemory(Settings settings) {
        this.settings = settings;
    }

    void run(Report report) throws Exception {
        Path data = Files.createTempDirectory("sagemaker-async-memory");
        Report.Table table = report.table("Memory: a " + size() + " stream of unknown length to S3, in a JVM with " + HEAP,
                "way", "completed", "time (s)", "MiB/s", "peak RSS (MiB)", "peak heap (MiB)");
        try (SageMakerAsyncEmulator emulator = SageMakerAsyncEmulator.builder().dataDirectory(data).bucket(Bench.INPUTS)
                .endpoint(AsyncEndpointConfig.builder(ENDPOINT).s3OutputPath("s3://memory/output")
                        .model(input -> ModelOutput.text("not read")).build())
                .start()) {
            // the model never reads the 1 GiB input: what is measured is the client's upload
            emulator.pauseWorkers();
            for (String way : List.of("component", "raw")) {
                Probe probe = probe(emulator, way);
                String label = way.equals("component") ? "component, S3 path (upload + InvokeEndpointAsync)"
                        : "raw SDK multipart client (upload only)";
                double seconds = probe.millis() / 1000.0;
                table.row(label, probe.completed() ? "yes" : "**no**", seconds,
                        settings.uploadBytes() / 1024.0 / 1024.0 / seconds, probe.peakRssKb() / 1024.0,
                        probe.peakHeapBytes() / 1024.0 / 1024.0);
                report.figure("memory " + way + " completed", probe.completed() ? 1 : 0);
                report.figure("memory " + way + " seconds", seconds);
                report.figure("memory " + way + " peak RSS MiB", probe.peakRssKb() / 1024.0);
            }
        } finally {
            try (Stream<Path> files = Files.walk(data)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
        table.note("Peak RSS is the process's VmHWM (heap, metaspace, threads, Netty's direct buffers...); peak heap adds "
                + "up the heap pools' peaks. Default multipart settings on both sides (8 MiB parts for the component, the "
                + "SDK's for the raw client).");
    }

    private String size() {
        long bytes = settings.uploadBytes();
        return bytes >= 1024L * 1024 * 1024 ? bytes / (1024L * 1024 * 1024) + " GiB" : bytes / (1024 * 1024) + " MiB";
    }

    private Probe probe(SageMakerAsyncEmulator emulator, String way) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                HEAP, "-cp", System.getProperty("java.class.path"), UploadProbe.class.getName(), way,
                Long.toString(settings.uploadBytes()), emulator.sageMakerEndpoint().toString(),
                emulator.s3Endpoint().toString(), emulator.region(), emulator.accessKeyId(), emulator.secretAccessKey(),
                ENDPOINT));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        Probe probe = null;
        StringBuilder output = new StringBuilder();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                Matcher result = RESULT.matcher(line);
                if (result.find()) {
                    probe = new Probe(true, Long.parseLong(result.group(1)), Long.parseLong(result.group(2)),
                            Long.parseLong(result.group(3)));
                } else if (output.length() < 20_000) {
                    output.append(line).append('\n');
                }
            }
        }
        if (!process.waitFor(30, TimeUnit.MINUTES)) {
            process.destroyForcibly();
        }
        if (probe == null) {
            System.err.println("The " + way + " upload probe did not complete (exit " + process.exitValue() + "):\n" + output);
            return new Probe(false, 0, -1, 0);
        }
        return probe;
    }

    private record Probe(boolean completed, long millis, long peakRssKb, long peakHeapBytes) {
    }
}
