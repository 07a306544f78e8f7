package io.github.sagemakerasync.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sagemaker.SageMakerAsyncClient;
import software.amazon.awssdk.services.sagemaker.model.AsyncInferenceConfig;
import software.amazon.awssdk.services.sagemaker.model.DescribeEndpointConfigRequest;
import software.amazon.awssdk.services.sagemaker.model.DescribeEndpointConfigResponse;
import software.amazon.awssdk.services.sagemaker.model.DescribeEndpointRequest;
import software.amazon.awssdk.services.sagemaker.model.DescribeEndpointResponse;

/**
 * The branches the emulator cannot reach, whose endpoints are all asynchronous: a real-time endpoint, and one whose
 * failure path is unset (AWS makes it optional). A fake client answers the two Describe calls.
 */
class ResultLocationDiscoveryTest {

    @Test
    void withoutTheControlPlaneSdkDiscoveryNamesTheDependencyToAdd() {
        // the optional module is on this test's classpath, so a class that is not stands in for its absence
        assertThatThrownBy(() -> OptionalModules.requireForDiscovery("reviews", "software.amazon.awssdk.NoSuchClient"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("The sagemaker-async consumer of endpoint reviews has neither outputLocation nor "
                        + "failureLocation, so it would find them with DescribeEndpoint, which needs the dependency "
                        + "software.amazon.awssdk:sagemaker (the same version as the other AWS SDK modules). Add it, or "
                        + "set outputLocation and failureLocation.");
        OptionalModules.requireForDiscovery("reviews", SageMakerAsyncClient.class.getName());
    }

    @Test
    void aRealTimeEndpointIsNamedAsNotAsynchronous() {
        SageMakerAsyncClient api = describing(null);

        assertThatThrownBy(() -> ResultLocationDiscovery.discover(api, "realtime").join())
                .isInstanceOf(CompletionException.class)
                .rootCause().hasMessage("endpoint configuration realtime-config has no AsyncInferenceConfig output "
                        + "paths: it is not an asynchronous endpoint");
    }

    @Test
    void anEndpointWithoutAFailurePathGivesOnlyTheOutputLocation() {
        SageMakerAsyncClient api = describing(AsyncInferenceConfig.builder()
                .outputConfig(o -> o.s3OutputPath("s3://bucket/output")).build());

        ResultLocationDiscovery.ResultLocations found = ResultLocationDiscovery.discover(api, "async").join();

        assertThat(found.outputLocation()).isEqualTo("s3://bucket/output");
        assertThat(found.failureLocation()).isNull();
    }

    /** A SageMaker API whose endpoint X has configuration X-config with the given AsyncInferenceConfig. */
    private static SageMakerAsyncClient describing(AsyncInferenceConfig async) {
        return new SageMakerAsyncClient() {
            @Override
            public CompletableFuture<DescribeEndpointResponse> describeEndpoint(DescribeEndpointRequest request) {
                return CompletableFuture.completedFuture(DescribeEndpointResponse.builder()
                        .endpointName(request.endpointName()).endpointConfigName(request.endpointName() + "-config").build());
            }

            @Override
            public CompletableFuture<DescribeEndpointConfigResponse> describeEndpointConfig(DescribeEndpointConfigRequest request) {
                return CompletableFuture.completedFuture(DescribeEndpointConfigResponse.builder()
                        .endpointConfigName(request.endpointConfigName()).asyncInferenceConfig(async).build());
            }

            @Override
            public String serviceName() {
                return "sagemaker";
            }

            @Override
            public void close() {
            }
        };
    }
}
