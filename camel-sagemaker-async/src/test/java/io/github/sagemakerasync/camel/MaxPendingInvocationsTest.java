package io.github.sagemakerasync.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.sagemakerasync.emulator.Api;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/**
 * The producer's bound on pending requests (maxPendingInvocations), against the emulator with its workers held: at
 * the bound a message parks until a result frees a place, fails at once, or fails after its park timeout; nothing is
 * sent past the bound, and every parked message is sent once places free.
 */
class MaxPendingInvocationsTest extends SageMakerAsyncTestSupport {

    private static final int MAX = 3;

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:park").to("sagemaker-async:sentiment?maxPendingInvocations=" + MAX);
                from("direct:fail").to("sagemaker-async:sentiment?maxPendingInvocations=2&pendingBoundAction=fail");
                from("direct:patient").to("sagemaker-async:sentiment?maxPendingInvocations=1&pendingParkTimeout=300");
                from("direct:deadline").to("sagemaker-async:sentiment?maxPendingInvocations=1&pendingParkTimeout=10s");
                from("sagemaker-async:sentiment?outputLocation=s3://results/sentiment/output"
                        + "&failureLocation=s3://results/sentiment/failures&initialDelay=0&delay=100")
                        .routeId("results").to("mock:results");
            }
        };
    }

    @Test
    void atTheBoundMessagesParkInOrderAndAreSentAsResultsFreePlaces() throws Exception {
        emulator().pauseWorkers();
        List<CompletableFuture<Exchange>> sent = new ArrayList<>();
        try (MostUnfinished mostUnfinished = MostUnfinished.sample(1)) {
            for (int i = 0; i < 12; i++) {
                int n = i;
                sent.add(template.asyncSend("direct:park", exchange -> exchange.getMessage().setBody("good " + n)));
            }
            await().atMost(RESULT_TIMEOUT).until(() -> invocations() == MAX);
            Thread.sleep(500);
            assertThat(invocations()).as("sent while the results are held").isEqualTo(MAX);
            assertThat(sent.stream().filter(CompletableFuture::isDone).count()).as("exchanges completed").isEqualTo(MAX);

            MockEndpoint results = getMockEndpoint("mock:results");
            results.expectedMessageCount(12);
            emulator().resumeWorkers();

            assertSatisfiedWithin(results);
            for (CompletableFuture<Exchange> exchange : sent) {
                assertThat(exchange.get(RESULT_TIMEOUT.toSeconds(), TimeUnit.SECONDS).getException()).isNull();
            }
            assertThat(invocations()).isEqualTo(12);
            assertThat(mostUnfinished.most()).as("most requests in SageMaker at once").isEqualTo(MAX);
        } finally {
            emulator().resumeWorkers();
        }
    }

    @Test
    void withPendingBoundActionFailAMessageAtTheBoundFailsAtOnceNamingTheOptionAndTheCount() throws Exception {
        emulator().pauseWorkers();
        try {
            assertThat(template.send("direct:fail", exchange -> exchange.getMessage().setBody("good")).getException()).isNull();
            assertThat(template.send("direct:fail", exchange -> exchange.getMessage().setBody("good")).getException()).isNull();

            Exchange refused = template.send("direct:fail", exchange -> exchange.getMessage().setBody("good"));

            assertThat(refused.getException()).isInstanceOf(MaxPendingInvocationsException.class).hasMessage(
                    "Endpoint sentiment has 2 requests pending (accepted by SageMaker, no result delivered yet), its "
                            + "maxPendingInvocations of 2: the request is not sent (pendingBoundAction=fail)");
            assertThat(((MaxPendingInvocationsException) refused.getException()).getPending()).isEqualTo(2);
            assertThat(invocations()).isEqualTo(2);
            MockEndpoint results = getMockEndpoint("mock:results");
            results.expectedMessageCount(2);
            emulator().resumeWorkers();
            assertSatisfiedWithin(results);
        } finally {
            emulator().resumeWorkers();
        }
    }

    @Test
    void aParkedMessageFailsUnsentAfterItsParkTimeout() throws Exception {
        emulator().pauseWorkers();
        try {
            assertThat(template.send("direct:patient", exchange -> exchange.getMessage().setBody("good")).getException())
                    .isNull();
            long parked = System.nanoTime();

            Exchange timedOut = template.send("direct:patient", exchange -> exchange.getMessage().setBody("good"));

            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - parked)).isGreaterThanOrEqualTo(300);
            assertThat(timedOut.getException()).isInstanceOf(MaxPendingInvocationsException.class).hasMessage(
                    "Endpoint sentiment still had 1 requests pending, its maxPendingInvocations of 1, when the message "
                            + "had waited pendingParkTimeout (300 ms) for a place: the request is not sent");
            assertThat(invocations()).isEqualTo(1);
            MockEndpoint results = getMockEndpoint("mock:results");
            results.expectedMessageCount(1);
            emulator().resumeWorkers();
            assertSatisfiedWithin(results);
        } finally {
            emulator().resumeWorkers();
        }
    }

    /** A deadline becomes the TTL when the message is sent, not when it parked: one that came too close is refused. */
    @Test
    void aParkedMessageWhoseDeadlineCameTooCloseIsRefusedWhenItsPlaceFrees() throws Exception {
        emulator().pauseWorkers();
        try {
            assertThat(template.send("direct:deadline", exchange -> exchange.getMessage().setBody("good")).getException())
                    .isNull();
            Instant deadline = Instant.now().plusSeconds(61);
            CompletableFuture<Exchange> parked = template.asyncSend("direct:deadline", exchange -> {
                exchange.getMessage().setBody("good");
                exchange.getMessage().setHeader(SageMakerAsyncConstants.DEADLINE, deadline);
            });
            Thread.sleep(2_000);
            assertThat(parked).isNotDone();
            MockEndpoint results = getMockEndpoint("mock:results");
            results.expectedMessageCount(1);
            emulator().resumeWorkers();

            Exchange refused = parked.get(RESULT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertThat(refused.getException()).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("header CamelAwsSageMakerAsyncDeadline is " + deadline);
            assertSatisfiedWithin(results);
            assertThat(invocations()).isEqualTo(1);
        } finally {
            emulator().resumeWorkers();
        }
    }

    @Test
    void aBoundWithoutRecordedCorrelationsIsRefusedClearly() throws Exception {
        try (CamelContext producerOnly = new DefaultCamelContext()) {
            producerOnly.getRegistry().bind("sagemaker-async", componentFor(emulator()));
            producerOnly.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:bounded").to("sagemaker-async:sentiment?maxPendingInvocations=5");
                }
            });
            producerOnly.start();

            Exchange refused = producerOnly.createProducerTemplate().send("direct:bounded",
                    exchange -> exchange.getMessage().setBody("good"));

            assertThat(refused.getException()).isInstanceOf(IllegalStateException.class).hasMessage(
                    "Option maxPendingInvocations counts the requests recorded in the correlation store, and endpoint "
                            + "sentiment records none: add a consumer route of the endpoint to this CamelContext, or set a "
                            + "correlationStore");
            assertThat(invocations()).isZero();
        }
    }

    static long invocations() {
        return emulator().counters().get(Api.SAGEMAKER, "InvokeEndpointAsync");
    }
}
