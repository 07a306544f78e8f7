package io.github.sagemakerasync.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.sagemakerasync.emulator.Api;
import io.github.sagemakerasync.emulator.InjectedFault;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/**
 * Several instances on one notification queue, and time: visibility timeouts, instances stopped halfway, faults on the
 * SQS and S3 edges, waiting exchanges of two instances.
 */
class NotificationInstancesTest extends NotificationTestSupport {

    @Test
    void aRouteThatFailsGetsTheNotificationAgainAfterTheVisibilityTimeout() throws Exception {
        Received received = new Received();
        AtomicInteger attempts = new AtomicInteger();
        CamelContext context = new DefaultCamelContext();
        configure(context);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:send").to("sagemaker-async:reviews?contentType=application/json&correlationHeaders=requestNo");
                from("sagemaker-async:reviews?notificationQueue=reviews-results&notificationWaitTimeSeconds=1&notificationVisibilityTimeout=2"
                        + "&initialDelay=0&delay=10").process(exchange -> {
                            if (attempts.incrementAndGet() == 1) {
                                throw new IllegalStateException("the first delivery fails");
                            }
                        }).process(received);
            }
        });
        start(context);

        send(context, "reviews", 1, i -> "{\"text\":\"fine\"}");

        await().atMost(TIMEOUT).until(() -> received.all.size() == 1);
        assertThat(attempts.get()).isEqualTo(2);
        await().atMost(TIMEOUT).until(() -> messagesIn("reviews-results") == 0);
    }

    @Test
    void aSlowRouteOutlivesTheVisibilityTimeoutWithoutASecondDelivery() throws Exception {
        Received received = new Received();
        String slow = "sagemaker-async:reviews?notificationQueue=reviews-results&notificationWaitTimeSeconds=1&notificationVisibilityTimeout=2"
                + "&initialDelay=0&delay=10";
        CamelContext first = new DefaultCamelContext();
        configure(first);
        first.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:send").to("sagemaker-async:reviews?contentType=application/json&correlationHeaders=requestNo");
                from(slow).delay(5_000).process(received);
            }
        });
        start(first);
        // a second instance on the same queue would receive the notification if its visibility lapsed
        CamelContext second = context(received, slow);

        send(first, "reviews", 1, i -> "{\"text\":\"slow\"}");

        await().atMost(TIMEOUT).until(() -> received.all.size() == 1);
        await().during(Duration.ofSeconds(3)).atMost(TIMEOUT).until(() -> received.all.size() == 1);
        assertThat(second.isStarted()).isTrue();
    }

    @Test
    void threeInstancesShareTheQueueAndOneStoppedHalfwayLosesNothing() throws Exception {
        // 150 in the default build, 3,000 with -Pfull
        int results = Integer.getInteger("notifications.results", 150);
        Received received = new Received();
        String consumer = "sagemaker-async:reviews?notificationQueue=reviews-results&notificationWaitTimeSeconds=1&notificationVisibilityTimeout=3"
                + "&initialDelay=0&delay=10&afterRead=keep";
        CamelContext a = context(received, consumer);
        context(received, consumer);
        CamelContext stopped = context(received, consumer);
        List<String> sent = send(a, "reviews", results, i -> "{\"text\":\"good " + i + "\"}");

        await().atMost(TIMEOUT).until(() -> received.all.size() >= results / 2);
        stopped.getShutdownStrategy().setTimeout(1);
        stopped.stop();
        await().atMost(TIMEOUT).until(() -> received.byInference.keySet().containsAll(sent));

        int duplicates = received.all.size() - received.byInference.size();
        long lost = sent.stream().filter(id -> !received.byInference.containsKey(id)).count();
        System.out.println("Notifications, 3 instances, one stopped halfway: " + sent.size() + " sent, "
                + received.byInference.size() + " delivered, " + duplicates + " duplicates, " + lost + " lost; requests "
                + emulator().counters().snapshot());
        assertThat(lost).isZero();
        assertThat(received.byInference.values()).allSatisfy(count -> assertThat(count.get()).isLessThanOrEqualTo(2));
        // correlated whichever instance received it
        assertThat(received.all).allSatisfy(exchange -> assertThat(exchange.getMessage().getHeader("requestNo")).isNotNull());
        assertThat(emulator().counters().get(Api.S3, "GetObject")).isZero();
        await().atMost(TIMEOUT).until(() -> messagesIn("reviews-results") == 0);
    }

    @Test
    void faultsOnTheSqsAndS3EdgesLoseNothingAndDeliverNothingTwice() throws Exception {
        int results = 100;
        Received received = new Received();
        String consumer = "sagemaker-async:digest?notificationQueue=digest-results&notificationWaitTimeSeconds=1"
                + "&notificationVisibilityTimeout=5&initialDelay=0&delay=10";
        CamelContext a = context(received, consumer);
        context(received, consumer);
        emulator().sqsNetwork().faultRate(0.15, InjectedFault.values());
        emulator().s3Network().faultRate(0.1, InjectedFault.values());
        try {
            List<String> sent = send(a, "digest", results, i -> "payload " + i);

            await().atMost(TIMEOUT).until(() -> received.byInference.keySet().containsAll(sent));
            await().atMost(TIMEOUT).until(() -> messagesIn("digest-results") == 0);
            int duplicates = received.all.size() - received.byInference.size();
            System.out.println("Notifications with 15% SQS and 10% S3 faults, 2 instances: " + sent.size() + " sent, "
                    + received.byInference.size() + " delivered, " + duplicates + " duplicates; requests "
                    + emulator().counters().snapshot());
            assertThat(duplicates).isZero();
            assertThat(emulator().counters().get(Api.SQS, "ReceiveMessage")).isPositive();
        } finally {
            emulator().sqsNetwork().reset();
            emulator().s3Network().reset();
        }
        await().atMost(TIMEOUT).until(() -> emulator().listObjects("s3://results/digest/").isEmpty());
    }

    @Test
    void waitingExchangesOfTwoInstancesOnOneQueueEachGetTheirOwnResult() throws Exception {
        String ask = "sagemaker-async:reviews?waitForResult=true&notificationQueue=reviews-results&resultPollDelay=50"
                + "&resultPollMaxDelay=200&contentType=application/json";
        List<ProducerTemplate> instances = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            CamelContext context = new DefaultCamelContext();
            configure(context);
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:ask").to(ask);
                }
            });
            start(context);
            instances.add(context.createProducerTemplate());
        }

        Map<String, CompletableFuture<Exchange>> answers = new LinkedHashMap<>();
        for (int i = 0; i < 40; i++) {
            String text = i % 2 == 0 ? "{\"text\":\"wonderful " + i + "\"}" : "{\"text\":\"awful " + i + "\"}";
            answers.put(text, instances.get(i % 2).asyncSend("direct:ask", exchange -> exchange.getMessage().setBody(text)));
        }

        for (Map.Entry<String, CompletableFuture<Exchange>> answer : answers.entrySet()) {
            Exchange exchange = answer.getValue().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertThat(exchange.getException()).isNull();
            assertThat(exchange.getMessage().getBody(String.class))
                    .contains(answer.getKey().contains("wonderful") ? "POSITIVE" : "NEGATIVE");
        }
        assertThat(emulator().counters().get(Api.S3, "GetObject")).isZero();
        await().atMost(TIMEOUT).until(() -> messagesIn("reviews-results") == 0);
        for (ProducerTemplate template : instances) {
            template.close();
        }
    }
}
