package io.github.sagemakerasync.camel;

import java.time.Duration;
import java.time.Instant;

import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.telemetry.Span;
import org.apache.camel.telemetry.decorators.AbstractSpanDecorator;

/**
 * What Camel's tracing (camel-telemetry: camel-opentelemetry2...) writes on the spans of {@code sagemaker-async}
 * endpoints. Found through ServiceLoader, so it is loaded only in an application that has Camel's tracing.
 *
 * <p>The sending span, {@code InvokeEndpointAsync <endpoint>}, gets the RPC attributes, then what SageMaker answered
 * (InferenceId, output location, how the payload travelled). The span of a delivered result,
 * {@code SageMaker async result <endpoint>}, is a child of the request's sending span when the correlation store knew
 * the request (Camel's tracing takes the parent from the {@code traceparent} header the consumer sets), with the time
 * the request spent in SageMaker; an uncorrelated result starts a trace of its own, marked
 * {@code aws.sagemaker.correlated=false}. No payload, header value or credential is written.
 */
public class SageMakerAsyncSpanDecorator extends AbstractSpanDecorator {

    static final String ENDPOINT_NAME = "aws.sagemaker.endpoint_name";
    static final String INFERENCE_ID = "aws.sagemaker.inference_id";
    static final String OUTPUT_LOCATION = "aws.sagemaker.output_location";
    static final String PAYLOAD_MODE = "aws.sagemaker.payload_mode";
    static final String UPLOADED_INPUT = "aws.sagemaker.uploaded_input";
    static final String RESULT_STATUS = "aws.sagemaker.result_status";
    static final String RESULT_LOCATION = "aws.sagemaker.result_location";
    static final String CORRELATED = "aws.sagemaker.correlated";
    static final String TIME_IN_SAGEMAKER = "aws.sagemaker.time_in_sagemaker_ms";

    @Override
    public String getComponent() {
        return "sagemaker-async";
    }

    @Override
    public String getComponentClassName() {
        return SageMakerAsyncComponent.class.getName();
    }

    @Override
    public String getOperationName(Exchange exchange, Endpoint endpoint) {
        return (delivers(exchange, endpoint) ? "SageMaker async result " : "InvokeEndpointAsync ") + endpointName(endpoint);
    }

    @Override
    public void beforeTracingEvent(Span span, Exchange exchange, Endpoint endpoint) {
        super.beforeTracingEvent(span, exchange, endpoint);
        span.setTag(ENDPOINT_NAME, endpointName(endpoint));
        if (!delivers(exchange, endpoint)) {
            span.setTag("rpc.system", "aws-api");
            span.setTag("rpc.service", "SageMaker Runtime");
            span.setTag("rpc.method", "InvokeEndpointAsync");
            return;
        }
        Message result = exchange.getMessage();
        Boolean correlated = result.getHeader(SageMakerAsyncConstants.CORRELATED, Boolean.class);
        span.setTag(CORRELATED, String.valueOf(Boolean.TRUE.equals(correlated)));
        tag(span, RESULT_STATUS, result.getHeader(SageMakerAsyncConstants.STATUS, String.class));
        tag(span, RESULT_LOCATION, result.getHeader(SageMakerAsyncConstants.RESULT_LOCATION, String.class));
        tag(span, INFERENCE_ID, result.getHeader(SageMakerAsyncConstants.INFERENCE_ID, String.class));
        Instant acceptedAt = result.getHeader(SageMakerAsyncConstants.ACCEPTED_AT, Instant.class);
        if (acceptedAt != null) {
            span.setTag(TIME_IN_SAGEMAKER, String.valueOf(Duration.between(acceptedAt, Instant.now()).toMillis()));
        }
    }

    @Override
    public void afterTracingEvent(Span span, Exchange exchange) {
        super.afterTracingEvent(span, exchange);
        Message message = exchange.getMessage();
        // with waitForResult the sending span lasts until the result: its status too
        tag(span, RESULT_STATUS, message.getHeader(SageMakerAsyncConstants.STATUS, String.class));
        tag(span, INFERENCE_ID, message.getHeader(SageMakerAsyncConstants.INFERENCE_ID, String.class));
        tag(span, OUTPUT_LOCATION, message.getHeader(SageMakerAsyncConstants.OUTPUT_LOCATION, String.class));
        tag(span, PAYLOAD_MODE, message.getHeader(SageMakerAsyncConstants.PAYLOAD_MODE, String.class));
        tag(span, UPLOADED_INPUT, message.getHeader(SageMakerAsyncConstants.UPLOADED_INPUT, String.class));
    }

    /** Whether the span is a consumer's delivery of a result, rather than a sending. */
    private static boolean delivers(Exchange exchange, Endpoint endpoint) {
        return exchange.getFromEndpoint() == endpoint;
    }

    private static String endpointName(Endpoint endpoint) {
        return endpoint instanceof SageMakerAsyncEndpoint sageMaker ? sageMaker.getConfiguration().getEndpointName()
                : stripSchemeAndOptions(endpoint);
    }

    private static void tag(Span span, String name, String value) {
        if (value != null) {
            span.setTag(name, value);
        }
    }
}
