package io.github.sagemakerasync.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Result locations are folders, as SageMaker writes under them: a sibling folder whose name starts the same is never
 * listed, delivered or deleted, and locations that lie in one another are refused before anything runs.
 */
class ResultFoldersTest extends SageMakerAsyncTestSupport {

    private S3Client s3;

    @BeforeAll
    void openS3Client() {
        s3 = plainS3Client();
    }

    @AfterAll
    void closeS3Client() {
        s3.close();
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:sentiment").to("sagemaker-async:sentiment?contentType=application/json");
                // no trailing slash, as users write it: still the folder output/, not output-archive/
                from("sagemaker-async:sentiment?outputLocation=s3://results/sentiment/output"
                        + "&failureLocation=s3://results/sentiment/failures&initialDelay=0&delay=50")
                        .routeId("results").autoStartup(false).to("mock:results");
            }
        };
    }

    @Test
    void aSiblingFolderThatStartsWithTheSameNameIsNeverTouched() throws Exception {
        s3.putObject(r -> r.bucket("results").key("sentiment/output-archive/old.out"), RequestBody.fromString("{\"old\":1}"));
        s3.putObject(r -> r.bucket("results").key("sentiment/failures-2025/old-error.out"), RequestBody.fromString("old"));
        MockEndpoint results = getMockEndpoint("mock:results");
        results.expectedMessageCount(3);
        context.getRouteController().startRoute("results");
        try {
            for (int i = 0; i < 3; i++) {
                template.sendBody("direct:sentiment", "{\"text\":\"great\"}");
            }

            assertSatisfiedWithin(results);
            // many more polls: the siblings are still neither delivered nor deleted
            results.setAssertPeriod(Duration.ofMillis(500).toMillis());
            results.assertIsSatisfied();
        } finally {
            context.getRouteController().stopRoute("results");
        }
        assertThat(results.getReceivedExchanges()).allSatisfy(exchange -> assertThat(
                exchange.getMessage().getHeader(SageMakerAsyncConstants.RESULT_KEY, String.class)).startsWith("sentiment/output/"));
        assertThat(emulator().readObject("s3://results/sentiment/output-archive/old.out")).isPresent();
        assertThat(emulator().readObject("s3://results/sentiment/failures-2025/old-error.out")).isPresent();
    }

    @Test
    void twoContextsOnOneFolderLoseNoResultAndNeverTouchTheSibling() throws Exception {
        s3.putObject(r -> r.bucket("results").key("sentiment/output-archive/kept.out"), RequestBody.fromString("{}"));
        Set<String> delivered = ConcurrentHashMap.newKeySet();
        AtomicInteger deliveries = new AtomicInteger();
        String results = "sagemaker-async:sentiment?outputLocation=s3://results/sentiment/output"
                + "&failureLocation=s3://results/sentiment/failures&initialDelay=0&delay=40";
        try (CamelContext other = new DefaultCamelContext()) {
            other.addComponent("sagemaker-async", componentFor(emulator()));
            RouteBuilder countDeliveries = new RouteBuilder() {
                @Override
                public void configure() {
                    from(results).routeId("counting").process(exchange -> {
                        deliveries.incrementAndGet();
                        delivered.add(exchange.getMessage().getHeader(SageMakerAsyncConstants.RESULT_LOCATION, String.class));
                    });
                }
            };
            other.addRoutes(countDeliveries);
            other.start();
            context.addRoutes(countDeliveries);
            for (int i = 0; i < 60; i++) {
                template.sendBody("direct:sentiment", i % 7 == 0 ? "{not json" : "{\"text\":\"great\"}");
            }

            await().atMost(RESULT_TIMEOUT).until(() -> delivered.size() == 60
                    && emulator().listObjects("s3://results/sentiment/output/").isEmpty()
                    && emulator().listObjects("s3://results/sentiment/failures/").isEmpty());
        } finally {
            context.getRouteController().stopRoute("counting");
            context.removeRoute("counting");
        }
        // none lost; two pollers of one folder may both deliver a result (at least once): counted, not hidden
        System.out.println("two contexts, 60 results: " + delivered.size() + " delivered, "
                + (deliveries.get() - delivered.size()) + " duplicated, " + (60 - delivered.size()) + " lost");
        assertThat(delivered).hasSize(60).allSatisfy(location -> assertThat(location).matches(
                "s3://results/sentiment/(output/.+\\.out|failures/.+-error\\.out)"));
        assertThat(emulator().readObject("s3://results/sentiment/output-archive/kept.out")).isPresent();
        s3.deleteObject(r -> r.bucket("results").key("sentiment/output-archive/kept.out"));
    }

    static Stream<Arguments> overlappingFolders() {
        return Stream.of(
                Arguments.of("sagemaker-async:digest?inputLocation=s3://results/digest/output/inputs"
                                + "&outputLocation=s3://results/digest/output",
                        "option inputLocation (s3://results/digest/output/inputs/) lies in option outputLocation "
                                + "(s3://results/digest/output/): every object in a result folder is delivered as a result, "
                                + "then deleted or moved. Use folders that do not contain each other, e.g. "
                                + "s3://bucket/inputs/ and s3://bucket/outputs/"),
                Arguments.of("sagemaker-async:digest?inputLocation=s3://results&outputLocation=s3://results/digest/output",
                        "option inputLocation (s3://results/) holds option outputLocation (s3://results/digest/output/): "
                                + "every object in a result folder is delivered as a result, then deleted or moved. Use "
                                + "folders that do not contain each other, e.g. s3://bucket/inputs/ and s3://bucket/outputs/"),
                Arguments.of("sagemaker-async:digest?inputLocation=s3://results/digest/failures/"
                                + "&failureLocation=s3://results/digest/failures",
                        "option inputLocation (s3://results/digest/failures/) lies in option failureLocation "
                                + "(s3://results/digest/failures/): every object in a result folder is delivered as a "
                                + "result, then deleted or moved. Use folders that do not contain each other, e.g. "
                                + "s3://bucket/inputs/ and s3://bucket/outputs/"),
                Arguments.of("sagemaker-async:digest?outputLocation=s3://results/digest/output&afterRead=move"
                                + "&moveTo=s3://results/digest/output/done",
                        "option moveTo (s3://results/digest/output/done/) lies in option outputLocation "
                                + "(s3://results/digest/output/): every object in a result folder is delivered as a "
                                + "result, then deleted or moved. Use folders that do not contain each other, e.g. "
                                + "s3://bucket/inputs/ and s3://bucket/outputs/"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlappingFolders")
    void foldersThatLieInAResultFolderAreRefusedAtStart(String uri, String message) {
        assertThatThrownBy(() -> context.getEndpoint(uri).start())
                .hasRootCauseInstanceOf(IllegalArgumentException.class)
                .rootCause().hasMessage(message);
        assertThat(emulator().counters().snapshot()).isEmpty();
    }

    @Test
    void siblingFoldersSharingTheStartOfTheirNameAreAccepted() {
        SageMakerAsyncEndpoint endpoint = context.getEndpoint("sagemaker-async:digest?inputLocation=s3://results/digest"
                + "-inputs&outputLocation=s3://results/digest&failureLocation=s3://results/digest-failures",
                SageMakerAsyncEndpoint.class);
        endpoint.start();
        endpoint.stop();
    }

    @Test
    void aConsumerWhoseFolderHoldsAnotherEndpointsInputsDoesNotStart() throws Exception {
        try (CamelContext other = new DefaultCamelContext()) {
            other.addComponent("sagemaker-async", componentFor(emulator()));
            other.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:send").to("sagemaker-async:digest?inputLocation=s3://results/digest/output/uploads");
                    from("sagemaker-async:digest?outputLocation=s3://results/digest/output").to("log:results");
                }
            });

            assertThatThrownBy(other::start).isInstanceOf(IllegalArgumentException.class).hasMessage(
                    "option inputLocation of sagemaker-async://digest?inputLocation=s3://results/digest/output/uploads"
                            + " (s3://results/digest/output/uploads/) lies in the consumer's output folder "
                            + "(s3://results/digest/output/): every object in a result folder is delivered as a result, "
                            + "then deleted or moved. Use folders that do not contain each other, e.g. "
                            + "s3://bucket/inputs/ and s3://bucket/outputs/");
        }
        assertThat(emulator().counters().snapshot()).isEmpty();
    }
}
