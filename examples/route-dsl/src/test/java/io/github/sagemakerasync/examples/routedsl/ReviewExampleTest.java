package io.github.sagemakerasync.examples.routedsl;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.github.sagemakerasync.emulator.Api;
import io.github.sagemakerasync.emulator.AsyncEndpointConfig;
import io.github.sagemakerasync.emulator.SageMakerAsyncEmulator;
import io.github.sagemakerasync.emulator.model.SentimentModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Runs the example as its one-command local run does, on the in-process emulator, once per DSL, and as on AWS. */
class ReviewExampleTest {

    @ParameterizedTest
    @ValueSource(strings = { "java", "yaml" })
    void everyReviewGetsItsResultWithThePayloadModeItTravelledBy(String dsl) throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        List<ResultBoard.Result> results = LocalReviewExample.run(dsl, 4, new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertThat(results).extracting(ResultBoard.Result::requestNo).containsExactlyInAnyOrder(1, 2, 3, 4);
        assertThat(results).allSatisfy(result -> {
            assertThat(result.status()).isEqualTo("Completed");
            assertThat(result.body()).startsWith("{\"label\":");
            assertThat(result.elapsedMillis()).isNotNegative();
        });
        // every third review is several megabytes: it goes through S3, the others inline
        assertThat(results).filteredOn(result -> result.requestNo() == 3)
                .extracting(ResultBoard.Result::payloadMode).containsExactly("s3");
        assertThat(results).filteredOn(result -> result.requestNo() != 3)
                .extracting(ResultBoard.Result::payloadMode).containsOnly("inline");
        assertThat(results).filteredOn(result -> result.requestNo() == 1)
                .extracting(ResultBoard.Result::body).singleElement().asString().contains("\"label\":\"POSITIVE\"");
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("*** LOCAL RUN, NOT AWS (example.emulator=true): using the local emulator", "with the " + dsl + " DSL routes",
                        "4 of 4 results arrived: 3 sent inline, 1 through S3");
    }

    /** What a user does for AWS: no in-process emulator, only properties naming the service and the locations. */
    @Test
    void propertiesAloneConfigureTheServiceTheEndpointAndItsLocations() throws Exception {
        try (SageMakerAsyncEmulator service = SageMakerAsyncEmulator.builder()
                .region("eu-west-1")
                .credentials("example-user", "example-secret")
                .bucket("reviews-bucket")
                .endpoint(AsyncEndpointConfig.builder("review-sentiment")
                        .s3OutputPath("s3://reviews-bucket/async-output")
                        .s3FailurePath("s3://reviews-bucket/async-failures")
                        .model(new SentimentModel())
                        .build())
                .start()) {
            Map<String, String> properties = Map.ofEntries(
                    Map.entry("camel.component.sagemaker-async.region", "eu-west-1"),
                    Map.entry("camel.component.sagemaker-async.access-key", "example-user"),
                    Map.entry("camel.component.sagemaker-async.secret-key", "example-secret"),
                    Map.entry("camel.component.sagemaker-async.override-endpoint", "true"),
                    Map.entry("camel.component.sagemaker-async.uri-endpoint-override", service.sageMakerEndpoint().toString()),
                    Map.entry("camel.component.sagemaker-async.s3-uri-endpoint-override", service.s3Endpoint().toString()),
                    Map.entry("camel.component.sagemaker-async.force-path-style", "true"),
                    Map.entry("example.endpoint", "review-sentiment"),
                    Map.entry("example.input-location", "s3://reviews-bucket/async-inputs"),
                    Map.entry("example.output-location", "s3://reviews-bucket/async-output"),
                    Map.entry("example.failure-location", "s3://reviews-bucket/async-failures"));
            ByteArrayOutputStream printed = new ByteArrayOutputStream();

            List<ResultBoard.Result> results = ReviewExample.run("yaml", 3, properties,
                    new PrintStream(printed, true, StandardCharsets.UTF_8));

            assertThat(results).extracting(ResultBoard.Result::requestNo).containsExactlyInAnyOrder(1, 2, 3);
            assertThat(printed.toString(StandardCharsets.UTF_8)).doesNotContain("using the local emulator");
            assertThat(service.counters().get(Api.SAGEMAKER, "InvokeEndpointAsync")).isEqualTo(3);
            // results were deleted once delivered, and so were the inputs the producer uploaded for them
            assertThat(service.listObjects("s3://reviews-bucket/")).isEmpty();
        }
    }

    @Test
    void anUnknownDslIsRefusedByName() {
        assertThatThrownBy(() -> ReviewExample.run("xml", 1, Map.of(), new PrintStream(new ByteArrayOutputStream())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("example.dsl must be java or yaml, was xml");
    }
}
