package io.github.sagemakerasync.benchmarks;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.sagemakerasync.camel.InMemoryCorrelationStore;
import io.github.sagemakerasync.camel.SageMakerAsyncConstants;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The answer leg's own speed: how fast a backlog of notifications on SQS drains into results, by the consumer
 * ({@code notificationQueue}, its defaults) and by a hand-written SQS loop (ReceiveMessage 10 at a time; for each
 * message the response from the notification or, when it is not there, a GET of the output; the output's DELETE; then
 * DeleteMessageBatch), in alternating rounds, for notifications with the response included and without.
 */
final class NotificationDrain {

    static final String CONSUMER = "consumer, defaults";
    static final String RAW = "raw SQS loop: ReceiveMessage 10, GET if needed + DELETE, DeleteMessageBatch";

    private final Bench bench;
    private final Settings settings;
    private final AtomicInteger delivered = new AtomicInteger();

    NotificationDrain(Bench bench, Settings settings) {
        this.bench = bench;
        this.settings = settings;
    }

    void run(Report report) throws Exception {
        CamelContext camel = bench.camel(this::routes);
        try {
            Report.Table table = report.table("Notification drain (" + String.format("%,d", settings.backlog())
                    + " notifications waiting on SQS, 1 KB requests)", "notifications", "way", "results/s",
                    "vs raw loop", "SQS requests per result", "S3 requests per result");
            for (String endpoint : List.of(Bench.BACKLOG_INCLUDED, Bench.BACKLOG_NOTIFIED)) {
                drains(camel, endpoint, table, report);
            }
            table.note("The median (and range) of " + settings.drainRounds() + " rounds per way, after one unmeasured "
                    + "round of each on a fifth of the backlog; each round drains a fresh backlog, every notification "
                    + "published before the way starts. Both read each result (from the notification, or a GET of the "
                    + "output), delete the output object and the message. Requests are counted by the emulator.");
        } finally {
            camel.close();
        }
    }

    private void routes(CamelContext context) throws Exception {
        int capacity = Math.max(InMemoryCorrelationStore.DEFAULT_CAPACITY, 2 * settings.backlog());
        for (String endpoint : List.of(Bench.BACKLOG_NOTIFIED, Bench.BACKLOG_INCLUDED)) {
            context.getRegistry().bind(endpoint + "-store", new InMemoryCorrelationStore(capacity));
        }
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                for (String endpoint : List.of(Bench.BACKLOG_NOTIFIED, Bench.BACKLOG_INCLUDED)) {
                    String uri = "sagemaker-async:" + endpoint + "?correlationStore=#" + endpoint + "-store";
                    from("direct:" + endpoint).to(uri + "&contentType=application/octet-stream");
                    from(uri + "&notificationQueue=" + endpoint).routeId(endpoint).autoStartup(false)
                            .process(NotificationDrain.this::deliver);
                }
            }
        });
    }

    private void deliver(Exchange exchange) {
        if (!"Completed".equals(exchange.getMessage().getHeader(SageMakerAsyncConstants.STATUS))) {
            throw new IllegalStateException("a benchmark result failed");
        }
        Bench.doneAt(exchange.getMessage().getBody(byte[].class));
        delivered.incrementAndGet();
    }

    private void drains(CamelContext camel, String endpoint, Report.Table table, Report report) throws Exception {
        String label = endpoint.equals(Bench.BACKLOG_INCLUDED) ? "response included" : "response not included";
        Map<String, List<Double>> rates = new LinkedHashMap<>();
        Map<String, Map<String, Long>> requests = new LinkedHashMap<>();
        List<String> ways = List.of(CONSUMER, RAW);
        ways.forEach(way -> rates.put(way, new ArrayList<>()));
        int warmUp = Math.max(1, settings.backlog() / 5);
        for (String way : ways) {
            prepareBacklog(camel, endpoint, warmUp);
            drain(camel, endpoint, way, warmUp);
        }
        for (int round = 0; round < settings.drainRounds(); round++) {
            for (int turn = 0; turn < ways.size(); turn++) {
                String way = ways.get((turn + round) % ways.size());
                prepareBacklog(camel, endpoint, settings.backlog());
                rates.get(way).add(settings.backlog() / drain(camel, endpoint, way, settings.backlog()));
                requests.put(way, bench.emulator.counters().snapshot());
            }
        }
        double rawRate = Report.median(rates.get(RAW));
        for (String way : ways) {
            double rate = Report.median(rates.get(way));
            Map<String, Long> counted = requests.get(way);
            table.row(label, way, Report.spread(rates.get(way)), Report.ratio(rate / rawRate),
                    perResult(counted, "SQS:"), perResult(counted, "S3:"));
            report.figure("notification drain " + label + " " + way + " results/s", rate);
        }
    }

    private double drain(CamelContext camel, String endpoint, String way, int count) throws Exception {
        long started = System.nanoTime();
        if (way.equals(RAW)) {
            rawLoop(endpoint, count);
        } else {
            delivered.set(0);
            camel.getRouteController().startRoute(endpoint);
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
            while (delivered.get() < count) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("only " + delivered.get() + " of " + count + " results delivered");
                }
                Thread.sleep(2);
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        if (!way.equals(RAW)) {
            camel.getRouteController().stopRoute(endpoint);
        }
        awaitEmpty(endpoint);
        return seconds;
    }

    /** Publishes {@code count} notifications: the requests' results all written before it returns. */
    private void prepareBacklog(CamelContext camel, String endpoint, int count) throws Exception {
        bench.emulator.pauseWorkers();
        int failed = Bench.sendAll(camel, "direct:" + endpoint, count, 128, () -> Bench.payload(1024));
        bench.drainEmulator();
        if (failed > 0) {
            throw new IllegalStateException(failed + " requests of the backlog failed");
        }
        String queue = bench.emulator.queueUrl(endpoint);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (waiting(queue) < count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the notifications of the backlog did not all arrive");
            }
            Thread.sleep(10);
        }
        bench.emulator.counters().reset();
    }

    /** What a user writes without the component. */
    private void rawLoop(String endpoint, int count) {
        String queue = bench.emulator.queueUrl(endpoint);
        int read = 0;
        while (read < count) {
            List<Message> messages = bench.sqs.receiveMessage(r -> r.queueUrl(queue).maxNumberOfMessages(10)
                    .waitTimeSeconds(1)).join().messages();
            List<CompletableFuture<?>> results = new ArrayList<>();
            for (Message message : messages) {
                JsonObject notification = Jsoner.deserialize(message.body(), new JsonObject());
                String output = ((JsonObject) notification.get("responseParameters")).getString("outputLocation");
                String bucket = output.substring("s3://".length(), output.indexOf('/', "s3://".length()));
                String key = output.substring(output.indexOf('/', "s3://".length()) + 1);
                JsonObject included = (JsonObject) notification.get("responseBody");
                CompletableFuture<byte[]> body = included != null
                        ? CompletableFuture.completedFuture(Base64.getDecoder().decode(included.getString("content")))
                        : bench.s3.getObject(r -> r.bucket(bucket).key(key), AsyncResponseTransformer.toBytes())
                                .thenApply(bytes -> bytes.asByteArrayUnsafe());
                results.add(body.thenCompose(bytes -> {
                    Bench.doneAt(bytes);
                    return bench.s3.deleteObject(r -> r.bucket(bucket).key(key));
                }));
            }
            CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).join();
            if (!messages.isEmpty()) {
                List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
                for (int i = 0; i < messages.size(); i++) {
                    entries.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(i))
                            .receiptHandle(messages.get(i).receiptHandle()).build());
                }
                bench.sqs.deleteMessageBatch(r -> r.queueUrl(queue).entries(entries)).join();
            }
            read += messages.size();
        }
    }

    private int waiting(String queue) {
        return Integer.parseInt(bench.sqs.getQueueAttributes(r -> r.queueUrl(queue)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).join()
                .attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }

    private void awaitEmpty(String endpoint) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (!bench.emulator.listObjects("s3://" + endpoint + "/output/").isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("s3://" + endpoint + "/output/ was not emptied within 2 minutes");
            }
            Thread.sleep(10);
        }
    }

    private double perResult(Map<String, Long> counted, String api) {
        long requests = counted.entrySet().stream().filter(e -> e.getKey().startsWith(api))
                .mapToLong(Map.Entry::getValue).sum();
        return (double) requests / settings.backlog();
    }
}
