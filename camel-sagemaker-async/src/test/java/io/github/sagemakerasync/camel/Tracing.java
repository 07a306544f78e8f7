package io.github.sagemakerasync.camel;

import java.util.List;

import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.apache.camel.CamelContext;
import org.apache.camel.opentelemetry2.OpenTelemetryTracer;

/**
 * Camel's OpenTelemetry tracing as an application turns it on (camel-opentelemetry2 with a Tracer and W3C propagators
 * in the registry), exporting to memory: every CamelContext of a test exports to the same spans, as the instances of
 * a fleet export to one collector.
 */
final class Tracing {

    static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();
    private static final SdkTracerProvider PROVIDER = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(SPANS)).build();

    private Tracing() {
    }

    static void trace(CamelContext context) {
        context.getRegistry().bind("openTelemetryTracer", PROVIDER.get("camel-sagemaker-async-tests"));
        context.getRegistry().bind("openTelemetryPropagators",
                ContextPropagators.create(W3CTraceContextPropagator.getInstance()));
        new OpenTelemetryTracer().init(context);
    }

    /** The finished span of this name; fails when there is none or several. */
    static SpanData span(String name) {
        List<SpanData> named = SPANS.getFinishedSpanItems().stream().filter(span -> span.getName().equals(name)).toList();
        if (named.size() != 1) {
            throw new AssertionError("expected one span named '" + name + "', found " + named.size() + " among "
                    + SPANS.getFinishedSpanItems().stream().map(SpanData::getName).toList());
        }
        return named.get(0);
    }

    static boolean finished(String name) {
        return SPANS.getFinishedSpanItems().stream().anyMatch(span -> span.getName().equals(name));
    }

    /** One line per span: name, trace, span and parent ids, for the note. */
    static String describe() {
        StringBuilder text = new StringBuilder();
        for (SpanData span : SPANS.getFinishedSpanItems()) {
            text.append(String.format("%-40s trace %s span %s parent %s%n", span.getName(), span.getTraceId(),
                    span.getSpanId(), span.getParentSpanId()));
        }
        return text.toString();
    }
}
