package io.github.sagemakerasync.kamelets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import io.github.sagemakerasync.camel.SageMakerAsyncConstants;
import io.github.sagemakerasync.emulator.SageMakerAsyncEmulator;
import io.github.sagemakerasync.emulator.junit.SageMakerAsyncEmulatorExtension;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Kamelets as a user of Camel K, Karavan or Camel JBang uses them: found on the classpath under kamelets/,
 * configured by their parameters alone (here as camel.kamelet.* properties), against the emulator. The sink sends
 * reviews inline and through S3; the source delivers their results, correlated, and the failures.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KameletsTest extends CamelTestSupport {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @RegisterExtension
    static final SageMakerAsyncEmulatorExtension EMULATOR = new SageMakerAsyncEmulatorExtension(
            SageMakerAsyncEmulator.builder().bucket("inputs"));

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        context.getPropertiesComponent().setOverrideProperties(kameletProperties(EMULATOR.emulator()));
        return context;
    }

    /** The Kamelets' connection parameters, as camel.kamelet.<name>.<parameter> properties. */
    private static Properties kameletProperties(SageMakerAsyncEmulator emulator) {
        Properties properties = new Properties();
        for (String kamelet : new String[] { "sagemaker-async-sink", "sagemaker-async-source" }) {
            String prefix = "camel.kamelet." + kamelet + ".";
            properties.put(prefix + "region", emulator.region());
            properties.put(prefix + "accessKey", emulator.accessKeyId());
            properties.put(prefix + "secretKey", emulator.secretAccessKey());
            properties.put(prefix + "overrideEndpoint", "true");
            properties.put(prefix + "s3UriEndpointOverride", emulator.s3Endpoint().toString());
            properties.put(prefix + "forcePathStyle", "true");
        }
        properties.put("camel.kamelet.sagemaker-async-sink.uriEndpointOverride", emulator.sageMakerEndpoint().toString());
        return properties;
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:reviews")
                        .to("kamelet:sagemaker-async-sink?endpointName=sentiment&inputLocation=s3://inputs/reviews"
                                + "&contentType=text/plain&correlationHeaders=reviewId");
                from("kamelet:sagemaker-async-source?endpointName=sentiment&outputLocation=s3://sagemaker-async/output"
                        + "&failureLocation=s3://sagemaker-async/failures&deleteInputAfterResult=true&delay=100")
                        .to("mock:results");
            }
        };
    }

    @BeforeEach
    void resetMocks() {
        MockEndpoint.resetMocks(context);
    }

    @Test
    void theSinkSendsInlineAndThroughS3AndTheSourceDeliversEachResultWithItsRequestsHeaders() throws Exception {
        MockEndpoint results = getMockEndpoint("mock:results");
        results.expectedMessageCount(2);

        Exchange shortReview = template.request("direct:reviews", exchange -> {
            exchange.getMessage().setBody("Great product, works fast.");
            exchange.getMessage().setHeader("reviewId", "short");
        });
        Exchange longReview = template.request("direct:reviews", exchange -> {
            exchange.getMessage().setBody("Slow and buggy. ".repeat(10_000));
            exchange.getMessage().setHeader("reviewId", "long");
        });

        assertThat(shortReview.getMessage().getHeader(SageMakerAsyncConstants.PAYLOAD_MODE)).isEqualTo("inline");
        assertThat(longReview.getMessage().getHeader(SageMakerAsyncConstants.PAYLOAD_MODE)).isEqualTo("s3");
        assertThat(shortReview.getMessage().getHeader(SageMakerAsyncConstants.INFERENCE_ID, String.class)).isNotBlank();
        results.setResultWaitTime(TIMEOUT.toMillis());
        results.assertIsSatisfied();
        Map<Object, String> bodies = new HashMap<>();
        for (Exchange result : results.getReceivedExchanges()) {
            assertThat(result.getMessage().getHeader(SageMakerAsyncConstants.STATUS)).isEqualTo("Completed");
            assertThat(result.getMessage().getHeader(SageMakerAsyncConstants.CORRELATED)).isEqualTo(true);
            bodies.put(result.getMessage().getHeader("reviewId"), result.getMessage().getBody(String.class));
        }
        assertThat(bodies.get("short")).contains("\"label\":\"POSITIVE\"");
        assertThat(bodies.get("long")).contains("\"label\":\"NEGATIVE\"");
        // delivered results are deleted, and so is the upload of the long review
        await().atMost(TIMEOUT).until(() -> EMULATOR.emulator().listObjects("s3://sagemaker-async/output/").isEmpty()
                && EMULATOR.emulator().listObjects("s3://inputs/reviews/").isEmpty());
    }

    @Test
    void aModelFailureArrivesFromTheSourceAsAFailedResultWithTheModelsText() throws Exception {
        MockEndpoint results = getMockEndpoint("mock:results");
        results.expectedMessageCount(1);

        template.send("direct:reviews", exchange -> {
            exchange.getMessage().setBody("{\"text\": not closed");
            exchange.getMessage().setHeader(SageMakerAsyncConstants.CONTENT_TYPE, "application/json");
            exchange.getMessage().setHeader("reviewId", "broken");
        });

        results.setResultWaitTime(TIMEOUT.toMillis());
        results.assertIsSatisfied();
        Exchange failure = results.getReceivedExchanges().get(0);
        assertThat(failure.getMessage().getHeader(SageMakerAsyncConstants.STATUS)).isEqualTo("Failed");
        assertThat(failure.getMessage().getHeader("reviewId")).isEqualTo("broken");
        assertThat(failure.getMessage().getBody(String.class)).startsWith("Invalid JSON input");
        // a message for the route, not an exception: the route decides what a failure means
        assertThat(failure.getException()).isNull();
    }
}
