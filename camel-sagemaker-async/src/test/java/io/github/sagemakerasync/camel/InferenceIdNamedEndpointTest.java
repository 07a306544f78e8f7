package io.github.sagemakerasync.camel;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * An endpoint that names its results after the InferenceId (as the 2026 API reference reads "a filename based on the
 * inference ID"), and whose model answers errors with its own body and content type: the flow works the same, and two
 * pending requests with one InferenceId are warned about and delivered once.
 */
class InferenceIdNamedEndpointTest extends SageMakerAsyncTestSupport {

    private static final String OUTPUT = "s3://results/by-id/output";

    private final ListAppender<ILoggingEvent> producerLog = new ListAppender<>();

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:send").to("sagemaker-async:by-id?contentType=application/json&correlationHeaders=requestNo");
                from("sagemaker-async:by-id?initialDelay=0&delay=50").routeId("results").autoStartup(false)
                        .to("mock:results");
                from("direct:ask").to("sagemaker-async:by-id?waitForResult=true&contentType=application/json"
                        + "&resultTimeout=20000&resultPollDelay=50");
            }
        };
    }

    @BeforeEach
    void captureProducerLog() {
        producerLog.start();
        ((Logger) LoggerFactory.getLogger(SageMakerAsyncProducer.class)).addAppender(producerLog);
    }

    @AfterEach
    void releaseProducerLog() throws Exception {
        ((Logger) LoggerFactory.getLogger(SageMakerAsyncProducer.class)).detachAppender(producerLog);
        emulator().resumeWorkers();
        context.getRouteController().stopRoute("results");
    }

    @Test
    void resultsNamedAfterTheirInferenceIdAreDeliveredWithTheirCorrelation() throws Exception {
        MockEndpoint results = getMockEndpoint("mock:results");
        results.expectedMessageCount(3);
        for (int i = 1; i <= 3; i++) {
            Exchange sent = send("order-" + i, "{\"text\":\"great\"}", i);
            assertThat(sent.getMessage().getHeader(SageMakerAsyncConstants.OUTPUT_LOCATION))
                    .isEqualTo(OUTPUT + "/order-" + i + ".out");
        }

        context.getRouteController().startRoute("results");
        assertSatisfiedWithin(results);

        for (Exchange result : results.getReceivedExchanges()) {
            String inferenceId = result.getMessage().getHeader(SageMakerAsyncConstants.INFERENCE_ID, String.class);
            assertThat(result.getMessage().getHeader("requestNo", String.class)).isEqualTo(inferenceId.substring("order-".length()));
            assertThat(result.getMessage().getHeader(SageMakerAsyncConstants.CORRELATED)).isEqualTo(true);
        }
        assertThat(producerLog.list).noneMatch(event -> event.getLevel() == Level.WARN);
    }

    @Test
    void aWaitingExchangeGetsTheResultNamedAfterItsInferenceId() {
        Exchange answered = template.request("direct:ask", exchange -> {
            exchange.getMessage().setHeader(SageMakerAsyncConstants.INFERENCE_ID, "ask-1");
            exchange.getMessage().setBody("{\"text\":\"wonderful\"}");
        });

        assertThat(answered.getException()).isNull();
        assertThat(answered.getMessage().getBody(String.class)).contains("POSITIVE");
        assertThat(answered.getMessage().getHeader(SageMakerAsyncConstants.RESULT_LOCATION)).isEqualTo(OUTPUT + "/ask-1.out");
    }

    @Test
    void twoPendingRequestsWithOneInferenceIdAreWarnedAboutAndTheirOneObjectDeliveredOnce() throws Exception {
        emulator().pauseWorkers();
        send("twice", "{\"text\":\"great\"}", 1);
        send("twice", "{\"text\":\"awful\"}", 2);

        assertThat(producerLog.list).filteredOn(event -> event.getLevel() == Level.WARN).singleElement()
                .satisfies(event -> assertThat(event.getFormattedMessage())
                        .contains("Inference twice writes its result to " + OUTPUT + "/twice.out")
                        .contains("one result overwrites the other"));
        emulator().resumeWorkers();
        assertThat(emulator().awaitIdle(RESULT_TIMEOUT)).isTrue();

        MockEndpoint results = getMockEndpoint("mock:results");
        results.expectedMessageCount(1);
        results.setAssertPeriod(1000);
        context.getRouteController().startRoute("results");
        assertSatisfiedWithin(results);
        // the later request holds the correlation; the object holds whichever result was written last
        assertThat(results.getReceivedExchanges().get(0).getMessage().getHeader("requestNo")).isEqualTo("2");
    }

    @Test
    void aModelsJsonErrorIsDeliveredAsItsBytesWithItsContentType() {
        Exchange answered = template.request("direct:ask", exchange -> exchange.getMessage().setBody("json-error"));

        assertThat(answered.getException()).isInstanceOf(SageMakerAsyncInferenceException.class)
                .hasMessageContaining("{\"error\":\"unsupported language\",\"code\":422}");
        assertThat(answered.getMessage().getHeader(SageMakerAsyncConstants.STATUS)).isEqualTo("Failed");
        assertThat(answered.getMessage().getHeader(SageMakerAsyncConstants.RESULT_CONTENT_TYPE)).isEqualTo("application/json");
        assertThat(answered.getMessage().getBody(String.class)).isEqualTo("{\"error\":\"unsupported language\",\"code\":422}");
    }

    @Test
    void aModelsBinaryErrorReachesTheRouteByteForByte() throws Exception {
        MockEndpoint results = getMockEndpoint("mock:results");
        results.expectedMessageCount(1);
        send("binary-1", "binary-error", 9);

        context.getRouteController().startRoute("results");
        assertSatisfiedWithin(results);

        Exchange failure = results.getReceivedExchanges().get(0);
        assertThat(failure.getMessage().getHeader(SageMakerAsyncConstants.STATUS)).isEqualTo("Failed");
        assertThat(failure.getMessage().getHeader(SageMakerAsyncConstants.RESULT_LOCATION))
                .isEqualTo("s3://results/by-id/failures/binary-1-error.out");
        assertThat(failure.getMessage().getHeader(SageMakerAsyncConstants.RESULT_CONTENT_TYPE)).isEqualTo("application/octet-stream");
        assertThat(failure.getMessage().getBody(byte[].class)).isEqualTo(BINARY_MODEL_ERROR);
        assertThat(failure.getMessage().getHeader("requestNo")).isEqualTo("9");
    }

    private Exchange send(String inferenceId, String body, int requestNo) {
        Exchange sent = template.request("direct:send", exchange -> {
            exchange.getMessage().setHeader(SageMakerAsyncConstants.INFERENCE_ID, inferenceId);
            exchange.getMessage().setHeader("requestNo", requestNo);
            exchange.getMessage().setBody(body);
        });
        assertThat(sent.getException()).isNull();
        return sent;
    }
}
