package io.github.sagemakerasync.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A result its route can never process (a poison result) is delivered maxDeliveries times, then set aside: moved to
 * deadLetterLocation, or left and skipped. The other results, failures included, keep flowing meanwhile.
 */
class PoisonResultsTest extends SageMakerAsyncTestSupport {

    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:send").to("sagemaker-async:sentiment?contentType=application/json&correlationHeaders=requestNo");
                from("sagemaker-async:sentiment?outputLocation=s3://results/sentiment/output"
                        + "&failureLocation=s3://results/sentiment/failures&initialDelay=0&delay=50&maxDeliveries=3"
                        + "&deadLetterLocation=s3://archive/poison")
                        .routeId("dead-letters").autoStartup(false)
                        .process(this::poisonIsRefused).to("mock:delivered");
                from("sagemaker-async:sentiment?outputLocation=s3://results/sentiment/output"
                        + "&failureLocation=s3://results/sentiment/failures&initialDelay=0&delay=50&maxDeliveries=2")
                        .routeId("skipped").autoStartup(false)
                        .process(this::poisonIsRefused).to("mock:delivered");
            }

            private void poisonIsRefused(org.apache.camel.Exchange exchange) {
                String requestNo = exchange.getMessage().getHeader("requestNo", String.class);
                attempts.computeIfAbsent(requestNo, n -> new AtomicInteger()).incrementAndGet();
                if ("poison".equals(requestNo)) {
                    throw new IllegalStateException("this route can never process it");
                }
            }
        };
    }

    @BeforeEach
    void noAttemptsYet() {
        attempts.clear();
    }

    @Test
    void aPoisonResultIsMovedToTheDeadLetterFolderAfterMaxDeliveries() throws Exception {
        MockEndpoint delivered = getMockEndpoint("mock:delivered");
        delivered.expectedMessageCount(3);
        template.sendBodyAndHeader("direct:send", "{\"text\":\"great\"}", "requestNo", "poison");
        String poisonOutput = awaitOutputOf("poison");
        template.sendBodyAndHeader("direct:send", "{\"text\":\"great\"}", "requestNo", "1");
        template.sendBodyAndHeader("direct:send", "{not json", "requestNo", "2");
        template.sendBodyAndHeader("direct:send", "{\"text\":\"bad\"}", "requestNo", "3");

        context.getRouteController().startRoute("dead-letters");
        try {
            assertSatisfiedWithin(delivered);
            await().atMost(RESULT_TIMEOUT).until(() -> emulator().listObjects("s3://archive/poison/").size() == 1);
            delivered.setAssertPeriod(300);
            delivered.assertIsSatisfied();
        } finally {
            context.getRouteController().stopRoute("dead-letters");
        }
        assertThat(attempts.get("poison")).hasValue(3);
        assertThat(emulator().listObjects("s3://archive/poison/")).containsExactly(
                "s3://archive/poison/" + poisonOutput.substring(poisonOutput.lastIndexOf('/') + 1));
        assertThat(emulator().listObjects("s3://results/sentiment/")).isEmpty();
    }

    @Test
    void withoutADeadLetterFolderAPoisonResultIsLeftAndSkipped() throws Exception {
        MockEndpoint delivered = getMockEndpoint("mock:delivered");
        delivered.expectedMessageCount(1);
        template.sendBodyAndHeader("direct:send", "{\"text\":\"great\"}", "requestNo", "poison");
        String poisonOutput = awaitOutputOf("poison");
        template.sendBodyAndHeader("direct:send", "{\"text\":\"great\"}", "requestNo", "4");

        context.getRouteController().startRoute("skipped");
        try {
            assertSatisfiedWithin(delivered);
            await().atMost(RESULT_TIMEOUT).until(() -> attempts.get("poison") != null && attempts.get("poison").get() >= 2);
            // many more polls: never delivered a third time
            delivered.setAssertPeriod(500);
            delivered.assertIsSatisfied();
        } finally {
            context.getRouteController().stopRoute("skipped");
        }
        assertThat(attempts.get("poison")).hasValue(2);
        assertThat(emulator().listObjects("s3://results/sentiment/")).containsExactly(poisonOutput);
        try (var s3 = plainS3Client()) {
            s3.deleteObject(r -> r.bucket("results").key(poisonOutput.substring("s3://results/".length())));
        }
    }

    private String awaitOutputOf(String requestNo) {
        return await().atMost(RESULT_TIMEOUT).until(() -> emulator().listObjects("s3://results/sentiment/output/"),
                objects -> objects.size() == 1).get(0);
    }
}
