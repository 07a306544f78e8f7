package io.github.sagemakerasync.benchmarks;

import java.util.Collection;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Bytes allocated per 100 KB inline send, with JMH's GC profiler: the component (a route and ProducerTemplate) against
 * the raw SDK call, one send at a time, each until SageMaker accepted it. The emulator runs in the same JVM, so both
 * figures include what it allocates to accept and answer the request; their difference is the component's own.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class InlineSendAllocation {

    static final int SIZE = 100 * 1024;

    private Bench bench;
    private CamelContext camel;
    private ProducerTemplate template;
    private byte[] payload;

    @Setup(Level.Trial)
    public void start() throws Exception {
        bench = new Bench();
        camel = bench.camel(context -> context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:inline").to("sagemaker-async:" + Bench.SUBMIT + "?payloadMode=inline&contentType=application/octet-stream");
            }
        }));
        template = camel.createProducerTemplate();
        payload = Bench.payload(SIZE);
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        template.close();
        camel.close();
        bench.close();
    }

    @Benchmark
    public Object component() {
        return template.requestBody("direct:inline", payload);
    }

    @Benchmark
    public Object raw() {
        return bench.invokeInline(Bench.SUBMIT, payload).join();
    }

    /** Runs both benchmarks with JMH and reports their time and allocation per send. */
    static void run(Settings settings, Report report) throws Exception {
        Options options = new OptionsBuilder()
                .include(InlineSendAllocation.class.getName() + "\\.")
                .forks(settings.jmhForks())
                .warmupIterations(settings.jmhIterations())
                .warmupTime(TimeValue.milliseconds(settings.jmhIteration().toMillis()))
                .measurementIterations(settings.jmhIterations())
                .measurementTime(TimeValue.milliseconds(settings.jmhIteration().toMillis()))
                .threads(1)
                .jvmArgsAppend("-Xmx2g")
                .addProfiler(GCProfiler.class)
                .verbosity(settings.jmhForks() == 0 ? VerboseMode.SILENT : VerboseMode.NORMAL)
                .shouldFailOnError(true)
                .build();
        Collection<RunResult> results = new Runner(options).run();
        double componentBytes = Double.NaN;
        double rawBytes = Double.NaN;
        Report.Table table = report.table("Allocation per 100 KB inline send (JMH, GC profiler)", "way",
                "µs per send", "bytes allocated per send", "vs raw SDK call");
        for (RunResult result : results) {
            String method = result.getParams().getBenchmark().substring(result.getParams().getBenchmark().lastIndexOf('.') + 1);
            double bytes = allocationPerOperation(result);
            if (method.equals("component")) {
                componentBytes = bytes;
            } else {
                rawBytes = bytes;
            }
            report.figure("allocation " + method + " bytes per send", bytes);
            report.figure("allocation " + method + " µs per send", result.getPrimaryResult().getScore());
        }
        for (RunResult result : results) {
            String method = result.getParams().getBenchmark().substring(result.getParams().getBenchmark().lastIndexOf('.') + 1);
            double bytes = allocationPerOperation(result);
            table.row(method.equals("component") ? "component inline" : "raw SDK call with Body",
                    result.getPrimaryResult().getScore(), bytes, Report.ratio(bytes / rawBytes));
        }
        table.note("The component allocates " + Report.format((componentBytes - rawBytes) / 1024.0) + " KiB more per send "
                + "than the raw call. Both figures include the emulator's allocations (same JVM) for the request, the "
                + "same for both; " + settings.jmhForks() + " JMH fork(s), " + settings.jmhIterations() + " warm-up and "
                + settings.jmhIterations() + " measured iterations of " + settings.jmhIteration().toMillis() + " ms.");
    }

    /** JMH's gc.alloc.rate.norm: bytes allocated in the JVM per benchmark operation. */
    private static double allocationPerOperation(RunResult result) {
        // JMH's map is of raw Results: look up by name, read only the score
        for (String name : result.getSecondaryResults().keySet()) {
            if (name.endsWith("gc.alloc.rate.norm")) {
                return result.getSecondaryResults().get(name).getScore();
            }
        }
        return Double.NaN;
    }
}
