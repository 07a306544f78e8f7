package io.github.sagemakerasync.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.sagemakerasync.camel.InMemoryCorrelationStore;
import io.github.sagemakerasync.camel.SageMakerAsyncConstants;
import io.github.sagemakerasync.emulator.Api;
import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.builder.RouteBuilder;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Results: how fast a backlog drains, and how long a result waits before its route gets it.
 *
 * <p>Drain: a backlog of results, each of a request the component sent (so each is correlated), waits in the output
 * folder; then one way delivers them all: the consumer with its defaults, the consumer reading one result at a time
 * (maxConcurrentReads=1, the way it read before concurrent reads), and a hand-written SDK loop (LIST a page, then 64
 * concurrent GET + DELETE). Rounds alternate between the three. Apart, exchanges waiting for their results
 * (waitForResult) are answered when the held workers are released.
 *
 * <p>Delay: with a steady flow of requests, from the model finishing a result to the consumer's route receiving it, for
 * a consumer listing S3 and one receiving notifications; the first seconds are left out while the consumer warms up.
 */
final class ResultDrain {

    static final String CONSUMER = "consumer, defaults";
    static final String ONE_READ = "consumer, maxConcurrentReads=1";
    static final String RAW = "raw SDK loop: LIST, then 64 concurrent GET + DELETE";
    static final String WAITERS = "waiting exchanges (waitForResult)";
    static final String POLLING = "consumer listing S3 (defaults)";
    static final String NOTIFIED = "consumer on notifications (SNS → SQS)";
    private static final int RAW_WINDOW = 64;
    private static final byte[] PAYLOAD = Bench.payload(1024);

    private final Bench bench;
    private final Settings settings;
    private final AtomicInteger delivered = new AtomicInteger();
    private volatile Samples delays = new Samples();
    private volatile long measureFrom;

    ResultDrain(Bench bench, Settings settings) {
        this.bench = bench;
        this.settings = settings;
    }

    void run(Report report) throws Exception {
        CamelContext camel = bench.camel(this::routes);
        try {
            drains(camel, report);
            delays(camel, report);
        } finally {
            camel.close();
        }
    }

    private void routes(CamelContext context) throws Exception {
        int capacity = Math.max(InMemoryCorrelationStore.DEFAULT_CAPACITY, 2 * settings.backlog());
        for (String endpoint : List.of(Bench.DRAIN, Bench.STEADY, Bench.NOTIFIED)) {
            context.getRegistry().bind(endpoint + "-store", new InMemoryCorrelationStore(capacity));
        }
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                String drain = "sagemaker-async:" + Bench.DRAIN + "?correlationStore=#drain-store";
                String drainResults = drain + "&outputLocation=s3://drain/output&failureLocation=s3://drain/failures"
                        + "&initialDelay=0";
                from("direct:drain").to(drain + "&contentType=application/octet-stream");
                from("direct:ask").to(drain + "&contentType=application/octet-stream&waitForResult=true");
                from(drainResults).routeId(CONSUMER).autoStartup(false).process(exchange -> deliver(exchange));
                from(drainResults + "&maxConcurrentReads=1").routeId(ONE_READ).autoStartup(false)
                        .process(exchange -> deliver(exchange));

                String steady = "sagemaker-async:" + Bench.STEADY + "?correlationStore=#steady-store";
                from("direct:steady").to(steady + "&contentType=application/octet-stream");
                from(steady + "&outputLocation=s3://steady/output&failureLocation=s3://steady/failures")
                        .routeId(POLLING).autoStartup(false).process(exchange -> deliver(exchange));

                String notified = "sagemaker-async:" + Bench.NOTIFIED + "?correlationStore=#notified-store";
                from("direct:notified").to(notified + "&contentType=application/octet-stream");
                from(notified + "&notificationQueue=" + Bench.NOTIFIED_QUEUE).routeId(NOTIFIED).autoStartup(false)
                        .process(exchange -> deliver(exchange));
            }
        });
    }

    /** A route's delivery: counted, and its delay since the model finished sampled once the flow is measured. */
    private void deliver(Exchange exchange) {
        if (!"Completed".equals(exchange.getMessage().getHeader(SageMakerAsyncConstants.STATUS))) {
            throw new IllegalStateException("a benchmark result failed: " + exchange.getMessage().getBody(String.class));
        }
        long doneAt = Bench.doneAt(exchange.getMessage().getBody(byte[].class));
        if (doneAt >= measureFrom) {
            delays.add(System.nanoTime() - doneAt);
        }
        delivered.incrementAndGet();
    }

    private void drains(CamelContext camel, Report report) throws Exception {
        Map<String, List<Double>> rates = new LinkedHashMap<>();
        Map<String, Map<String, Long>> requests = new LinkedHashMap<>();
        List<String> ways = List.of(CONSUMER, ONE_READ, RAW);
        ways.forEach(way -> rates.put(way, new ArrayList<>()));
        // the JIT first: each way drains a smaller backlog that is not measured
        int warmUp = Math.max(1, settings.backlog() / 5);
        for (String way : ways) {
            prepareBacklog(camel, warmUp);
            if (way.equals(RAW)) {
                rawLoop(warmUp);
            } else {
                consume(camel, way, warmUp);
            }
        }
        for (int round = 0; round < settings.drainRounds(); round++) {
            for (int turn = 0; turn < ways.size(); turn++) {
                String way = ways.get((turn + round) % ways.size());
                prepareBacklog(camel, settings.backlog());
                double seconds = way.equals(RAW) ? rawLoop(settings.backlog()) : consume(camel, way, settings.backlog());
                rates.get(way).add(settings.backlog() / seconds);
                requests.put(way, s3Requests());
            }
        }
        double rawRate = Report.median(rates.get(RAW));
        Report.Table table = report.table("Result drain (" + String.format("%,d", settings.backlog())
                + " results waiting, 1 KB requests)", "way", "results/s", "vs raw loop", "LIST per result",
                "GET per result", "DELETE per result");
        rates.forEach((way, measured) -> {
            double rate = Report.median(measured);
            Map<String, Long> counted = requests.get(way);
            table.row(way, Report.spread(measured), Report.ratio(rate / rawRate), perResult(counted, "ListObjectsV2"),
                    perResult(counted, "GetObject"), perResult(counted, "DeleteObject"));
            report.figure("drain " + way + " results/s", rate);
            report.figure("drain " + way + " S3 requests per result", (double) counted.values().stream()
                    .mapToLong(Long::longValue).sum() / settings.backlog());
            report.figure("drain " + way + " GET+LIST per result", perResult(counted, "GetObject")
                    + perResult(counted, "ListObjectsV2"));
        });

        double waiters = waiters(camel, settings.waiters());
        Map<String, Long> waiterRequests = s3Requests();
        table.row(String.format("%,d ", settings.waiters()) + WAITERS, waiters, Report.ratio(waiters / rawRate),
                perResultOf(waiterRequests, "ListObjectsV2", settings.waiters()),
                perResultOf(waiterRequests, "GetObject", settings.waiters()),
                perResultOf(waiterRequests, "DeleteObject", settings.waiters()));
        report.figure("drain waiters results/s", waiters);
        table.note("The median (and range) of " + settings.drainRounds() + " rounds per way, after one unmeasured round of each on "
                + "a fifth of the backlog; each round drains a fresh backlog, "
                + "written by the emulator before the way starts. The results are counted when the consumer's route "
                + "(a processor) has them; S3 requests are counted by the emulator, deletes included, until the folder is "
                + "empty. The consumer lists the failure folder too; the raw loop lists only the output folder. The "
                + "waiting exchanges' figure is from releasing the held workers to the last exchange completed: it "
                + "includes the model's work on those requests.");
    }

    /** Sends {@code count} requests whose results the emulator writes, then waits until all are written. */
    private void prepareBacklog(CamelContext camel, int count) throws Exception {
        bench.emulator.pauseWorkers();
        int failed = Bench.sendAll(camel, "direct:drain", count, 128, () -> PAYLOAD);
        bench.drainEmulator();
        if (failed > 0) {
            throw new IllegalStateException(failed + " requests of the backlog failed");
        }
        bench.emulator.counters().reset();
    }

    /** Starts the consumer route and times it until it delivered {@code count} results; the deletes end before it returns. */
    private double consume(CamelContext camel, String route, int count) throws Exception {
        delivered.set(0);
        measureFrom = Long.MAX_VALUE;
        long started = System.nanoTime();
        camel.getRouteController().startRoute(route);
        awaitDelivered(count, Duration.ofMinutes(10));
        double seconds = (System.nanoTime() - started) / 1e9;
        camel.getRouteController().stopRoute(route);
        awaitEmpty("drain", "output/");
        return seconds;
    }

    /**
     * What a user writes without the component: list a page of the output folder, read and delete what it holds, 64 at
     * a time, until the folder is empty (a result whose delete failed is listed, and read, again). Returns the seconds
     * it took.
     */
    private double rawLoop(int count) throws Exception {
        Set<String> read = ConcurrentHashMap.newKeySet();
        long started = System.nanoTime();
        while (true) {
            ListObjectsV2Response page = bench.s3.listObjectsV2(r -> r.bucket(Bench.DRAIN).prefix("output/")).join();
            if (page.contents().isEmpty()) {
                break;
            }
            Semaphore window = new Semaphore(RAW_WINDOW);
            CountDownLatch done = new CountDownLatch(page.contents().size());
            for (S3Object object : page.contents()) {
                window.acquire();
                bench.s3.getObject(r -> r.bucket(Bench.DRAIN).key(object.key()), AsyncResponseTransformer.toBytes())
                        .thenCompose(bytes -> {
                            Bench.doneAt(bytes.asByteArrayUnsafe());
                            read.add(object.key());
                            return bench.s3.deleteObject(r -> r.bucket(Bench.DRAIN).key(object.key()));
                        })
                        .whenComplete((deleted, error) -> {
                            window.release();
                            done.countDown();
                        });
            }
            done.await();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        if (read.size() != count) {
            throw new IllegalStateException("the raw loop read " + read.size() + " results of " + count);
        }
        return seconds;
    }

    /** Exchanges waiting for their results, answered once the held workers go: results per second. */
    private double waiters(CamelContext camel, int count) throws Exception {
        bench.emulator.pauseWorkers();
        bench.emulator.counters().reset();
        CompletableFuture<Integer> answered = CompletableFuture.supplyAsync(() -> {
            try {
                return Bench.sendAll(camel, "direct:ask", count, count, () -> PAYLOAD);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (bench.emulator.unfinishedInvocations() < count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the waiting exchanges' requests were not all accepted");
            }
            Thread.sleep(10);
        }
        long started = System.nanoTime();
        bench.emulator.resumeWorkers();
        int failed = answered.get(10, TimeUnit.MINUTES);
        double seconds = (System.nanoTime() - started) / 1e9;
        if (failed > 0) {
            throw new IllegalStateException(failed + " waiting exchanges failed");
        }
        awaitEmpty("drain", "output/");
        return count / seconds;
    }

    private void delays(CamelContext camel, Report report) throws Exception {
        Report.Table table = report.table("Delivery delay at " + settings.steadyRate() + " requests/s (ms, from the model "
                + "finishing a result to the route receiving it)", "consumer", "p50", "p99", "max", "S3 requests per result",
                "SQS requests per result");
        for (String consumer : List.of(POLLING, NOTIFIED)) {
            String endpoint = consumer.equals(POLLING) ? Bench.STEADY : Bench.NOTIFIED;
            Samples measured = steadyFlow(camel, consumer, "direct:" + endpoint);
            Map<String, Long> counted = bench.emulator.counters().snapshot();
            int results = delivered.get();
            long s3 = counted.entrySet().stream().filter(e -> e.getKey().startsWith("S3:")).mapToLong(Map.Entry::getValue).sum();
            long sqs = counted.entrySet().stream().filter(e -> e.getKey().startsWith("SQS:")).mapToLong(Map.Entry::getValue).sum();
            table.row(consumer, measured.p50(), measured.p99(), measured.maxMillis(), (double) s3 / results,
                    (double) sqs / results);
            report.figure("delay " + consumer + " p50", measured.p50());
            report.figure("delay " + consumer + " p99", measured.p99());
            report.figure("delay " + consumer + " max", measured.maxMillis());
        }
        table.note(settings.steadyRate() + " requests/s for " + settings.steadyDuration().toSeconds() + " s per consumer, "
                + "the first " + settings.steadyWarmUp().toSeconds() + " s left out; both consumers with their defaults "
                + "(polling: delay 500 ms, 100 per poll; notifications: long polling, raw message delivery). Requests per "
                + "result count every request the consumer made (deletes included) over the whole flow.");
    }

    /** Sends at a steady rate while the consumer route runs; the delays of the results after the warm-up. */
    private Samples steadyFlow(CamelContext camel, String route, String uri) throws Exception {
        delivered.set(0);
        delays = new Samples();
        camel.getRouteController().startRoute(route);
        bench.emulator.counters().reset();
        Endpoint endpoint = camel.getEndpoint(uri);
        AsyncProducer producer = endpoint.createAsyncProducer();
        producer.start();
        long periodNanos = TimeUnit.SECONDS.toNanos(1) / settings.steadyRate();
        int count = (int) (settings.steadyDuration().toSeconds() * settings.steadyRate());
        long started = System.nanoTime();
        measureFrom = started + settings.steadyWarmUp().toNanos();
        AtomicInteger failed = new AtomicInteger();
        for (int i = 0; i < count; i++) {
            long sendAt = started + i * periodNanos;
            long wait = sendAt - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            Exchange exchange = endpoint.createExchange(ExchangePattern.InOut);
            exchange.getMessage().setBody(PAYLOAD);
            producer.process(exchange, doneSync -> {
                if (exchange.getException() != null) {
                    failed.incrementAndGet();
                }
            });
        }
        awaitDelivered(count, Duration.ofMinutes(2));
        producer.stop();
        camel.getRouteController().stopRoute(route);
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " requests of the steady flow failed");
        }
        measureFrom = Long.MAX_VALUE;
        return delays;
    }

    private void awaitDelivered(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (delivered.get() < count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + delivered.get() + " of " + count + " results were delivered within "
                        + timeout);
            }
            Thread.sleep(2);
        }
    }

    private void awaitEmpty(String bucket, String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (!bench.emulator.listObjects("s3://" + bucket + "/" + prefix).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("s3://" + bucket + "/" + prefix + " was not emptied within 2 minutes");
            }
            Thread.sleep(10);
        }
    }

    private Map<String, Long> s3Requests() {
        Map<String, Long> requests = new LinkedHashMap<>();
        for (String operation : List.of("ListObjectsV2", "GetObject", "DeleteObject")) {
            requests.put(operation, bench.emulator.counters().get(Api.S3, operation));
        }
        return requests;
    }

    private double perResult(Map<String, Long> counted, String operation) {
        return perResultOf(counted, operation, settings.backlog());
    }

    private static double perResultOf(Map<String, Long> counted, String operation, int results) {
        return (double) counted.getOrDefault(operation, 0L) / results;
    }
}
