package io.github.sagemakerasync.examples.springboot;

import io.opentelemetry.exporter.logging.LoggingSpanExporter;
import org.apache.camel.CamelContext;
import org.apache.camel.opentelemetry2.OpenTelemetryTracer;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * With {@code reviews.tracing.enabled=true}: Camel's OpenTelemetry tracing on the SDK Spring Boot builds
 * ({@code management.tracing.*}), so the HTTP request's span, Camel's route spans and the component's
 * {@code InvokeEndpointAsync} span are one trace; {@code reviews.tracing.exporter=console} logs each span, and
 * {@code management.otlp.tracing.endpoint} sends them to a collector. Off by default.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "reviews.tracing.enabled", havingValue = "true")
public class TracingConfiguration {

    /** Camel's tracer, on Spring Boot's OpenTelemetry Tracer and propagators (beans Camel finds in its registry). */
    @Bean
    CamelContextConfiguration camelTracing() {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camelContext) {
                new OpenTelemetryTracer().init(camelContext);
            }

            @Override
            public void afterApplicationStart(CamelContext camelContext) {
                // nothing more
            }
        };
    }

    @Bean
    @ConditionalOnProperty(name = "reviews.tracing.exporter", havingValue = "console")
    LoggingSpanExporter consoleSpans() {
        return LoggingSpanExporter.create();
    }
}
