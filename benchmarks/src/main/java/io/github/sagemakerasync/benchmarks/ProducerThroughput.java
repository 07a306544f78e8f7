package io.github.sagemakerasync.benchmarks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.opentelemetry2.OpenTelemetryTracer;

/**
 * Producer throughput: 1 KB requests accepted per second with 1, 16 and 128 in flight, the component's producer in a
 * route against a raw SDK loop with the same window, and the same route with Camel's OpenTelemetry tracing on (every
 * span recorded and exported, to a discarding exporter). Rounds rotate between the three; the emulator's workers are
 * held, so the emulator only accepts and queues (it is not the bottleneck), and its queue is emptied between rounds.
 */
final class ProducerThroughput {

    static final String COMPONENT = "component (route, async producer)";
    static final String TRACED = "component, traced";
    static final String RAW = "raw SDK async loop";
    private static final int SIZE = 1024;

    private final Bench bench;
    private final Settings settings;

    ProducerThroughput(Bench bench, Settings settings) {
        this.bench = bench;
        this.settings = settings;
    }

    void run(Report report) throws Exception {
        CamelContext camel = bench.camel(ProducerThroughput::route);
        ExportedSpans exported = new ExportedSpans();
        SdkTracerProvider tracerProvider = SdkTracerProvider.builder()
                .addSpanProcessor(BatchSpanProcessor.builder(exported).build()).build();
        CamelContext traced = bench.camel(context -> {
            context.getRegistry().bind("tracer", tracerProvider.get("benchmarks"));
            context.getRegistry().bind("propagators", ContextPropagators.create(W3CTraceContextPropagator.getInstance()));
            new OpenTelemetryTracer().init(context);
            route(context);
        });
        byte[] payload = Bench.payload(SIZE);
        Report.Table table = report.table("Producer throughput (1 KB requests accepted per second)",
                "in flight", COMPONENT, RAW, "component / raw", TRACED, "traced / component");
        try {
            // the JIT first, and every connection open: every path, unmeasured
            int warmUp = Math.min(2_000, settings.throughputRequests());
            for (int inFlight : settings.inFlight()) {
                rate(() -> Bench.sendAll(camel, "direct:throughput", warmUp, inFlight, () -> payload), warmUp);
                rate(() -> Bench.sendAll(traced, "direct:throughput", warmUp, inFlight, () -> payload), warmUp);
                rate(() -> bench.invokeAll(Bench.SUBMIT, warmUp, inFlight, payload), warmUp);
            }
            int requests = settings.throughputRequests();
            for (int inFlight : settings.inFlight()) {
                List<Round> variants = List.of(
                        () -> Bench.sendAll(camel, "direct:throughput", requests, inFlight, () -> payload),
                        () -> bench.invokeAll(Bench.SUBMIT, requests, inFlight, payload),
                        () -> Bench.sendAll(traced, "direct:throughput", requests, inFlight, () -> payload));
                List<List<Double>> rates = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
                for (int round = 0; round < settings.throughputRounds(); round++) {
                    // each round starts with another variant
                    for (int turn = 0; turn < variants.size(); turn++) {
                        int variant = (round + turn) % variants.size();
                        rates.get(variant).add(rate(variants.get(variant), requests));
                    }
                }
                double componentRate = Report.median(rates.get(0));
                double rawRate = Report.median(rates.get(1));
                double tracedRate = Report.median(rates.get(2));
                table.row(inFlight, Report.spread(rates.get(0)), Report.spread(rates.get(1)),
                        Report.ratio(componentRate / rawRate), Report.spread(rates.get(2)),
                        Report.ratio(tracedRate / componentRate));
                report.figure("throughput " + inFlight + " in flight component", componentRate);
                report.figure("throughput " + inFlight + " in flight raw", rawRate);
                report.figure("throughput " + inFlight + " in flight traced", tracedRate);
            }
        } finally {
            camel.close();
            traced.close();
            tracerProvider.close();
        }
        table.note("Traced: Camel's OpenTelemetry tracing (camel-opentelemetry2, OpenTelemetry SDK, every span sampled, "
                + "batched and exported to an exporter that counts and discards them: " + exported.count() + " spans).");
        table.note("The median (and range) of " + settings.throughputRounds() + " rounds of " + settings.throughputRequests()
                + " requests per cell; the ratio is of the medians. Rounds rotate which variant goes first, after an "
                + "unmeasured round of each. Both sides send from one thread that waits only for a free place in the window: "
                + "Camel's asynchronous producer API (`AsyncProducer.process` with a callback) on a `direct:` route to "
                + "`sagemaker-async:`, and `SageMakerRuntimeAsyncClient.invokeEndpointAsync`. The SDK's Netty client opens "
                + "at most 50 connections, for both.");
    }

    /** Requests per second of one round of {@code requests}; the emulator's queue is emptied afterwards, outside the measure. */
    private double rate(Round round, int requests) throws Exception {
        bench.emulator.pauseWorkers();
        try {
            long started = System.nanoTime();
            int failed = round.run();
            double seconds = (System.nanoTime() - started) / 1e9;
            if (failed > 0) {
                throw new IllegalStateException(failed + " requests failed in a throughput round");
            }
            return requests / seconds;
        } finally {
            bench.drainEmulator();
            bench.empty(Bench.SUBMIT, "");
        }
    }

    private interface Round {
        int run() throws Exception;
    }

    private static void route(CamelContext context) throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:throughput").to("sagemaker-async:" + Bench.SUBMIT + "?contentType=application/octet-stream");
            }
        });
    }

    /** Counts the spans exported, and drops them: the cost of tracing without a collector's. */
    private static final class ExportedSpans implements SpanExporter {

        private final AtomicLong count = new AtomicLong();

        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            count.addAndGet(spans.size());
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }

        long count() {
            return count.get();
        }
    }

}
