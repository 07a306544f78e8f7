package io.github.sagemakerasync.camel;

import java.util.Map;

import org.apache.camel.CamelContext;

/**
 * Client spans for the AWS calls a traced request makes (the S3 upload, InvokeEndpointAsync), children of Camel's span
 * of the sending exchange. Made with OpenTelemetry's API when it is on the classpath ({@code OpenTelemetryCallSpans});
 * otherwise, and for a message nobody traces (no {@code traceparent}), nothing is made and nothing is loaded.
 */
interface CallSpans {

    CallSpans NONE = (name, traceContext, attributes) -> Call.NONE;

    /**
     * @param traceContext the exchange's W3C headers: the parent; the call is not traced without them
     * @param attributes   what the span says about the call (no payload, no secret)
     */
    Call begin(String name, Map<String, String> traceContext, Map<String, String> attributes);

    /** A call under way. */
    interface Call {

        Call NONE = error -> {
        };

        /** Ends the span; with the call's error, marks it failed. */
        void end(Throwable error);
    }

    /** OpenTelemetry's when its API is on the classpath, else none. */
    static CallSpans of(CamelContext context) {
        try {
            Class.forName("io.opentelemetry.api.trace.Tracer", false, CallSpans.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return NONE;
        }
        return OpenTelemetryCallSpans.create(context);
    }
}
