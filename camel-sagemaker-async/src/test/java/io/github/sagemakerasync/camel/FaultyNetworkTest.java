package io.github.sagemakerasync.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.sagemakerasync.emulator.Api;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;

/**
 * Requests and results under a faulty network: a share of every SageMaker and S3 request is answered with a throttle
 * or a 5xx, and the consuming route itself fails the first two deliveries of every 10th result. Every accepted
 * request's result is still processed successfully exactly once, and S3 is left empty.
 */
class FaultyNetworkTest extends SageMakerAsyncTestSupport {

    /** 100 in the default build, 300 with -Pfull (a multiple of 10: one in ten fails its route). */
    private static final int REQUESTS = Integer.getInteger("faults.requests", 100);
    private static final String OUTPUT = "s3://results/sentiment/output/";
    private final Map<String, AtomicInteger> processed = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private final AtomicInteger routeFailures = new AtomicInteger();
    private final Map<String, String> answers = new ConcurrentHashMap<>();

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("seda:ask?concurrentConsumers=1&size=100")
                        .to("sagemaker-async:sentiment?waitForResult=true&contentType=application/json"
                                + "&resultPollDelay=50&resultPollMaxDelay=200&correlationHeaders=requestNo")
                        .process(exchange -> answers.put(exchange.getMessage().getHeader("requestNo", String.class),
                                exchange.getMessage().getBody(String.class)))
                        .to("mock:answered");
                from("direct:send").to("sagemaker-async:sentiment?contentType=application/json&correlationHeaders=requestNo");
                from("sagemaker-async:sentiment?outputLocation=s3://results/sentiment/output"
                        + "&failureLocation=s3://results/sentiment/failures&initialDelay=0&delay=50&maxMessagesPerPoll=40")
                        .routeId("results").autoStartup(false)
                        .process(exchange -> {
                            String requestNo = exchange.getMessage().getHeader("requestNo", String.class);
                            // every 10th result fails its first two deliveries: redelivered, and never as often as
                            // maxDeliveries (random failures set a result aside now and then, failing the test)
                            if (Integer.parseInt(requestNo) % 10 == 0
                                    && attempts.computeIfAbsent(requestNo, key -> new AtomicInteger()).incrementAndGet() <= 2) {
                                routeFailures.incrementAndGet();
                                throw new IllegalStateException("the route's own downstream failed");
                            }
                            processed.computeIfAbsent(requestNo, key -> new AtomicInteger()).incrementAndGet();
                        });
            }
        };
    }

    @Test
    void everyResultIsProcessedExactlyOnceAndNothingIsLeftBehind() throws Exception {
        emulator().sageMakerNetwork().faultRate(0.2);
        emulator().s3Network().faultRate(0.1);
        context.getRouteController().startRoute("results");
        try {
            int clientRetries = 0;
            for (int i = 0; i < REQUESTS; i++) {
                // a request the SDK could not get through its retries was refused, not accepted: send it again
                while (!send(i)) {
                    clientRetries++;
                }
            }

            await().atMost(RESULT_TIMEOUT.multipliedBy(2)).until(() -> processed.size() == REQUESTS);
            emulator().sageMakerNetwork().reset();
            emulator().s3Network().reset();
            await().atMost(RESULT_TIMEOUT).until(() -> emulator().listObjects(OUTPUT).isEmpty());
            Thread.sleep(300); // a few more polls: nothing comes twice

            assertThat(processed).hasSize(REQUESTS);
            assertThat(processed.values()).allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
            assertThat(routeFailures.get()).isEqualTo(2 * REQUESTS / 10);
            System.out.println("Faulty network: " + REQUESTS + " results processed once each, " + routeFailures
                    + " route failures redelivered, " + clientRetries + " sends repeated; requests "
                    + emulator().counters().snapshot());
            assertThat(emulator().counters().get(Api.SAGEMAKER, "InvokeEndpointAsync")).isGreaterThan(REQUESTS);
        } finally {
            context.getRouteController().stopRoute("results");
            emulator().sageMakerNetwork().reset();
            emulator().s3Network().reset();
        }
    }

    @Test
    void waitingExchangesGetTheirResultsAndNothingIsLeftBehindWhenHalfOfS3sAnswersFail() throws Exception {
        int waiters = 40;
        MockEndpoint answered = getMockEndpoint("mock:answered");
        answered.expectedMessageCount(waiters);
        emulator().s3Network().faultRate(0.5);
        try {
            for (int i = 0; i < waiters; i++) {
                template.sendBodyAndHeader("seda:ask", i % 2 == 0 ? "{\"text\":\"wonderful\"}" : "{\"text\":\"awful\"}",
                        "requestNo", i);
            }

            assertSatisfiedWithin(answered);
            assertThat(answered.getReceivedExchanges()).allSatisfy(exchange -> assertThat(exchange.isFailed()).isFalse());
            for (int i = 0; i < waiters; i++) {
                assertThat(answers.get(String.valueOf(i))).contains(i % 2 == 0 ? "POSITIVE" : "NEGATIVE");
            }
            // reads that failed were retried by later rounds; deletes that failed are retried in the background
            emulator().s3Network().reset();
            await().atMost(RESULT_TIMEOUT).until(() -> emulator().listObjects(OUTPUT).isEmpty());
        } finally {
            emulator().s3Network().reset();
        }
    }

    private boolean send(int requestNo) {
        try {
            template.sendBodyAndHeader("direct:send", "{\"text\":\"great and fast\"}", "requestNo", requestNo);
            return true;
        } catch (CamelExecutionException e) {
            return false;
        }
    }
}
