package io.github.sagemakerasync.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.sagemakerasync.emulator.Api;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;

/** A consumer given no locations finds them from the endpoint's AsyncInferenceConfig, as the emulator describes it. */
class ConsumerDiscoveryTest extends SageMakerAsyncTestSupport {

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:sentiment").to("sagemaker-async:sentiment?contentType=application/json&correlationHeaders=requestNo");
                from("sagemaker-async:sentiment?initialDelay=0&delay=100").routeId("discovered").autoStartup(false)
                        .to("mock:results");
                from("sagemaker-async:no-such-endpoint").routeId("undiscoverable").autoStartup(false).to("mock:never");
                // the control plane elsewhere than the runtime (as VPC endpoints api.sagemaker and runtime.sagemaker)
                from("sagemaker-async:sentiment?sageMakerApiUriEndpointOverride=http://127.0.0.1:1&apiCallTimeout=5000")
                        .routeId("elsewhere").autoStartup(false).to("mock:never");
            }
        };
    }

    @Test
    void withNoLocationsTheConsumerFindsThemAndDeliversResultsAndFailures() throws Exception {
        context.getRouteController().startRoute("discovered");
        try {
            MockEndpoint results = getMockEndpoint("mock:results");
            results.expectedMessageCount(2);

            template.sendBodyAndHeader("direct:sentiment", "{\"text\":\"great and fast\"}", "requestNo", 1);
            template.sendBodyAndHeader("direct:sentiment", "{not json", "requestNo", 2);

            assertSatisfiedWithin(results);
            assertThat(results.getReceivedExchanges()).extracting(e -> e.getMessage().getHeader("requestNo") + " "
                    + e.getMessage().getHeader(SageMakerAsyncConstants.STATUS))
                    .containsExactlyInAnyOrder("1 Completed", "2 Failed");
            assertThat(emulator().counters().get(Api.SAGEMAKER, "DescribeEndpoint")).isEqualTo(1);
            assertThat(emulator().counters().get(Api.SAGEMAKER, "DescribeEndpointConfig")).isEqualTo(1);
        } finally {
            context.getRouteController().stopRoute("discovered");
        }
    }

    @Test
    void anEndpointThatCannotBeDescribedFailsTheRouteStartSayingWhatToSet() {
        assertThatThrownBy(() -> context.getRouteController().startRoute("undiscoverable"))
                .rootCause()
                .hasMessageContaining("Could not find endpoint");
        assertThatThrownBy(() -> context.getRouteController().startRoute("undiscoverable"))
                .hasStackTraceContaining("The sagemaker-async consumer of endpoint no-such-endpoint has neither "
                        + "outputLocation nor failureLocation, and could not find them with DescribeEndpoint and "
                        + "DescribeEndpointConfig")
                .hasStackTraceContaining("Set the options to the endpoint's S3OutputPath and S3FailurePath");
    }

    @Test
    void discoveryCallsTheControlPlaneAtItsOwnOverride() {
        assertThatThrownBy(() -> context.getRouteController().startRoute("elsewhere"))
                .hasStackTraceContaining("The sagemaker-async consumer of endpoint sentiment has neither")
                .hasStackTraceContaining("127.0.0.1:1");
        // the runtime's address, where the emulator also serves the control plane, was not asked
        assertThat(emulator().counters().get(Api.SAGEMAKER, "DescribeEndpoint")).isZero();
    }
}
