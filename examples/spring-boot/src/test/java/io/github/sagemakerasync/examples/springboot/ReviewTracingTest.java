package io.github.sagemakerasync.examples.springboot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

/**
 * The application with tracing on, as configured by application.yml: a review posted over HTTP is one trace, from the
 * HTTP server's span through the route to the component's InvokeEndpointAsync span, which lasts until the result
 * (waitForResult), exported by Spring Boot's OpenTelemetry SDK (here to memory).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
                properties = { "reviews.demo=false", "example.emulator=true", "reviews.tracing.enabled=true" })
class ReviewTracingTest {

    @TestConfiguration
    static class InMemorySpans {
        @Bean
        InMemorySpanExporter spans() {
            return InMemorySpanExporter.create();
        }
    }

    @Autowired
    InMemorySpanExporter spans;
    @LocalServerPort
    int port;

    @Test
    void aReviewPostedOverHttpIsOneTraceFromTheRequestToTheModelsAnswer() throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/reviews"))
                        .header("Content-Type", "text/plain")
                        .POST(HttpRequest.BodyPublishers.ofString("Great product, works fast.")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(10)).until(() -> spans.getFinishedSpanItems().stream()
                .anyMatch(span -> span.getKind() == SpanKind.SERVER && span.getName().contains("/reviews")));
        List<SpanData> finished = spans.getFinishedSpanItems();
        finished.forEach(span -> System.out.printf("%-40s trace %s span %s parent %s%n", span.getName(),
                span.getTraceId(), span.getSpanId(), span.getParentSpanId()));
        SpanData http = finished.stream().filter(span -> span.getKind() == SpanKind.SERVER).findFirst().orElseThrow();
        SpanData invoke = finished.stream().filter(span -> span.getName().equals("InvokeEndpointAsync sentiment"))
                .findFirst().orElseThrow();

        assertThat(invoke.getTraceId()).isEqualTo(http.getTraceId());
        assertThat(ancestors(invoke, finished)).as("the InvokeEndpointAsync span's ancestors").contains(http.getSpanId());
        assertThat(invoke.getAttributes().asMap().toString()).contains("aws.sagemaker.inference_id")
                .contains("aws.sagemaker.result_status=Completed");
    }

    private static List<String> ancestors(SpanData span, List<SpanData> all) {
        Map<String, SpanData> byId = all.stream().collect(Collectors.toMap(SpanData::getSpanId, Function.identity()));
        List<String> ancestors = new java.util.ArrayList<>();
        SpanData parent = byId.get(span.getParentSpanId());
        while (parent != null) {
            ancestors.add(parent.getSpanId());
            parent = byId.get(parent.getParentSpanId());
        }
        return ancestors;
    }
}
