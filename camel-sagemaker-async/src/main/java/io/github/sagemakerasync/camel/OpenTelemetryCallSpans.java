package io.github.sagemakerasync.camel;

import java.util.Map;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import org.apache.camel.CamelContext;
import org.apache.camel.support.CamelContextHelper;

/**
 * {@link CallSpans} with OpenTelemetry's API, loaded only when it is on the classpath: on the Tracer Camel's tracing
 * uses (the one in the registry, else the global one), each call a CLIENT span whose parent is read from the
 * exchange's W3C headers, so it is right on whichever thread the SDK completes.
 */
final class OpenTelemetryCallSpans implements CallSpans {

    private static final TextMapGetter<Map<String, String>> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private final CamelContext context;
    private volatile Tracer tracer;

    private OpenTelemetryCallSpans(CamelContext context) {
        this.context = context;
    }

    static CallSpans create(CamelContext context) {
        return new OpenTelemetryCallSpans(context);
    }

    /**
     * Found at the first traced call, not before: reading the global OpenTelemetry fixes it for the JVM, which an
     * application that sets it later must not find done.
     */
    private Tracer tracer() {
        Tracer found = tracer;
        if (found == null) {
            found = CamelContextHelper.findSingleByType(context, Tracer.class);
            if (found == null) {
                found = GlobalOpenTelemetry.getTracer("camel-sagemaker-async");
            }
            tracer = found;
        }
        return found;
    }

    @Override
    public Call begin(String name, Map<String, String> traceContext, Map<String, String> attributes) {
        if (traceContext.isEmpty()) {
            return Call.NONE;
        }
        Context parent = W3CTraceContextPropagator.getInstance().extract(Context.root(), traceContext, HEADERS);
        SpanBuilder builder = tracer().spanBuilder(name).setSpanKind(SpanKind.CLIENT).setParent(parent)
                .setAttribute("rpc.system", "aws-api");
        attributes.forEach(builder::setAttribute);
        Span span = builder.startSpan();
        return error -> {
            if (error != null) {
                span.setStatus(StatusCode.ERROR, error.getClass().getSimpleName());
            }
            span.end();
        };
    }
}
