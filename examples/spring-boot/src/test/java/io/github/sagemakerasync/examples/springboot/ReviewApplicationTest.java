package io.github.sagemakerasync.examples.springboot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.sagemakerasync.camel.SageMakerAsyncComponent;
import io.github.sagemakerasync.camel.SageMakerAsyncConfiguration;
import io.github.sagemakerasync.camel.SageMakerAsyncInferenceException;
import io.github.sagemakerasync.emulator.Api;
import io.github.sagemakerasync.emulator.SageMakerAsyncEmulator;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The application as it starts, configured by application.yml, on the emulator EmulatorEnvironment starts, serving HTTP
 * on a free port.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
                properties = { "reviews.demo=false", "example.emulator=true" })
class ReviewApplicationTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    CamelContext camelContext;
    @Autowired
    ReviewClassifier classifier;
    @Autowired
    ProducerTemplate template;
    @Autowired
    SageMakerAsyncEmulator emulator;
    @LocalServerPort
    int port;

    @BeforeEach
    void resetCounters() {
        emulator.counters().reset();
    }

    @Test
    void applicationYmlReachesTheComponent() {
        SageMakerAsyncConfiguration options =
                camelContext.getComponent("sagemaker-async", SageMakerAsyncComponent.class).getConfiguration();

        assertThat(options.getContentType()).isEqualTo("application/json");
        assertThat(options.getInputLocation()).isEqualTo("s3://sagemaker-async/inputs");
        assertThat(options.getOutputLocation()).isEqualTo("s3://sagemaker-async/output");
        assertThat(options.getFailureLocation()).isEqualTo("s3://sagemaker-async/failures");
        assertThat(options.isDeleteInputAfterResult()).isTrue();
        assertThat(options.getResultTimeout()).isEqualTo(Duration.ofMinutes(2).toMillis());
        assertThat(options.getResultPollDelay()).isEqualTo(100);
        assertThat(options.getResultPollMaxDelay()).isEqualTo(2000);
        // and what EmulatorEnvironment added, through the same properties
        assertThat(options.getRegion()).isEqualTo(emulator.region());
        assertThat(options.getUriEndpointOverride()).isEqualTo(emulator.sageMakerEndpoint().toString());
        assertThat(options.getS3UriEndpointOverride()).isEqualTo(emulator.s3Endpoint().toString());
    }

    @Test
    void aShortReviewRoundTripsInline() {
        ReviewClassifier.Classification answer = classifier.classify("Great product, I love it, works fast.");

        assertThat(answer.payloadMode()).isEqualTo("inline");
        assertThat(answer.result()).contains("\"label\":\"POSITIVE\"");
        assertThat(emulator.counters().get(Api.SAGEMAKER, "InvokeEndpointAsync")).isEqualTo(1);
        assertThat(emulator.counters().get(Api.S3, "PutObject")).isZero();
    }

    @Test
    void quotesBackslashesAndLineBreaksInAReviewStayValidJson() {
        ReviewClassifier.Classification answer = classifier.classify("He said \"great\",\nand C:\\ works\tfast");

        assertThat(answer.result()).contains("\"label\":\"POSITIVE\"");
    }

    @Test
    void aLongReviewRoundTripsThroughS3AndItsUploadIsRemoved() {
        ReviewClassifier.Classification answer = classifier.classify("Slow and buggy. ".repeat(10_000));

        assertThat(answer.payloadMode()).isEqualTo("s3");
        assertThat(answer.result()).contains("\"label\":\"NEGATIVE\"");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> emulator.listObjects("s3://sagemaker-async/inputs/").isEmpty());
    }

    @Test
    void aModelFailureFailsTheExchangeWithTheFailureText() {
        Exchange exchange = template.request("direct:classify", e -> e.getMessage().setBody("{\"text\": unquoted"));

        assertThat(exchange.getException()).isInstanceOfSatisfying(SageMakerAsyncInferenceException.class,
                failure -> assertThat(failure.getMessage()).startsWith("Invalid JSON input"));
    }

    @Test
    void aReviewPostedOverHttpIsCountedByTheComponentsMetersOnTheActuator() throws Exception {
        double inlineBefore = measurement("sagemaker.async.invocations?tag=mode:inline&tag=outcome:accepted", "COUNT");
        double resultsBefore = measurement("sagemaker.async.results?tag=status:completed&tag=correlated:true", "COUNT");

        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/reviews"))
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("Great product, works fast.")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("\"label\":\"POSITIVE\"");
        assertThat(measurement("sagemaker.async.invocations?tag=mode:inline&tag=outcome:accepted", "COUNT"))
                .isEqualTo(inlineBefore + 1);
        assertThat(measurement("sagemaker.async.payload.bytes?tag=mode:inline", "COUNT")).isPositive();
        // counted when the exchange completes, as the answer goes out
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                measurement("sagemaker.async.results?tag=status:completed&tag=correlated:true", "COUNT"))
                .isEqualTo(resultsBefore + 1));
        assertThat(measurement("sagemaker.async.result.delay", "COUNT")).isPositive();
        assertThat(measurement("sagemaker.async.waiting", "VALUE")).isZero();
    }

    /** One statistic of a meter, as the actuator serves it at /actuator/metrics/{name}?tag=key:value. */
    private double measurement(String meterAndTags, String statistic) throws Exception {
        HttpResponse<String> metric = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/actuator/metrics/" + meterAndTags)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(metric.statusCode()).as(meterAndTags + ": " + metric.body()).isEqualTo(200);
        JsonNode measurements = JSON.readTree(metric.body()).get("measurements");
        for (JsonNode measurement : measurements) {
            if (statistic.equals(measurement.get("statistic").asText())) {
                return measurement.get("value").asDouble();
            }
        }
        throw new AssertionError("no " + statistic + " in " + metric.body());
    }
}
