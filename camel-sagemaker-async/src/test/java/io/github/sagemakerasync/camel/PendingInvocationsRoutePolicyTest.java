package io.github.sagemakerasync.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import io.github.sagemakerasync.emulator.Api;
import org.apache.camel.SuspendableService;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/**
 * The sending route is suspended at the bound of pending requests and resumed below its low-water mark, so messages
 * wait in their source (here a SEDA queue) instead of in SageMaker's queue.
 */
class PendingInvocationsRoutePolicyTest extends SageMakerAsyncTestSupport {

    private static final int MAX = 10;
    private static final int MESSAGES = 40;

    /** Static: the routes may be built by another instance of this class than the test's. */
    private static final PendingInvocationsRoutePolicy FLOW = new PendingInvocationsRoutePolicy("sentiment", MAX);

    static {
        FLOW.setResumePendingInvocations(4);
        FLOW.setCheckIntervalMillis(100);
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("seda:reviews").routeId("send").routePolicy(FLOW)
                        .to("sagemaker-async:sentiment");
                from("sagemaker-async:sentiment?outputLocation=s3://results/sentiment/output"
                        + "&failureLocation=s3://results/sentiment/failures&initialDelay=0&delay=100")
                        .routeId("results").to("mock:results");
            }
        };
    }

    @Test
    void theSendingRouteWaitsWhileTheEndpointHoldsTheBoundOfPendingRequests() throws Exception {
        emulator().pauseWorkers();
        try (MostUnfinished mostQueued = MostUnfinished.sample(5)) {
            for (int i = 0; i < MESSAGES; i++) {
                template.sendBody("seda:reviews", i % 2 == 0 ? "good and fast" : "slow and broken");
            }

            await().atMost(RESULT_TIMEOUT).until(FLOW::isHoldingRoutes);
            assertThat(sendingConsumerSuspended()).isTrue();
            // the exchanges begun before the bound was reached go out; then nothing more, the rest waits in the SEDA
            // queue (its consumer may have taken one more message as the bound was reached)
            await().atMost(RESULT_TIMEOUT).until(() -> invocations() >= MAX);
            Thread.sleep(500);
            assertThat(invocations()).isBetween((long) MAX, (long) MAX + 1);

            MockEndpoint results = getMockEndpoint("mock:results");
            results.expectedMessageCount(MESSAGES);
            emulator().resumeWorkers();

            results.assertIsSatisfied(RESULT_TIMEOUT.toMillis());
            assertThat(mostQueued.most()).as("most requests in SageMaker's queue at once").isLessThanOrEqualTo(MAX + 1);
            assertThat(invocations()).isEqualTo(MESSAGES);
            await().atMost(RESULT_TIMEOUT).until(() -> !sendingConsumerSuspended());
        } finally {
            emulator().resumeWorkers();
        }
    }

    private static long invocations() {
        return emulator().counters().get(Api.SAGEMAKER, "InvokeEndpointAsync");
    }

    private boolean sendingConsumerSuspended() {
        return ((SuspendableService) context.getRoute("send").getConsumer()).isSuspended();
    }

    @Test
    void badSettingsAreRefusedWhenTheRouteStarts() throws Exception {
        PendingInvocationsRoutePolicy noBound = new PendingInvocationsRoutePolicy("sentiment", 0);
        PendingInvocationsRoutePolicy resumeAboveBound = new PendingInvocationsRoutePolicy("sentiment", 5);
        resumeAboveBound.setResumePendingInvocations(5);
        PendingInvocationsRoutePolicy noEndpoint = new PendingInvocationsRoutePolicy(null, 5);

        assertThat(failureToStart(noBound)).hasMessageContaining(
                "PendingInvocationsRoutePolicy on route bad: maxPendingInvocations must be 1 or more, was 0");
        assertThat(failureToStart(resumeAboveBound)).hasMessageContaining(
                "PendingInvocationsRoutePolicy on route bad: resumePendingInvocations (5) must be below "
                        + "maxPendingInvocations (5)");
        assertThat(failureToStart(noEndpoint)).hasMessageContaining("PendingInvocationsRoutePolicy on route bad: "
                + "endpointName (the SageMaker endpoint whose pending requests it counts) is not set");
    }

    private static Throwable failureToStart(PendingInvocationsRoutePolicy policy) throws Exception {
        try (DefaultCamelContext other = new DefaultCamelContext()) {
            other.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("seda:bad").routeId("bad").routePolicy(policy).to("log:bad");
                }
            });
            Throwable failure = catchThrowable(other::start);
            assertThat(failure).as("the start refused").isNotNull();
            return rootOf(failure);
        }
    }

    private static Throwable rootOf(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }
}
