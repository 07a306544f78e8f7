package io.github.sagemakerasync.camel.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sagemakerasync.camel.AfterRead;
import io.github.sagemakerasync.camel.CorrelationStore;
import io.github.sagemakerasync.camel.InMemoryCorrelationStore;
import io.github.sagemakerasync.camel.PayloadMode;
import io.github.sagemakerasync.camel.SageMakerAsyncComponent;
import io.github.sagemakerasync.camel.SageMakerAsyncConfiguration;
import io.github.sagemakerasync.camel.SageMakerAsyncEndpoint;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.ComponentCustomizer;
import org.apache.camel.spring.boot.CamelAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeAsyncClient;

/** The starter in a real Spring Boot application context with Camel's own auto-configuration. */
class SageMakerAsyncComponentAutoConfigurationTest {

    private final ApplicationContextRunner application = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(CamelAutoConfiguration.class,
                    SageMakerAsyncComponentAutoConfiguration.class));

    @Test
    void propertiesReachTheComponentWithTheirTypes() {
        application.withBean("sharedStore", CorrelationStore.class, InMemoryCorrelationStore::new)
                .withPropertyValues(
                        "camel.component.sagemaker-async.region=eu-west-1",
                        "camel.component.sagemaker-async.inline-threshold=64000",
                        "camel.component.sagemaker-async.payload-mode=s3",
                        "camel.component.sagemaker-async.after-read=move",
                        "camel.component.sagemaker-async.result-timeout=5m",
                        "camel.component.sagemaker-async.result-poll-multiplier=1.5",
                        "camel.component.sagemaker-async.multipart-part-size=16777216",
                        "camel.component.sagemaker-async.correlation-store=#bean:sharedStore")
                .run(context -> {
                    SageMakerAsyncConfiguration options = component(context).getConfiguration();
                    assertThat(options.getRegion()).isEqualTo("eu-west-1");
                    assertThat(options.getInlineThreshold()).isEqualTo(64_000);
                    assertThat(options.getPayloadMode()).isEqualTo(PayloadMode.s3);
                    assertThat(options.getAfterRead()).isEqualTo(AfterRead.move);
                    assertThat(options.getResultTimeout()).isEqualTo(300_000L);
                    assertThat(options.getResultPollMultiplier()).isEqualTo(1.5);
                    assertThat(options.getMultipartPartSize()).isEqualTo(16L * 1024 * 1024);
                    assertThat(options.getCorrelationStore()).isSameAs(context.getBean("sharedStore"));
                });
    }

    @Test
    void unsetPropertiesLeaveTheComponentDefaults() {
        application.run(context -> {
            SageMakerAsyncConfiguration defaults = new SageMakerAsyncConfiguration();
            SageMakerAsyncConfiguration options = component(context).getConfiguration();
            assertThat(options.getInlineThreshold()).isEqualTo(defaults.getInlineThreshold());
            assertThat(options.getPayloadMode()).isEqualTo(defaults.getPayloadMode());
            assertThat(options.getResultTimeout()).isEqualTo(defaults.getResultTimeout());
            assertThat(options.getRegion()).isNull();
        });
    }

    @Test
    void enabledFalseLeavesTheComponentUnconfigured() {
        application.withPropertyValues("camel.component.sagemaker-async.enabled=false",
                        "camel.component.sagemaker-async.region=eu-west-1")
                .run(context -> {
                    assertThat(context).doesNotHaveBean(SageMakerAsyncComponentConfiguration.class);
                    assertThat(component(context).getConfiguration().getRegion()).isNull();
                });
    }

    @Test
    void theCustomizerFollowsItsOwnSwitchThenTheSwitchOfAllComponents() {
        application.withPropertyValues("camel.component.customizer.enabled=false",
                        "camel.component.sagemaker-async.region=eu-west-1")
                .run(context -> {
                    assertThat(context).doesNotHaveBean(ComponentCustomizer.class);
                    assertThat(component(context).getConfiguration().getRegion()).isNull();
                });
        application.withPropertyValues("camel.component.customizer.enabled=false",
                        "camel.component.sagemaker-async.customizer.enabled=true",
                        "camel.component.sagemaker-async.region=eu-west-1")
                .run(context -> assertThat(component(context).getConfiguration().getRegion()).isEqualTo("eu-west-1"));
        application.withPropertyValues("camel.component.sagemaker-async.customizer.enabled=false",
                        "camel.component.sagemaker-async.region=eu-west-1")
                .run(context -> assertThat(component(context).getConfiguration().getRegion()).isNull());
    }

    @Test
    void typedClientBeansAreTheClientsOfEveryEndpoint() {
        application.withBean(SageMakerRuntimeAsyncClient.class, () -> SageMakerRuntimeAsyncClient.builder()
                        .region(Region.EU_WEST_1).credentialsProvider(AnonymousCredentialsProvider.create()).build())
                .withBean(S3AsyncClient.class, () -> S3AsyncClient.builder()
                        .region(Region.EU_WEST_1).credentialsProvider(AnonymousCredentialsProvider.create()).build())
                .run(context -> {
                    SageMakerAsyncEndpoint endpoint = context.getBean(CamelContext.class)
                            .getEndpoint("sagemaker-async:reviews", SageMakerAsyncEndpoint.class);
                    endpoint.start();
                    try {
                        assertThat(endpoint.getConfiguration().getSageMakerRuntimeAsyncClient())
                                .isSameAs(context.getBean(SageMakerRuntimeAsyncClient.class));
                        assertThat(endpoint.getConfiguration().getS3AsyncClient()).isSameAs(context.getBean(S3AsyncClient.class));
                    } finally {
                        endpoint.stop();
                    }
                });
    }

    @Test
    void aValueOfTheWrongTypeFailsTheApplicationNamingTheProperty() {
        application.withPropertyValues("camel.component.sagemaker-async.inline-threshold=lots")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("camel.component.sagemaker-async.inline-threshold"));
    }

    private static SageMakerAsyncComponent component(AssertableApplicationContext context) {
        return context.getBean(CamelContext.class).getComponent("sagemaker-async", SageMakerAsyncComponent.class);
    }
}
