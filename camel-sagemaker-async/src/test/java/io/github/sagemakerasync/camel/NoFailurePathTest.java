package io.github.sagemakerasync.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import io.github.sagemakerasync.emulator.Api;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeTimedOutException;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;

/**
 * An endpoint without S3FailurePath, as AWS allows: SageMaker returns no FailureLocation and writes no failure
 * object. Requests are accepted and correlated all the same, outputs are delivered, and a waiting exchange learns of
 * a failure only by its timeout.
 */
class NoFailurePathTest extends SageMakerAsyncTestSupport {

    private static final String OUTPUT = "s3://results/no-failure-path/output";

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:send").to("sagemaker-async:no-failure-path?contentType=application/json"
                        + "&correlationHeaders=requestNo");
                from("sagemaker-async:no-failure-path?outputLocation=" + OUTPUT + "&initialDelay=0&delay=50")
                        .routeId("results").autoStartup(false).to("mock:results");
                from("sagemaker-async:no-failure-path?initialDelay=0&delay=50")
                        .routeId("discovered").autoStartup(false).to("mock:results");
                from("direct:ask").to("sagemaker-async:no-failure-path?waitForResult=true&contentType=application/json"
                        + "&resultTimeout=2000&resultPollDelay=100");
            }
        };
    }

    @Test
    void requestsAreAcceptedWithoutAFailureLocationAndOutputsDeliveredWithTheirCorrelation() throws Exception {
        Exchange sent = template.request("direct:send", exchange -> {
            exchange.getMessage().setBody("{\"text\":\"great and fast\"}");
            exchange.getMessage().setHeader("requestNo", 7);
        });

        assertThat(sent.getException()).isNull();
        assertThat(sent.getMessage().getHeader(SageMakerAsyncConstants.OUTPUT_LOCATION, String.class)).startsWith(OUTPUT + "/");
        assertThat(sent.getMessage().getHeaders()).doesNotContainKey(SageMakerAsyncConstants.FAILURE_LOCATION);
        assertThat(context.getComponent("sagemaker-async", SageMakerAsyncComponent.class).defaultCorrelationStore()
                .find(sent.getMessage().getHeader(SageMakerAsyncConstants.OUTPUT_LOCATION, String.class))).isPresent();

        MockEndpoint results = getMockEndpoint("mock:results");
        results.expectedMessageCount(1);
        context.getRouteController().startRoute("results");
        try {
            assertSatisfiedWithin(results);
        } finally {
            context.getRouteController().stopRoute("results");
        }
        Exchange result = results.getReceivedExchanges().get(0);
        assertThat(result.getMessage().getHeader("requestNo")).isEqualTo("7");
        assertThat(result.getMessage().getHeader(SageMakerAsyncConstants.INFERENCE_ID))
                .isEqualTo(sent.getMessage().getHeader(SageMakerAsyncConstants.INFERENCE_ID));
        assertThat(result.getMessage().getHeader(SageMakerAsyncConstants.STATUS)).isEqualTo("Completed");
        assertThat(result.getMessage().getHeaders()).doesNotContainKey(SageMakerAsyncConstants.FAILURE_LOCATION);
        assertThat(result.getMessage().getBody(String.class)).contains("POSITIVE");
    }

    @Test
    void aFailedInferenceWritesNothingAndIsNotDelivered() throws Exception {
        MockEndpoint results = getMockEndpoint("mock:results");
        results.expectedMessageCount(1);
        context.getRouteController().startRoute("discovered");
        try {
            template.sendBodyAndHeader("direct:send", "{not json", "requestNo", 1);
            template.sendBodyAndHeader("direct:send", "{\"text\":\"awful\"}", "requestNo", 2);
            assertThat(emulator().awaitIdle(RESULT_TIMEOUT)).isTrue();

            assertSatisfiedWithin(results);
            results.setAssertPeriod(300);
            results.assertIsSatisfied();
        } finally {
            context.getRouteController().stopRoute("discovered");
        }
        assertThat(results.getReceivedExchanges().get(0).getMessage().getHeader("requestNo")).isEqualTo("2");
        // the delivered output was deleted; nothing else was ever written
        await().atMost(RESULT_TIMEOUT).until(() -> emulator().listObjects("s3://results/no-failure-path/").isEmpty());
        assertThat(emulator().counters().get(Api.SAGEMAKER, "DescribeEndpointConfig")).isEqualTo(1);
    }

    @Test
    void aWaitingExchangeGetsItsOutput() {
        Exchange answered = template.request("direct:ask", exchange -> exchange.getMessage().setBody("{\"text\":\"wonderful\"}"));

        assertThat(answered.getException()).isNull();
        assertThat(answered.getMessage().getBody(String.class)).contains("POSITIVE");
    }

    @Test
    void aWaitingExchangeLearnsOfAFailureByItsTimeout() {
        long started = System.nanoTime();
        Exchange answered = template.request("direct:ask", exchange -> exchange.getMessage().setBody("{not json"));

        assertThat(answered.getException()).isInstanceOf(ExchangeTimedOutException.class)
                .hasMessageContaining("No result within resultTimeout; it will be at " + OUTPUT + "/")
                .hasMessageNotContaining(" or ");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(2000));
        assertThat(context.getComponent("sagemaker-async", SageMakerAsyncComponent.class).resultWaiters()
                .awaits(S3Uri.parse(answered.getMessage().getHeader(SageMakerAsyncConstants.OUTPUT_LOCATION, String.class),
                        "test"))).isFalse();
    }
}
