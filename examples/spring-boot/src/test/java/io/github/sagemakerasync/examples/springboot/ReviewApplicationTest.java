package io.github.sagemakerasync.examples.springboot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

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

/** The application as it starts, configured by application.yml, on the emulator EmulatorEnvironment starts. */
@SpringBootTest(properties = { "reviews.demo=false", "example.emulator=true" })
class ReviewApplicationTest {

    @Autowired
    CamelContext camelContext;
    @Autowired
    ReviewClassifier classifier;
    @Autowired
    ProducerTemplate template;
    @Autowired
    SageMakerAsyncEmulator emulator;

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
}
