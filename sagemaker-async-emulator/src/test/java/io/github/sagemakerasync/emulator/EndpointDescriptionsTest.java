package io.github.sagemakerasync.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sagemakerasync.emulator.model.SentimentModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.DescribeEndpointConfigResponse;
import software.amazon.awssdk.services.sagemaker.model.DescribeEndpointResponse;
import software.amazon.awssdk.services.sagemaker.model.EndpointStatus;
import software.amazon.awssdk.services.sagemaker.model.SageMakerException;

/** DescribeEndpoint and DescribeEndpointConfig, called with the AWS SDK's SageMaker client. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EndpointDescriptionsTest {

    private SageMakerAsyncEmulator emulator;
    private SageMakerClient api;

    @BeforeAll
    void start() throws Exception {
        emulator = SageMakerAsyncEmulator.builder()
                .region("eu-west-1")
                .endpoint(AsyncEndpointConfig.builder("Reviews")
                        .s3OutputPath("s3://results/reviews/output")
                        .s3FailurePath("s3://results/reviews/failures")
                        .maxConcurrentInvocationsPerInstance(3)
                        .model(new SentimentModel())
                        .build())
                .endpoint(AsyncEndpointConfig.builder("no-failure-path")
                        .s3OutputPath("s3://results/nfp/output")
                        .model(new SentimentModel())
                        .build())
                .start();
        api = TestClients.sageMakerApi(emulator);
    }

    @AfterAll
    void stop() {
        api.close();
        emulator.close();
    }

    @BeforeEach
    void resetCounters() {
        emulator.counters().reset();
    }

    @Test
    void anEndpointWithoutFailurePathIsDescribedWithoutOne() {
        var config = api.describeEndpointConfig(r -> r.endpointConfigName("no-failure-path-config"));

        assertThat(config.asyncInferenceConfig().outputConfig().s3OutputPath()).isEqualTo("s3://results/nfp/output");
        assertThat(config.asyncInferenceConfig().outputConfig().s3FailurePath()).isNull();
    }

    @Test
    void describeEndpointNamesItsConfigAndItsAsyncInferenceConfig() {
        DescribeEndpointResponse endpoint = api.describeEndpoint(r -> r.endpointName("Reviews"));

        assertThat(endpoint.endpointName()).isEqualTo("Reviews");
        assertThat(endpoint.endpointArn()).isEqualTo("arn:aws:sagemaker:eu-west-1:000000000000:endpoint/reviews");
        assertThat(endpoint.endpointStatus()).isEqualTo(EndpointStatus.IN_SERVICE);
        assertThat(endpoint.endpointConfigName()).isEqualTo("Reviews-config");
        assertThat(endpoint.creationTime()).isNotNull();
        assertThat(endpoint.asyncInferenceConfig().outputConfig().s3OutputPath()).isEqualTo("s3://results/reviews/output");
        assertThat(emulator.counters().get(Api.SAGEMAKER, "DescribeEndpoint")).isEqualTo(1);
    }

    @Test
    void describeEndpointConfigHasTheOutputAndFailurePaths() {
        DescribeEndpointConfigResponse config = api.describeEndpointConfig(r -> r.endpointConfigName("Reviews-config"));

        assertThat(config.endpointConfigArn()).isEqualTo("arn:aws:sagemaker:eu-west-1:000000000000:endpoint-config/reviews-config");
        assertThat(config.productionVariants()).singleElement()
                .satisfies(variant -> assertThat(variant.variantName()).isEqualTo("AllTraffic"));
        assertThat(config.asyncInferenceConfig().outputConfig().s3OutputPath()).isEqualTo("s3://results/reviews/output");
        assertThat(config.asyncInferenceConfig().outputConfig().s3FailurePath()).isEqualTo("s3://results/reviews/failures");
        assertThat(config.asyncInferenceConfig().clientConfig().maxConcurrentInvocationsPerInstance()).isEqualTo(3);
    }

    @Test
    void anUnknownEndpointOrConfigIsAValidationException() {
        assertThatThrownBy(() -> api.describeEndpoint(r -> r.endpointName("missing")))
                .isInstanceOfSatisfying(SageMakerException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                    assertThat(e.awsErrorDetails().errorMessage())
                            .isEqualTo("Could not find endpoint \"arn:aws:sagemaker:eu-west-1:000000000000:endpoint/missing\".");
                });
        assertThatThrownBy(() -> api.describeEndpointConfig(r -> r.endpointConfigName("Reviews")))
                .isInstanceOfSatisfying(SageMakerException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
    }

    @Test
    void theErrorCodeIsInTheBodyAsJson11HasIt() {
        // boto3 and other json 1.1 clients read the code from the body's __type: the header is taken away here, so the
        // SDK can find the code only there
        ExecutionInterceptor withoutErrorTypeHeader = new ExecutionInterceptor() {
            @Override
            public SdkHttpResponse modifyHttpResponse(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
                return context.httpResponse().toBuilder().removeHeader("X-Amzn-ErrorType").build();
            }
        };
        try (SageMakerClient bodyOnly = SageMakerClient.builder()
                .endpointOverride(emulator.sageMakerEndpoint())
                .region(Region.of(emulator.region()))
                .credentialsProvider(TestClients.credentials(emulator))
                .overrideConfiguration(c -> c.addExecutionInterceptor(withoutErrorTypeHeader))
                .build()) {
            assertThatThrownBy(() -> bodyOnly.describeEndpoint(r -> r.endpointName("missing")))
                    .isInstanceOfSatisfying(SageMakerException.class,
                            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
            assertThatThrownBy(() -> bodyOnly.listEndpoints(r -> { }))
                    .isInstanceOfSatisfying(SageMakerException.class,
                            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnknownOperationException"));
        }
    }

    @Test
    void aMissingEndpointNameIsAValidationException() {
        assertThatThrownBy(() -> api.describeEndpoint(r -> { }))
                .isInstanceOfSatisfying(SageMakerException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                    assertThat(e.awsErrorDetails().errorMessage()).contains("'endpointName' failed to satisfy constraint");
                });
    }

    @Test
    void anOperationTheEmulatorDoesNotServeIsRefused() {
        assertThatThrownBy(() -> api.listEndpoints(r -> { }))
                .isInstanceOfSatisfying(SageMakerException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnknownOperationException");
                });
        assertThat(emulator.counters().get(Api.SAGEMAKER, "Unknown")).isEqualTo(1);
    }
}
