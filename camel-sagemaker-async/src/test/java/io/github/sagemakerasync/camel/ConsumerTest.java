package io.github.sagemakerasync.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import io.github.sagemakerasync.emulator.Api;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** Results come back to routes: each exactly once, correlated with its request, and finished in S3 after. */
class ConsumerTest extends SageMakerAsyncTestSupport {

    private static final String SENTIMENT_RESULTS = "outputLocation=s3://results/sentiment/output"
            + "&failureLocation=s3://results/sentiment/failures&initialDelay=0&delay=100";
    private final AtomicInteger flakyAttempts = new AtomicInteger();

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:sentiment").to("sagemaker-async:sentiment?correlationHeaders=requestNo,tenant"
                        + "&contentType=application/json");
                from("sagemaker-async:sentiment?" + SENTIMENT_RESULTS).routeId("results").to("mock:results");

                from("direct:digest").to("sagemaker-async:digest?inputLocation=" + INPUTS + "&correlationHeaders=requestNo");
                from("sagemaker-async:digest?outputLocation=s3://results/digest/output/moved"
                        + "&afterRead=move&moveTo=s3://archive/digest&deleteInputAfterResult=true&initialDelay=0&delay=100")
                        .routeId("moved").autoStartup(false).to("mock:moved");
                from("sagemaker-async:digest?outputLocation=s3://results/digest/output/kept&afterRead=keep&initialDelay=0&delay=100")
                        .routeId("kept").autoStartup(false).to("mock:kept");

                from("direct:recorder").to("sagemaker-async:recorder?correlationHeaders=requestNo");
                from("sagemaker-async:recorder?outputLocation=s3://results/recorder/output&initialDelay=0&delay=100")
                        .routeId("flaky").autoStartup(false)
                        .process(exchange -> {
                            if (flakyAttempts.incrementAndGet() == 1) {
                                throw new IllegalStateException("downstream unavailable");
                            }
                        })
                        .to("mock:flaky");

                from("direct:failing").to("sagemaker-async:sentiment?contentType=application/json&inferenceId=will-fail");
                from("sagemaker-async:sentiment?" + SENTIMENT_RESULTS + "&failureAsException=true")
                        .routeId("failures-as-exceptions").autoStartup(false)
                        .onException(SageMakerAsyncInferenceException.class).handled(true).to("mock:failed").end()
                        .to("mock:completed");
            }
        };
    }

    @Test
    void everyResultIsDeliveredExactlyOnceWithItsCorrelation() throws Exception {
        MockEndpoint results = getMockEndpoint("mock:results");
        results.expectedMessageCount(200);
        for (int i = 0; i < 200; i++) {
            String review = i % 2 == 0 ? "{\"text\":\"great and fast\"}" : "{\"text\":\"slow and buggy\"}";
            template.sendBodyAndHeaders("direct:sentiment", review, Map.of("requestNo", i, "tenant", "t-" + (i % 3)));
        }

        assertSatisfiedWithin(results);
        Map<String, Exchange> byRequest = results.getReceivedExchanges().stream().collect(Collectors.toMap(
                e -> e.getMessage().getHeader("requestNo", String.class), e -> e));
        assertThat(byRequest).hasSize(200);
        byRequest.forEach((requestNo, exchange) -> {
            int i = Integer.parseInt(requestNo);
            assertThat(exchange.getMessage().getHeader("tenant")).isEqualTo("t-" + (i % 3));
            assertThat(exchange.getMessage().getHeader(SageMakerAsyncConstants.STATUS)).isEqualTo("Completed");
            assertThat(exchange.getMessage().getHeader(SageMakerAsyncConstants.INFERENCE_ID, String.class)).matches("[0-9a-f-]{36}");
            assertThat(exchange.getMessage().getBody(String.class)).contains(i % 2 == 0 ? "POSITIVE" : "NEGATIVE");
            assertThat(exchange.getMessage().getHeader(SageMakerAsyncConstants.RESULT_CONTENT_TYPE)).isEqualTo("application/json");
            assertThat(exchange.getMessage().getHeader(SageMakerAsyncConstants.PAYLOAD_MODE)).isEqualTo("inline");
            assertThat(exchange.getMessage().getHeader(SageMakerAsyncConstants.CORRELATED)).isEqualTo(true);
        });
        await().atMost(RESULT_TIMEOUT).until(() -> emulator().listObjects("s3://results/sentiment/output/").isEmpty());
        // one page per prefix and poll serves every result: far fewer listings than results
        long lists = emulator().counters().get(Api.S3, "ListObjectsV2");
        assertThat(emulator().counters().get(Api.S3, "GetObject")).isEqualTo(200);
        assertThat(emulator().counters().get(Api.S3, "DeleteObject")).isEqualTo(200);
        System.out.println("200 consumer results: " + emulator().counters().snapshot());
        assertThat(lists).isLessThan(200);
    }

    @Test
    void aResultOfARequestTheStoreDoesNotKnowIsMarkedUncorrelated() throws Exception {
        MockEndpoint results = getMockEndpoint("mock:results");
        results.expectedMessageCount(1);

        try (S3Client s3 = plainS3Client()) {
            s3.putObject(r -> r.bucket("results").key("sentiment/output/from-elsewhere.out").contentType("application/json"),
                    RequestBody.fromString("{\"label\":\"POSITIVE\"}"));
        }

        assertSatisfiedWithin(results);
        Exchange foreign = results.getReceivedExchanges().get(0);
        assertThat(foreign.getMessage().getHeader(SageMakerAsyncConstants.CORRELATED)).isEqualTo(false);
        assertThat(foreign.getMessage().getHeader(SageMakerAsyncConstants.STATUS)).isEqualTo("Completed");
        assertThat(foreign.getMessage().getHeader(SageMakerAsyncConstants.INFERENCE_ID)).isNull();
        assertThat(foreign.getMessage().getBody(String.class)).isEqualTo("{\"label\":\"POSITIVE\"}");
        await().atMost(RESULT_TIMEOUT).until(() -> emulator().listObjects("s3://results/sentiment/output/").isEmpty());
    }

    @Test
    void failureIsDeliveredAsAMessageWithTheFailureText() throws Exception {
        MockEndpoint results = getMockEndpoint("mock:results");
        results.expectedMessageCount(1);

        template.sendBodyAndHeader("direct:sentiment", "{not json", "requestNo", 7);

        assertSatisfiedWithin(results);
        Exchange failure = results.getReceivedExchanges().get(0);
        assertThat(failure.getMessage().getHeader(SageMakerAsyncConstants.STATUS)).isEqualTo("Failed");
        assertThat(failure.getMessage().getHeader("requestNo")).isEqualTo("7");
        assertThat(failure.getMessage().getBody(String.class)).startsWith("Invalid JSON input");
        assertThat(failure.getMessage().getHeader(SageMakerAsyncConstants.FAILURE_LOCATION, String.class))
                .isEqualTo(failure.getMessage().getHeader(SageMakerAsyncConstants.RESULT_LOCATION));
    }

    @Test
    void failureAsExceptionReachesTheErrorHandler() throws Exception {
        context.getRouteController().stopRoute("results");
        context.getRouteController().startRoute("failures-as-exceptions");
        try {
            MockEndpoint failed = getMockEndpoint("mock:failed");
            failed.expectedMessageCount(1);
            getMockEndpoint("mock:completed").expectedMessageCount(0);

            template.sendBody("direct:failing", "{not json");

            assertSatisfiedWithin(failed);
            Exception caught = failed.getReceivedExchanges().get(0).getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
            assertThat(caught).isInstanceOfSatisfying(SageMakerAsyncInferenceException.class, e -> {
                assertThat(e.getMessage()).startsWith("Invalid JSON input");
                assertThat(e.getInferenceId()).isEqualTo("will-fail");
                assertThat(e.getFailureLocation()).startsWith("s3://results/sentiment/failures/");
            });
            await().atMost(RESULT_TIMEOUT).until(() -> emulator().listObjects("s3://results/sentiment/failures/").isEmpty());
            getMockEndpoint("mock:completed").assertIsSatisfied();
        } finally {
            context.getRouteController().stopRoute("failures-as-exceptions");
            context.getRouteController().startRoute("results");
        }
    }

    @Test
    void aResultWhoseRouteFailsStaysAndIsDeliveredAgain() throws Exception {
        MockEndpoint flaky = getMockEndpoint("mock:flaky");
        flaky.expectedMessageCount(1);
        template.sendBodyAndHeader("direct:recorder", "x", "requestNo", 1);
        awaitIdle();
        String output = emulator().listObjects("s3://results/recorder/output/").get(0);

        context.getRouteController().startRoute("flaky");
        try {
            assertSatisfiedWithin(flaky);
            assertThat(flakyAttempts.get()).isEqualTo(2);
            assertThat(flaky.getReceivedExchanges().get(0).getMessage().getHeader(SageMakerAsyncConstants.RESULT_LOCATION))
                    .isEqualTo(output);
            assertThat(flaky.getReceivedExchanges().get(0).getMessage().getHeader("requestNo")).isEqualTo("1");
            await().atMost(RESULT_TIMEOUT).until(() -> emulator().readObject(output).isEmpty());
        } finally {
            context.getRouteController().stopRoute("flaky");
        }
    }

    @Test
    void moveKeepsTheResultUnderMoveToAndDeleteInputAfterResultRemovesTheInput() throws Exception {
        Exchange sent = template.request("direct:digest", exchange -> {
            exchange.getMessage().setBody(payload(200_000));
            exchange.getMessage().setHeader(SageMakerAsyncConstants.S3_OUTPUT_PATH_EXTENSION, "moved/tenant-1");
        });
        String uploaded = sent.getMessage().getHeader(SageMakerAsyncConstants.UPLOADED_INPUT, String.class);
        String output = sent.getMessage().getHeader(SageMakerAsyncConstants.OUTPUT_LOCATION, String.class);
        awaitIdle();
        MockEndpoint moved = getMockEndpoint("mock:moved");
        moved.expectedMessageCount(1);

        context.getRouteController().startRoute("moved");
        try {
            assertSatisfiedWithin(moved);
            assertThat(moved.getReceivedExchanges().get(0).getMessage().getHeader(SageMakerAsyncConstants.UPLOADED_INPUT))
                    .isEqualTo(uploaded);
            assertThat(moved.getReceivedExchanges().get(0).getMessage().getHeader(SageMakerAsyncConstants.PAYLOAD_MODE))
                    .isEqualTo("s3");
            String archived = "s3://archive/digest/tenant-1/" + output.substring(output.lastIndexOf('/') + 1);
            await().atMost(RESULT_TIMEOUT).until(() -> emulator().readObject(archived).isPresent()
                    && emulator().readObject(output).isEmpty() && emulator().readObject(uploaded).isEmpty());
        } finally {
            context.getRouteController().stopRoute("moved");
        }
    }

    @Test
    void keepLeavesTheResultAndDeliversItOnce() throws Exception {
        template.sendBodyAndHeader("direct:digest", payload(10), SageMakerAsyncConstants.S3_OUTPUT_PATH_EXTENSION, "kept");
        awaitIdle();
        List<String> outputs = emulator().listObjects("s3://results/digest/output/kept/");
        MockEndpoint kept = getMockEndpoint("mock:kept");
        kept.expectedMessageCount(outputs.size());

        context.getRouteController().startRoute("kept");
        try {
            assertSatisfiedWithin(kept);
            long listsBefore = emulator().counters().get(Api.S3, "ListObjectsV2");
            await().atMost(RESULT_TIMEOUT).until(() -> emulator().counters().get(Api.S3, "ListObjectsV2") >= listsBefore + 3);
            kept.assertIsSatisfied();
            assertThat(kept.getReceivedCounter()).isEqualTo(outputs.size());
            assertThat(emulator().listObjects("s3://results/digest/output/kept/")).isEqualTo(outputs);
        } finally {
            context.getRouteController().stopRoute("kept");
        }
    }

    private static void awaitIdle() throws InterruptedException {
        assertThat(emulator().awaitIdle(RESULT_TIMEOUT)).isTrue();
    }
}
