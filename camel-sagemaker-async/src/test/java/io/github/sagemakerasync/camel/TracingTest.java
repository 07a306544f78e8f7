package io.github.sagemakerasync.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * With Camel's OpenTelemetry tracing, a request and its result are one trace: the result's route span is a child of
 * the request's InvokeEndpointAsync span, across the hop through SageMaker and S3. An uncorrelated result starts a trace
 * of its own; with traceContextInCustomAttributes the model receives the request's traceparent.
 */
class TracingTest extends SageMakerAsyncTestSupport {

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        Tracing.trace(context);
        return context;
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:reviews").routeId("reviews").to("sagemaker-async:sentiment");
                from("direct:through-s3").to("sagemaker-async:sentiment?payloadMode=s3&inputLocation=" + INPUTS);
                from("sagemaker-async:sentiment?outputLocation=s3://results/sentiment/output"
                        + "&failureLocation=s3://results/sentiment/failures&initialDelay=0&delay=100")
                        .routeId("results").to("mock:results");
                from("direct:model").to("sagemaker-async:recorder?traceContextInCustomAttributes=true");
                from("sagemaker-async:recorder?outputLocation=s3://results/recorder/output"
                        + "&failureLocation=s3://results/recorder/failures&initialDelay=0&delay=100")
                        .to("mock:recorded");
            }
        };
    }

    @BeforeEach
    void forgetSpans() {
        Tracing.SPANS.reset();
    }

    @Test
    void theResultsSpanIsAChildOfTheRequestsSpanInOneTrace() throws Exception {
        MockEndpoint results = getMockEndpoint("mock:results");
        results.expectedMessageCount(1);

        template.sendBody("direct:reviews", "good and fast");

        assertSatisfiedWithin(results);
        await().atMost(RESULT_TIMEOUT).until(() -> Tracing.finished("SageMaker async result sentiment"));
        SpanData sent = Tracing.span("InvokeEndpointAsync sentiment");
        SpanData delivered = Tracing.span("SageMaker async result sentiment");
        String inferenceId = results.getReceivedExchanges().get(0).getMessage()
                .getHeader(SageMakerAsyncConstants.INFERENCE_ID, String.class);
        System.out.println(Tracing.describe());

        assertThat(delivered.getTraceId()).isEqualTo(sent.getTraceId());
        assertThat(delivered.getParentSpanId()).isEqualTo(sent.getSpanId());
        SpanData call = Tracing.span("SageMakerRuntime.InvokeEndpointAsync");
        assertThat(call.getKind()).isEqualTo(SpanKind.CLIENT);
        assertThat(call.getParentSpanId()).isEqualTo(sent.getSpanId());
        assertThat(sent.getAttributes().get(AttributeKey.stringKey("aws.sagemaker.inference_id"))).isEqualTo(inferenceId);
        assertThat(sent.getAttributes().get(AttributeKey.stringKey("aws.sagemaker.payload_mode"))).isEqualTo("inline");
        assertThat(sent.getAttributes().get(AttributeKey.stringKey("aws.sagemaker.output_location")))
                .startsWith("s3://results/sentiment/output/");
        assertThat(sent.getAttributes().get(AttributeKey.stringKey("rpc.method"))).isEqualTo("InvokeEndpointAsync");
        assertThat(delivered.getAttributes().get(AttributeKey.stringKey("aws.sagemaker.correlated"))).isEqualTo("true");
        assertThat(delivered.getAttributes().get(AttributeKey.stringKey("aws.sagemaker.result_status")))
                .isEqualTo("Completed");
        assertThat(Long.parseLong(delivered.getAttributes().get(AttributeKey.stringKey("aws.sagemaker.time_in_sagemaker_ms"))))
                .isNotNegative();
        // no payload in any span
        for (SpanData span : Tracing.SPANS.getFinishedSpanItems()) {
            assertThat(span.getAttributes().asMap().values().toString()).doesNotContain("good and fast");
        }
    }

    @Test
    void theUploadAndTheInvocationOfAPayloadThroughS3AreClientSpansOfTheSending() throws Exception {
        MockEndpoint results = getMockEndpoint("mock:results");
        results.expectedMessageCount(1);

        template.sendBody("direct:through-s3", "good and fast");

        assertSatisfiedWithin(results);
        SpanData sent = Tracing.span("InvokeEndpointAsync sentiment");
        SpanData upload = Tracing.span("S3 upload");
        SpanData call = Tracing.span("SageMakerRuntime.InvokeEndpointAsync");
        assertThat(List.of(upload, call)).allSatisfy(span -> {
            assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
            assertThat(span.getParentSpanId()).isEqualTo(sent.getSpanId());
            assertThat(span.getTraceId()).isEqualTo(sent.getTraceId());
        });
        assertThat(upload.getEndEpochNanos()).isLessThanOrEqualTo(call.getStartEpochNanos());
        assertThat(upload.getAttributes().get(AttributeKey.stringKey("aws.s3.bucket"))).isEqualTo("inputs");
        assertThat(sent.getAttributes().get(AttributeKey.stringKey("aws.sagemaker.payload_mode"))).isEqualTo("s3");
    }

    @Test
    void anUncorrelatedResultStartsATraceOfItsOwnMarkedSo() throws Exception {
        MockEndpoint results = getMockEndpoint("mock:results");
        results.expectedMessageCount(1);
        try (S3Client s3 = plainS3Client()) {
            s3.putObject(request -> request.bucket("results").key("sentiment/output/stray.out"),
                    RequestBody.fromString("{\"label\":\"POSITIVE\"}"));
        }

        assertSatisfiedWithin(results);
        await().atMost(RESULT_TIMEOUT).until(() -> Tracing.finished("SageMaker async result sentiment"));
        SpanData delivered = Tracing.span("SageMaker async result sentiment");

        assertThat(delivered.getParentSpanId()).isEqualTo(SpanId.getInvalid());
        assertThat(delivered.getAttributes().get(AttributeKey.stringKey("aws.sagemaker.correlated"))).isEqualTo("false");
    }

    @Test
    void theModelReceivesTheRequestsTraceParentAfterTheUsersCustomAttributes() throws Exception {
        MockEndpoint recorded = getMockEndpoint("mock:recorded");
        recorded.expectedMessageCount(1);

        template.sendBodyAndHeader("direct:model", "x", SageMakerAsyncConstants.CUSTOM_ATTRIBUTES, "tenant=blue");

        assertSatisfiedWithin(recorded);
        SpanData sent = Tracing.span("InvokeEndpointAsync recorder");
        assertThat(RECORDED).hasSize(1);
        // version 00, the request's span, then its flags
        assertThat(RECORDED.get(0).customAttributes())
                .matches("tenant=blue;traceparent=00-" + sent.getTraceId() + "-" + sent.getSpanId() + "-[0-9a-f]{2}");
    }

    @Test
    void customAttributesThatLeaveNoRoomForTheTraceParentAreRefusedBeforeSending() {
        Exchange refused = template.request("direct:model", exchange -> exchange.getMessage().setHeaders(
                new HashMap<>(Map.of(SageMakerAsyncConstants.CUSTOM_ATTRIBUTES, "a".repeat(1000)))));

        assertThat(refused.getException()).isInstanceOf(IllegalArgumentException.class).hasMessage(
                "option traceContextInCustomAttributes: CustomAttributes with the trace context would be 1068 characters, "
                        + "over the 1024 SageMaker takes: shorten CustomAttributes to 956 characters, or turn the option off");
        assertThat(MaxPendingInvocationsTest.invocations()).isZero();
    }
}
