package io.github.sagemakerasync.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.sagemakerasync.emulator.InjectedFault;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckAware;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Health checks report what SageMaker and S3 answered the producer and the consumer. */
class HealthCheckTest extends SageMakerAsyncTestSupport {

    @BeforeEach
    void enableProducerChecks() {
        // Camel runs producer checks only when asked: camel.health.producersEnabled=true
        HealthCheckHelper.getHealthCheckRepository(context, "producers").setEnabled(true);
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:sentiment").routeId("sender").to("sagemaker-async:sentiment");
                from("sagemaker-async:sentiment?outputLocation=s3://results/sentiment/output&initialDelay=0&delay=100")
                        .routeId("receiver").to("mock:results");
            }
        };
    }

    @Test
    void producerIsDownWhileSageMakerFailsAndUpAfterASuccess() {
        assertThat(producerCheck().getState()).isEqualTo(HealthCheck.State.UP);

        emulator().sageMakerNetwork().failNext(10, InjectedFault.SERVICE_UNAVAILABLE);
        template.send("direct:sentiment", exchange -> exchange.getMessage().setBody("good"));

        HealthCheck.Result down = producerCheck();
        assertThat(down.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(down.getDetails()).containsEntry(AbstractHealthCheck.SERVICE_STATUS_CODE, 503)
                .containsEntry(AbstractHealthCheck.SERVICE_ERROR_CODE, "ServiceUnavailable");

        emulator().sageMakerNetwork().reset();
        template.send("direct:sentiment", exchange -> exchange.getMessage().setBody("good"));
        assertThat(producerCheck().getState()).isEqualTo(HealthCheck.State.UP);
    }

    @Test
    void consumerIsUpOncePolling() throws Exception {
        getMockEndpoint("mock:results").expectedMessageCount(1);
        template.send("direct:sentiment", exchange -> exchange.getMessage().setBody("good"));
        assertSatisfiedWithin(getMockEndpoint("mock:results"));

        await().atMost(RESULT_TIMEOUT).until(() -> consumerCheck().getState() == HealthCheck.State.UP);
    }

    @Test
    void consumerIsDownWhileS3Fails() {
        emulator().s3Network().faultRate(1.0, InjectedFault.INTERNAL_ERROR);
        try {
            await().atMost(RESULT_TIMEOUT).until(() -> consumerCheck().getState() == HealthCheck.State.DOWN);
            assertThat(consumerCheck().getMessage()).hasValueSatisfying(message -> assertThat(message).isNotBlank());
            assertThat(consumerCheck().getError()).hasValueSatisfying(error -> assertThat(error).hasMessageContaining("500"));
        } finally {
            emulator().s3Network().reset();
        }
        await().atMost(RESULT_TIMEOUT).until(() -> consumerCheck().getState() == HealthCheck.State.UP);
    }

    private HealthCheck.Result producerCheck() {
        return check("producer:sagemaker-async-");
    }

    /** The consumer's readiness check, as Camel's consumers repository runs it. */
    private HealthCheck.Result consumerCheck() {
        HealthCheckAware consumer = (HealthCheckAware) context.getRoute("receiver").getConsumer();
        assertThat(consumer.getHealthCheck().getId()).isEqualTo("consumer:receiver");
        return consumer.getHealthCheck().call();
    }

    private HealthCheck.Result check(String idPrefix) {
        return HealthCheckHelper.invoke(context).stream()
                .filter(result -> result.getCheck().getId().startsWith(idPrefix))
                .findFirst().orElseThrow(() -> new AssertionError("No health check " + idPrefix + "*"));
    }
}
