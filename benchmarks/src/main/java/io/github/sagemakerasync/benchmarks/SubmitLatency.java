package io.github.sagemakerasync.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import software.amazon.awssdk.core.async.AsyncRequestBody;

/**
 * Submit latency: from handing over a payload to SageMaker having accepted it (the 202), one request at a time, for
 * five ways of sending it: the component inline, the component through S3, the "traditional" hand-written way (PUT the
 * payload to S3, then InvokeEndpointAsync with its InputLocation), the raw SDK call with the payload inline
 * ({@code Body}), and that call made in a Camel processor (what a Camel application writes without the component). The four are interleaved in a shuffled order, sample after sample, so that drift hits all alike; the
 * emulator's workers are held, so the model takes no CPU from the clients.
 */
final class SubmitLatency {

    static final List<Integer> SIZES = List.of(4 * 1024, 100 * 1024);
    static final String INLINE = "component inline";
    static final String S3 = "component through S3";
    static final String TRADITIONAL = "traditional: PutObject, then InputLocation";
    static final String RAW = "raw SDK call with Body";
    static final String IN_ROUTE = "the raw SDK call in a Camel processor";
    private static final int MOST_WARM_UP = 20;
    /** Sends of each path and payload before the first measured line. */
    private static final int JIT_WARM_UP = 500;

    private final Bench bench;
    private final Settings settings;

    SubmitLatency(Bench bench, Settings settings) {
        this.bench = bench;
        this.settings = settings;
    }

    void run(Report report) throws Exception {
        CamelContext camel = bench.camel(context -> context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:inline").to("sagemaker-async:" + Bench.SUBMIT + "?payloadMode=inline&contentType=application/octet-stream");
                from("direct:s3").to("sagemaker-async:" + Bench.SUBMIT + "?payloadMode=s3&contentType=application/octet-stream"
                        + "&inputLocation=s3://" + Bench.INPUTS + "/component");
                from("direct:hand-written").process(exchange -> exchange.getMessage().setBody(
                        bench.invokeInline(Bench.SUBMIT, exchange.getMessage().getBody(byte[].class)).join()));
            }
        }));
        Report.Table table = report.table("Submit latency (ms, one request at a time)",
                "round trip", "payload", "path", "p50", "p99", "p50 vs raw SDK call");
        try (ProducerTemplate template = camel.createProducerTemplate()) {
            // the JIT first: every path, many times, before any line is measured (a few samples would favour the raw
            // call, which runs less code)
            bench.roundTrip(Duration.ZERO);
            for (int size : SIZES) {
                measure(template, Bench.payload(size), warmUp(), 0);
            }
            for (Duration roundTrip : settings.roundTrips()) {
                bench.roundTrip(roundTrip);
                for (int size : SIZES) {
                    Map<String, Samples> samples = measure(template, Bench.payload(size),
                            Math.min(MOST_WARM_UP, settings.latencySamples()), settings.latencySamples());
                    double raw = samples.get(RAW).p50();
                    String trip = roundTrip.toMillis() + " ms";
                    String payload = size / 1024 + " KB";
                    samples.forEach((path, measured) -> {
                        table.row(trip, payload, path, measured.p50(), measured.p99(), Report.ratio(measured.p50() / raw));
                        String key = "submit " + trip + " " + payload + " " + path;
                        report.figure(key + " p50", measured.p50());
                        report.figure(key + " p99", measured.p99());
                    });
                }
            }
        } finally {
            bench.roundTrip(Duration.ZERO);
            camel.close();
        }
        table.note(settings.latencySamples() + " samples of each path per line, after " + warmUp() + " sends of each path "
                + "and payload at the start, and " + MOST_WARM_UP + " more before each line; the round "
                + "trip is added by the emulator to every SageMaker and S3 request, as a network would. The component's "
                + "paths go through a Camel route (`direct:` to `sagemaker-async:`) and ProducerTemplate.requestBody.");
    }

    /** The samples of each path for one payload, interleaved, after {@code warmUp} sends of each that are not kept. */
    private Map<String, Samples> measure(ProducerTemplate template, byte[] payload, int warmUp, int count) throws Exception {
        Map<String, Call> paths = new LinkedHashMap<>();
        paths.put(INLINE, () -> template.requestBody("direct:inline", payload));
        paths.put(S3, () -> template.requestBody("direct:s3", payload));
        paths.put(TRADITIONAL, () -> {
            String key = "traditional/" + UUID.randomUUID();
            bench.s3.putObject(r -> r.bucket(Bench.INPUTS).key(key).contentType("application/octet-stream"),
                    AsyncRequestBody.fromBytes(payload)).join();
            bench.sageMaker.invokeEndpointAsync(r -> r.endpointName(Bench.SUBMIT).contentType("application/octet-stream")
                    .inputLocation("s3://" + Bench.INPUTS + "/" + key)).join();
        });
        paths.put(RAW, () -> bench.invokeInline(Bench.SUBMIT, payload).join());
        paths.put(IN_ROUTE, () -> template.requestBody("direct:hand-written", payload));
        Map<String, Samples> samples = new LinkedHashMap<>();
        paths.keySet().forEach(path -> samples.put(path, new Samples()));
        List<String> order = new ArrayList<>(paths.keySet());
        Random shuffle = new Random(payload.length);
        bench.emulator.pauseWorkers();
        try {
            for (int i = -warmUp; i < count; i++) {
                Collections.shuffle(order, shuffle);
                for (String path : order) {
                    long started = System.nanoTime();
                    paths.get(path).run();
                    long took = System.nanoTime() - started;
                    if (i >= 0) {
                        samples.get(path).add(took);
                    }
                }
            }
        } finally {
            bench.drainEmulator();
            bench.empty(Bench.INPUTS, "");
            bench.empty(Bench.SUBMIT, "");
        }
        return samples;
    }

    private int warmUp() {
        return Math.min(JIT_WARM_UP, settings.latencySamples());
    }

    private interface Call {
        void run() throws Exception;
    }
}
