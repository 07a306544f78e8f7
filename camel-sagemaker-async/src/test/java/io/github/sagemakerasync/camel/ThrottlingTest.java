package io.github.sagemakerasync.camel;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sagemakerasync.emulator.Api;
import io.github.sagemakerasync.emulator.InjectedFault;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sagemakerruntime.model.SageMakerRuntimeException;

/**
 * SageMaker throttles with {@code 400 ThrottlingException}, and its message may be null ({@code {"message":null}}; the
 * emulator sends every second throttle so). The SDK retries both; the component decides on the error code, never on
 * the message.
 */
class ThrottlingTest extends SageMakerAsyncTestSupport {

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:send").to("sagemaker-async:sentiment?contentType=application/json");
            }
        };
    }

    @Test
    void throttlesWithAndWithoutMessageAreRetriedByTheSdk() {
        emulator().sageMakerNetwork().failNext(2, InjectedFault.THROTTLING);

        Exchange sent = template.request("direct:send", exchange -> exchange.getMessage().setBody("{\"text\":\"great\"}"));

        assertThat(sent.getException()).isNull();
        assertThat(sent.getMessage().getHeader(SageMakerAsyncConstants.OUTPUT_LOCATION, String.class)).isNotNull();
        assertThat(emulator().counters().get(Api.SAGEMAKER, "InvokeEndpointAsync")).isEqualTo(3);
    }

    @Test
    void throttlingBeyondTheRetriesFailsTheExchangeWithItsErrorCode() {
        emulator().sageMakerNetwork().failNext(20, InjectedFault.THROTTLING);

        Exchange sent = template.request("direct:send", exchange -> exchange.getMessage().setBody("{\"text\":\"great\"}"));

        assertThat(sent.getException()).isInstanceOfSatisfying(SageMakerRuntimeException.class, e -> {
            assertThat(e.isThrottlingException()).isTrue();
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
        });
        assertThat(emulator().unfinishedInvocations()).isZero();
    }
}
