package io.github.sagemakerasync.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;

/**
 * The memory benchmark's own JVM (started with -Xmx128m by {@link UploadMemory}): uploads a generated stream of
 * unknown length through the component's S3 path, or with the SDK's multipart client as hand-written code does, to
 * the emulator of the parent process; then prints its time and peak memory on one line.
 *
 * <p>Arguments: {@code component|raw} bytes sageMakerUri s3Uri region accessKey secretKey endpointName
 */
public final class UploadProbe {

    private UploadProbe() {
    }

    public static void main(String[] args) throws Exception {
        String way = args[0];
        long size = Long.parseLong(args[1]);
        long started = System.nanoTime();
        if (way.equals("component")) {
            viaComponent(size, args);
        } else if (way.equals("raw")) {
            viaSdk(size, args);
        } else {
            throw new IllegalArgumentException("way must be component or raw, was " + way);
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.println("RESULT millis=" + millis + " peakRssKb=" + peakRssKb() + " peakHeapBytes=" + peakHeap());
        System.exit(0);
    }

    private static void viaComponent(long size, String[] args) throws Exception {
        CamelContext camel = new DefaultCamelContext();
        camel.setStreamCaching(false);
        camel.getRegistry().bind("sagemaker-async", Bench.component(args[2], args[3], null, args[4], args[5], args[6]));
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:upload").to("sagemaker-async:" + args[7] + "?payloadMode=s3&inputLocation=s3://"
                        + Bench.INPUTS + "/memory-component&contentType=application/octet-stream");
            }
        });
        camel.start();
        try (ProducerTemplate template = camel.createProducerTemplate()) {
            template.requestBody("direct:upload", new GeneratedStream(size));
        } finally {
            camel.close();
        }
    }

    private static void viaSdk(long size, String[] args) {
        ExecutorService readers = Executors.newSingleThreadExecutor();
        try (S3AsyncClient s3 = S3AsyncClient.builder().endpointOverride(URI.create(args[3])).forcePathStyle(true)
                .region(Region.of(args[4]))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(args[5], args[6])))
                .multipartEnabled(true).build()) {
            s3.putObject(r -> r.bucket(Bench.INPUTS).key("memory-raw/stream").contentType("application/octet-stream"),
                    AsyncRequestBody.fromInputStream(new GeneratedStream(size), null, readers)).join();
        } finally {
            readers.shutdownNow();
        }
    }

    /** The most resident memory this process had (VmHWM), in KB; -1 where /proc does not tell. */
    private static long peakRssKb() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return -1;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    /** The most heap in use at once, over the heap's pools. */
    private static long peakHeap() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }
}
