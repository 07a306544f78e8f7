package io.github.sagemakerasync.benchmarks;

import java.util.ArrayList;
import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;

/**
 * Producer throughput: 1 KB requests accepted per second with 1, 16 and 128 in flight, the component's producer in a
 * route against a raw SDK loop with the same window. Rounds alternate between the two; the emulator's workers are held,
 * so the emulator only accepts and queues (it is not the bottleneck), and its queue is emptied between rounds.
 */
final class ProducerThroughput {

    static final String COMPONENT = "component (route, async producer)";
    static final String RAW = "raw SDK async loop";
    private static final int SIZE = 1024;

    private final Bench bench;
    private final Settings settings;

    ProducerThroughput(Bench bench, Settings settings) {
        this.bench = bench;
        this.settings = settings;
    }

    void run(Report report) throws Exception {
        CamelContext camel = bench.camel(context -> context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:throughput").to("sagemaker-async:" + Bench.SUBMIT + "?contentType=application/octet-stream");
            }
        }));
        byte[] payload = Bench.payload(SIZE);
        Report.Table table = report.table("Producer throughput (1 KB requests accepted per second)",
                "in flight", COMPONENT, RAW, "component / raw");
        try {
            // the JIT first, and every connection open: both paths, unmeasured
            int warmUp = Math.min(2_000, settings.throughputRequests());
            for (int inFlight : settings.inFlight()) {
                rate(() -> Bench.sendAll(camel, "direct:throughput", warmUp, inFlight, () -> payload), warmUp);
                rate(() -> bench.invokeAll(Bench.SUBMIT, warmUp, inFlight, payload), warmUp);
            }
            for (int inFlight : settings.inFlight()) {
                List<Double> component = new ArrayList<>();
                List<Double> raw = new ArrayList<>();
                for (int round = 0; round < settings.throughputRounds(); round++) {
                    boolean componentFirst = round % 2 == 0;
                    for (int turn = 0; turn < 2; turn++) {
                        if (componentFirst == (turn == 0)) {
                            component.add(rate(() -> Bench.sendAll(camel, "direct:throughput", settings.throughputRequests(),
                                    inFlight, () -> payload), settings.throughputRequests()));
                        } else {
                            raw.add(rate(() -> bench.invokeAll(Bench.SUBMIT, settings.throughputRequests(), inFlight, payload),
                                    settings.throughputRequests()));
                        }
                    }
                }
                double componentRate = Report.median(component);
                double rawRate = Report.median(raw);
                table.row(inFlight, Report.spread(component), Report.spread(raw), Report.ratio(componentRate / rawRate));
                report.figure("throughput " + inFlight + " in flight component", componentRate);
                report.figure("throughput " + inFlight + " in flight raw", rawRate);
            }
        } finally {
            camel.close();
        }
        table.note("The median (and range) of " + settings.throughputRounds() + " rounds of " + settings.throughputRequests()
                + " requests per cell; the ratio is of the medians. Rounds alternate which side goes first, after an "
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

}
