package io.github.sagemakerasync.camel;

import static io.github.sagemakerasync.camel.SageMakerAsyncConstants.FAILURE_LOCATION;
import static io.github.sagemakerasync.camel.SageMakerAsyncConstants.INFERENCE_ID;
import static io.github.sagemakerasync.camel.SageMakerAsyncConstants.OUTPUT_LOCATION;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.github.sagemakerasync.emulator.model.ModelInput;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

/** Each InvokeEndpointAsync parameter reaches SageMaker, from its endpoint option or its overriding header. */
class ParameterOverridesTest extends SageMakerAsyncTestSupport {

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:recorder").to("sagemaker-async:recorder");
                from("direct:options").to("sagemaker-async:recorder?contentType=text/csv&accept=application/jsonlines"
                        + "&customAttributes=RAW(trace=option)&inferenceId=from-option&s3OutputPathExtension=by-option"
                        + "&filename=option.out");
                from("direct:sentiment").to("sagemaker-async:sentiment");
                from("direct:slow").to("sagemaker-async:slow?invocationTimeoutSeconds=1");
            }
        };
    }

    @Test
    void headersReachTheModel() {
        Exchange sent = template.request("direct:recorder", exchange -> {
            exchange.getMessage().setBody("1,2,3");
            exchange.getMessage().setHeaders(Map.of(
                    SageMakerAsyncConstants.CONTENT_TYPE, "text/csv",
                    SageMakerAsyncConstants.ACCEPT, "application/jsonlines",
                    SageMakerAsyncConstants.CUSTOM_ATTRIBUTES, "trace=header",
                    SageMakerAsyncConstants.INFERENCE_ID, "from-header",
                    SageMakerAsyncConstants.S3_OUTPUT_PATH_EXTENSION, "tenant-7/2026",
                    SageMakerAsyncConstants.FILENAME, "review-1.json"));
        });

        assertThat(sent.getException()).isNull();
        assertThat(sent.getMessage().getHeader(INFERENCE_ID)).isEqualTo("from-header");
        assertThat(sent.getMessage().getHeader(OUTPUT_LOCATION))
                .isEqualTo("s3://results/recorder/output/tenant-7/2026/review-1.json");
        assertThat(sent.getMessage().getHeader(FAILURE_LOCATION))
                .isEqualTo("s3://results/recorder/failures/tenant-7/2026/review-1.json-error.out");
        assertThat(awaitResult(sent.getMessage().getHeader(OUTPUT_LOCATION, String.class))).isEqualTo("recorded 5 bytes");
        assertThat(RECORDED).singleElement().isEqualTo(
                new ModelInput("recorder", "from-header", "text/csv", "application/jsonlines", "trace=header", null));
    }

    @Test
    void optionsReachTheModel() {
        Exchange sent = template.request("direct:options", exchange -> exchange.getMessage().setBody("1,2,3"));

        assertThat(sent.getException()).isNull();
        assertThat(sent.getMessage().getHeader(OUTPUT_LOCATION)).isEqualTo("s3://results/recorder/output/by-option/option.out");
        awaitResult(sent.getMessage().getHeader(OUTPUT_LOCATION, String.class));
        assertThat(RECORDED).singleElement().isEqualTo(
                new ModelInput("recorder", "from-option", "text/csv", "application/jsonlines", "trace=option", null));
    }

    @Test
    void headersOverrideOptions() {
        Exchange sent = template.request("direct:options", exchange -> {
            exchange.getMessage().setBody("{}");
            exchange.getMessage().setHeader(SageMakerAsyncConstants.CONTENT_TYPE, "application/json");
            exchange.getMessage().setHeader(SageMakerAsyncConstants.FILENAME, "header.out");
        });

        assertThat(sent.getMessage().getHeader(OUTPUT_LOCATION)).isEqualTo("s3://results/recorder/output/by-option/header.out");
        awaitResult(sent.getMessage().getHeader(OUTPUT_LOCATION, String.class));
        assertThat(RECORDED).singleElement().extracting(ModelInput::contentType).isEqualTo("application/json");
    }

    @Test
    void camelContentTypeHeaderIsTheFallbackContentType() {
        Exchange sent = template.request("direct:recorder", exchange -> {
            exchange.getMessage().setBody("<review/>");
            exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/xml");
        });

        awaitResult(sent.getMessage().getHeader(OUTPUT_LOCATION, String.class));
        assertThat(RECORDED).singleElement().extracting(ModelInput::contentType).isEqualTo("application/xml");
    }

    @Test
    void generatedInferenceIdComesBackInTheHeader() {
        Exchange sent = template.request("direct:recorder", exchange -> exchange.getMessage().setBody("x"));

        assertThat(sent.getMessage().getHeader(INFERENCE_ID, String.class)).matches("[0-9a-f-]{36}");
    }

    @Test
    void invocationTimeoutReachesTheEndpoint() {
        Exchange sent = template.request("direct:slow", exchange -> exchange.getMessage().setBody("x"));

        assertThat(awaitResult(sent.getMessage().getHeader(FAILURE_LOCATION, String.class)))
                .isEqualTo("Model invocation timed out after 1 seconds (InvocationTimeoutSeconds)");
    }

    @Test
    void requestTtlReachesTheEndpoint() {
        emulator().pauseWorkers();
        try {
            Exchange sent = template.request("direct:sentiment", exchange -> {
                exchange.getMessage().setBody("good");
                exchange.getMessage().setHeader(SageMakerAsyncConstants.REQUEST_TTL_SECONDS, "60");
            });
            CLOCK.advance(Duration.ofSeconds(61));
            emulator().resumeWorkers();

            assertThat(awaitResult(sent.getMessage().getHeader(FAILURE_LOCATION, String.class)))
                    .startsWith("Request expired: it waited 61 seconds in the queue, longer than its RequestTTLSeconds of 60");
        } finally {
            emulator().resumeWorkers();
        }
    }

    @Test
    void aDeadlineBecomesTheRequestTtlAndARequestPastItExpires() {
        emulator().pauseWorkers();
        try {
            Exchange sent = template.request("direct:sentiment", exchange -> {
                exchange.getMessage().setBody("good");
                exchange.getMessage().setHeader(SageMakerAsyncConstants.DEADLINE, Instant.now().plusSeconds(90));
            });
            assertThat(sent.getException()).isNull();
            CLOCK.advance(Duration.ofSeconds(91));
            emulator().resumeWorkers();

            // the whole seconds left when it was sent: 89 or 90
            assertThat(awaitResult(sent.getMessage().getHeader(FAILURE_LOCATION, String.class)))
                    .matches("Request expired: it waited 91 seconds in the queue, longer than its RequestTTLSeconds of "
                            + "(89|90)(\\D[\\s\\S]*)?");
        } finally {
            emulator().resumeWorkers();
        }
    }
}
