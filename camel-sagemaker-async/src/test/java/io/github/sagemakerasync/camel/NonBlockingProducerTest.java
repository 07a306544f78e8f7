package io.github.sagemakerasync.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.Set;
import java.util.stream.Collectors;

import io.github.sagemakerasync.emulator.Api;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;

/** The producer never blocks its route thread: one thread keeps many invocations in flight. */
class NonBlockingProducerTest extends SageMakerAsyncTestSupport {

    private static final int MESSAGES = 20;

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("seda:requests?concurrentConsumers=1")
                        .to("sagemaker-async:digest?inputLocation=" + INPUTS)
                        .to("mock:accepted");
            }
        };
    }

    @Test
    void oneRouteThreadKeepsEveryInvocationInFlight() throws Exception {
        MockEndpoint accepted = getMockEndpoint("mock:accepted");
        accepted.expectedMessageCount(MESSAGES);
        emulator().sageMakerNetwork().holdRequests();
        try {
            for (int i = 0; i < MESSAGES; i++) {
                // a mix of inline and S3 payloads
                template.sendBody("seda:requests", payload(i % 2 == 0 ? 100 : 200_000));
            }

            // the emulator holds every request it received: all of them arrived while none was answered
            await().atMost(RESULT_TIMEOUT).until(() -> emulator().counters().get(Api.SAGEMAKER, "InvokeEndpointAsync") == MESSAGES);
            assertThat(accepted.getReceivedCounter()).isZero();
        } finally {
            emulator().sageMakerNetwork().releaseRequests();
        }

        assertSatisfiedWithin(accepted);
        Set<String> inferenceIds = accepted.getReceivedExchanges().stream()
                .map(exchange -> exchange.getMessage().getHeader(SageMakerAsyncConstants.INFERENCE_ID, String.class))
                .collect(Collectors.toSet());
        assertThat(inferenceIds).hasSize(MESSAGES);
    }
}
