package io.github.sagemakerasync.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.Map;
import java.util.stream.Collectors;

import io.github.sagemakerasync.emulator.Api;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeTimedOutException;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;

/** waitForResult: the exchange completes with its result, served by one watcher that batches its looks. */
class RequestReplyTest extends SageMakerAsyncTestSupport {

    private static final String ASK = "sagemaker-async:sentiment?waitForResult=true&contentType=application/json"
            + "&resultPollDelay=100&resultPollMaxDelay=1000&correlationHeaders=requestNo";
    private static final String SLOW = "sagemaker-async:slow?waitForResult=true&resultTimeout=1500&resultPollDelay=100"
            + "&invocationTimeoutSeconds=2";

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("seda:questions?concurrentConsumers=1&size=1000").to(ASK).to("mock:answers");
                from("direct:ask").to(ASK);
                // the emulator gives up on the slow model after 2 s, so it is free again for the next test
                from("direct:ask-slow").to(SLOW);
                from("direct:ask-digest").to("sagemaker-async:digest?waitForResult=true&inputLocation=" + INPUTS
                        + "&deleteInputAfterResult=true&resultPollDelay=100");
            }
        };
    }

    @Test
    void hundredWaitersAreServedByBatchedLooks() throws Exception {
        MockEndpoint answers = getMockEndpoint("mock:answers");
        answers.expectedMessageCount(100);
        SageMakerAsyncEndpoint endpoint = context.getEndpoint(ASK, SageMakerAsyncEndpoint.class);
        emulator().pauseWorkers();
        try {
            for (int i = 0; i < 100; i++) {
                String text = i % 2 == 0 ? "{\"text\":\"wonderful\"}" : "{\"text\":\"awful\"}";
                template.sendBodyAndHeader("seda:questions", text, "requestNo", i);
            }
            // one route thread put all hundred in flight: none holds a thread while it waits
            await().atMost(RESULT_TIMEOUT).until(() -> endpoint.awaitedResults().waiting() == 100);
            assertThat(answers.getReceivedCounter()).isZero();
            emulator().counters().reset();
        } finally {
            emulator().resumeWorkers();
        }

        assertSatisfiedWithin(answers);
        Map<String, String> bodies = answers.getReceivedExchanges().stream().collect(Collectors.toMap(
                e -> e.getMessage().getHeader("requestNo", String.class), e -> e.getMessage().getBody(String.class)));
        assertThat(bodies).hasSize(100);
        bodies.forEach((requestNo, body) -> assertThat(body)
                .contains(Integer.parseInt(requestNo) % 2 == 0 ? "POSITIVE" : "NEGATIVE"));
        Map<String, Long> s3 = emulator().counters().snapshot();
        System.out.println("100 request-reply waiters: " + s3);
        assertThat(emulator().counters().get(Api.S3, "GetObject")).isEqualTo(100);
        // looks list the one output prefix and the one failure prefix per round: far fewer listings than waiters
        assertThat(emulator().counters().get(Api.S3, "ListObjectsV2")).isLessThan(50);
        await().atMost(RESULT_TIMEOUT).until(() -> emulator().listObjects("s3://results/sentiment/output/").isEmpty());
        assertThat(endpoint.awaitedResults().waiting()).isZero();
    }

    @Test
    void resultBecomesTheBodyWithItsHeaders() {
        Exchange answer = template.request("direct:ask", exchange -> {
            exchange.getMessage().setBody("{\"text\":\"it works great\"}");
            exchange.getMessage().setHeader(SageMakerAsyncConstants.INFERENCE_ID, "asked-1");
        });

        assertThat(answer.getException()).isNull();
        assertThat(answer.getMessage().getBody(String.class))
                .isEqualTo("{\"label\":\"POSITIVE\",\"score\":1.0,\"positive\":2,\"negative\":0,\"tokens\":3}");
        assertThat(answer.getMessage().getHeader(SageMakerAsyncConstants.STATUS)).isEqualTo("Completed");
        assertThat(answer.getMessage().getHeader(SageMakerAsyncConstants.INFERENCE_ID)).isEqualTo("asked-1");
        assertThat(answer.getMessage().getHeader(SageMakerAsyncConstants.RESULT_CONTENT_TYPE)).isEqualTo("application/json");
        assertThat(answer.getMessage().getHeader(SageMakerAsyncConstants.RESULT_LOCATION))
                .isEqualTo(answer.getMessage().getHeader(SageMakerAsyncConstants.OUTPUT_LOCATION));
    }

    @Test
    void failureFailsTheExchangeWithTheFailureText() {
        Exchange answer = template.request("direct:ask", exchange -> {
            exchange.getMessage().setBody("{broken");
            exchange.getMessage().setHeader(SageMakerAsyncConstants.INFERENCE_ID, "asked-2");
        });

        assertThat(answer.getException()).isInstanceOfSatisfying(SageMakerAsyncInferenceException.class, e -> {
            assertThat(e.getMessage()).startsWith("Invalid JSON input");
            assertThat(e.getInferenceId()).isEqualTo("asked-2");
            assertThat(e.getFailureLocation()).startsWith("s3://results/sentiment/failures/");
        });
        assertThat(answer.getMessage().getHeader(SageMakerAsyncConstants.STATUS)).isEqualTo("Failed");
    }

    @Test
    void noResultWithinResultTimeoutIsATimeout() {
        Exchange answer = template.request("direct:ask-slow", exchange -> exchange.getMessage().setBody("x"));

        assertThat(answer.getException()).isInstanceOf(ExchangeTimedOutException.class)
                .hasMessageContaining("No result within resultTimeout; it will be at s3://results/slow/output/");
        assertThat(context.getEndpoint(SLOW, SageMakerAsyncEndpoint.class).awaitedResults().waiting()).isZero();
    }

    @Test
    void deliveredResultAndItsUploadedInputAreRemoved() throws Exception {
        byte[] payload = payload(200_000);

        Exchange answer = template.request("direct:ask-digest", exchange -> exchange.getMessage().setBody(payload));

        assertThat(answer.getException()).isNull();
        assertThat(answer.getMessage().getBody(String.class)).isEqualTo(digestOf(payload));
        String uploaded = answer.getMessage().getHeader(SageMakerAsyncConstants.UPLOADED_INPUT, String.class);
        String output = answer.getMessage().getHeader(SageMakerAsyncConstants.OUTPUT_LOCATION, String.class);
        await().atMost(RESULT_TIMEOUT).until(() -> emulator().readObject(uploaded).isEmpty()
                && emulator().readObject(output).isEmpty());
    }

}
