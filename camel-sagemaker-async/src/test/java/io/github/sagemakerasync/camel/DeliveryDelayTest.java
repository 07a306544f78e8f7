package io.github.sagemakerasync.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.github.sagemakerasync.emulator.Api;
import io.github.sagemakerasync.emulator.AsyncEndpointConfig;
import io.github.sagemakerasync.emulator.NotificationConfig;
import io.github.sagemakerasync.emulator.NotificationConfig.IncludeResponseIn;
import io.github.sagemakerasync.emulator.SageMakerAsyncEmulator;
import io.github.sagemakerasync.emulator.junit.SageMakerAsyncEmulatorExtension;
import io.github.sagemakerasync.emulator.model.SentimentModel;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Polling S3 and receiving notifications side by side, at a steady rate of requests to two endpoints that differ only
 * in how their results come back: every result is delivered once either way, and the run prints each way's delay from
 * the producer's exchange completing to the route receiving the result (the model answers within a millisecond), and
 * the S3 requests each way made. The figures go into the component page; nothing here asserts a time.
 */
class DeliveryDelayTest extends CamelTestSupport {

    private static final String TOPIC = "arn:aws:sns:us-east-1:000000000000:notified-results";
    /** 30 in the default build, 100 with -Pfull (the published figures). */
    private static final int REQUESTS_PER_WAY = Integer.getInteger("delay.requests", 30);
    private static final long INTERVAL_MILLIS = 50;

    @RegisterExtension
    static final SageMakerAsyncEmulatorExtension EMULATOR = new SageMakerAsyncEmulatorExtension(SageMakerAsyncEmulator.builder()
            .endpoint(AsyncEndpointConfig.builder("polled")
                    .s3OutputPath("s3://results/polled/output").s3FailurePath("s3://results/polled/failures")
                    .model(new SentimentModel()).build())
            .endpoint(AsyncEndpointConfig.builder("notified")
                    .s3OutputPath("s3://results/notified/output").s3FailurePath("s3://results/notified/failures")
                    .notifications(NotificationConfig.of(TOPIC, TOPIC).includingResponseIn(
                            IncludeResponseIn.SUCCESS_NOTIFICATION_TOPIC, IncludeResponseIn.ERROR_NOTIFICATION_TOPIC))
                    .model(new SentimentModel()).build())
            .subscribe(TOPIC, "notified-results"));

    /** When each request's exchange completed, and when its result reached the route, by InferenceId. */
    private final Map<String, Long> sentAt = new ConcurrentHashMap<>();
    private final Map<String, Long> receivedAt = new ConcurrentHashMap<>();
    private final Map<String, List<String>> received = Map.of("polled", new CopyOnWriteArrayList<>(),
            "notified", new CopyOnWriteArrayList<>());

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        context.getRegistry().bind("sagemaker-async", SageMakerAsyncTestSupport.componentFor(EMULATOR.emulator()));
        return context;
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:polled").to("sagemaker-async:polled?contentType=application/json");
                from("direct:notified").to("sagemaker-async:notified?contentType=application/json");
                // both with their defaults: polling every 500 ms with idle backoff; long polling for 5 s
                from("sagemaker-async:polled?outputLocation=s3://results/polled/output"
                        + "&failureLocation=s3://results/polled/failures").process(exchange -> received("polled", exchange));
                from("sagemaker-async:notified?notificationQueue=notified-results")
                        .process(exchange -> received("notified", exchange));
            }
        };
    }

    private void received(String way, Exchange exchange) {
        // a notified result may reach the route before its request's exchange has completed: times are joined at the end
        long now = System.nanoTime();
        String inferenceId = exchange.getMessage().getHeader(SageMakerAsyncConstants.INFERENCE_ID, String.class);
        receivedAt.putIfAbsent(inferenceId, now);
        received.get(way).add(inferenceId);
    }

    @Test
    void bothWaysDeliverEveryResultOnceAndTheRunPrintsTheirDelays() throws Exception {
        // the consumers start idle, as in production between bursts
        Thread.sleep(3_000);
        EMULATOR.emulator().counters().reset();
        for (int i = 0; i < REQUESTS_PER_WAY; i++) {
            for (String way : List.of("polled", "notified")) {
                Exchange sent = template.request("direct:" + way, exchange -> exchange.getMessage().setBody("{\"text\":\"good\"}"));
                assertThat(sent.getException()).isNull();
                sentAt.put(sent.getMessage().getHeader(SageMakerAsyncConstants.INFERENCE_ID, String.class), System.nanoTime());
            }
            Thread.sleep(INTERVAL_MILLIS);
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> receivedAt.keySet().containsAll(sentAt.keySet()));
        Thread.sleep(1_000);
        for (String way : List.of("polled", "notified")) {
            assertThat(received.get(way)).as(way + " deliveries").hasSize(REQUESTS_PER_WAY).doesNotHaveDuplicates()
                    .allSatisfy(inferenceId -> assertThat(sentAt).containsKey(inferenceId));
            List<Long> sorted = received.get(way).stream()
                    .map(inferenceId -> TimeUnit.NANOSECONDS.toMillis(receivedAt.get(inferenceId) - sentAt.get(inferenceId)))
                    .sorted().toList();
            System.out.printf("Delivery delay, %s: %d results at %d/s, p50 %d ms, p99 %d ms, max %d ms%n", way, sorted.size(),
                    1000 / INTERVAL_MILLIS, sorted.get(sorted.size() / 2), sorted.get(sorted.size() * 99 / 100),
                    sorted.get(sorted.size() - 1));
        }
        System.out.println("Requests per way: " + EMULATOR.emulator().counters().snapshot());
        assertThat(EMULATOR.emulator().counters().get(Api.S3, "GetObject")).as("polled results read").isEqualTo(REQUESTS_PER_WAY);
    }
}
