package io.github.sagemakerasync.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.Consumer;
import java.util.stream.Stream;

import io.github.sagemakerasync.emulator.junit.SageMakerAsyncEmulatorExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointAsyncRequest;
import software.amazon.awssdk.services.sagemakerruntime.model.ValidationErrorException;

/** Each constraint of the service model, enforced as AWS enforces it and raised as the SDK's modelled exception. */
class ValidationTest {

    @RegisterExtension
    static final SageMakerAsyncEmulatorExtension EMULATOR = new SageMakerAsyncEmulatorExtension();

    private static SageMakerRuntimeClient sageMaker;

    @BeforeAll
    static void client() {
        sageMaker = TestClients.sageMaker(EMULATOR.emulator());
    }

    @AfterAll
    static void close() {
        sageMaker.close();
    }

    static Stream<Arguments> invalidRequests() {
        SdkBytes body = SdkBytes.fromUtf8String("x");
        String constraint = "1 validation error detected: Value '%s' at '%s' failed to satisfy constraint: Member must ";
        return Stream.of(
                invalid("endpoint name with an underscore", r -> r.endpointName("my_endpoint").body(body),
                        constraint.formatted("my_endpoint", "endpointName")
                                + "satisfy regular expression pattern: ^[a-zA-Z0-9](-*[a-zA-Z0-9])*"),
                invalid("endpoint name of 64 characters", r -> r.endpointName("e".repeat(64)).body(body),
                        constraint.formatted("e".repeat(64), "endpointName") + "have length less than or equal to 63"),
                invalid("inference id of 65 characters", r -> r.endpointName("sentiment").inferenceId("i".repeat(65)).body(body),
                        constraint.formatted("i".repeat(65), "inferenceId") + "have length less than or equal to 64"),
                invalid("inference id with a tab", r -> r.endpointName("sentiment").inferenceId("a\tb").body(body),
                        constraint.formatted("a\tb", "inferenceId")
                                + "satisfy regular expression pattern: \\A\\S[\\p{Print}]*\\z"),
                invalid("TTL below 60", r -> r.endpointName("sentiment").requestTTLSeconds(59).body(body),
                        constraint.formatted("59", "requestTTLSeconds") + "have value greater than or equal to 60"),
                invalid("TTL above 21600", r -> r.endpointName("sentiment").requestTTLSeconds(21_601).body(body),
                        constraint.formatted("21601", "requestTTLSeconds") + "have value less than or equal to 21600"),
                invalid("invocation timeout of 0", r -> r.endpointName("sentiment").invocationTimeoutSeconds(0).body(body),
                        constraint.formatted("0", "invocationTimeoutSeconds") + "have value greater than or equal to 1"),
                invalid("invocation timeout above 3600", r -> r.endpointName("sentiment").invocationTimeoutSeconds(3_601).body(body),
                        constraint.formatted("3601", "invocationTimeoutSeconds") + "have value less than or equal to 3600"),
                invalid("filename with two dots", r -> r.endpointName("sentiment").filename("a.b.c").body(body),
                        constraint.formatted("a.b.c", "filename")
                                + "satisfy regular expression pattern: ^(?!.*\\..*\\.)[a-zA-Z0-9][a-zA-Z0-9-_\\.]*$"),
                invalid("filename of 33 characters", r -> r.endpointName("sentiment").filename("f".repeat(33)).body(body),
                        constraint.formatted("f".repeat(33), "filename") + "have length less than or equal to 32"),
                invalid("extension that is an S3 URI", r -> r.endpointName("sentiment").s3OutputPathExtension("s3://b/k").body(body),
                        constraint.formatted("s3://b/k", "s3OutputPathExtension")
                                + "satisfy regular expression pattern: ^(?!s3:|https:)[a-zA-Z0-9!_.*'()/-]+$"),
                invalid("extension of 513 characters", r -> r.endpointName("sentiment").s3OutputPathExtension("x".repeat(513)).body(body),
                        "1 validation error detected: Value '" + "x".repeat(128) + "...' at 's3OutputPathExtension' "
                                + "failed to satisfy constraint: Member must have length less than or equal to 512"),
                invalid("input location that is not S3", r -> r.endpointName("sentiment").inputLocation("ftp://b/k"),
                        constraint.formatted("ftp://b/k", "inputLocation")
                                + "satisfy regular expression pattern: ^(https|s3)://([^/]+)/?(.*)$"),
                invalid("content type of 1025 characters", r -> r.endpointName("sentiment").contentType("c".repeat(1025)).body(body),
                        "1 validation error detected: Value '" + "c".repeat(128) + "...' at 'contentType' "
                                + "failed to satisfy constraint: Member must have length less than or equal to 1024"),
                invalid("custom attributes of 1025 characters, value not echoed",
                        r -> r.endpointName("sentiment").customAttributes("s".repeat(1025)).body(body),
                        "1 validation error detected: Value at 'customAttributes' failed to satisfy constraint: "
                                + "Member must have length less than or equal to 1024"),
                invalid("inline body of 128001 bytes", r -> r.endpointName("sentiment").body(SdkBytes.fromByteArray(new byte[128_001])),
                        "1 validation error detected: Value at 'body' failed to satisfy constraint: "
                                + "Member must have length less than or equal to 128000"),
                invalid("two violations at once", r -> r.endpointName("sentiment").requestTTLSeconds(1).invocationTimeoutSeconds(0).body(body),
                        "2 validation errors detected: Value '1' at 'requestTTLSeconds' failed to satisfy constraint: "
                                + "Member must have value greater than or equal to 60; Value '0' at 'invocationTimeoutSeconds' "
                                + "failed to satisfy constraint: Member must have value greater than or equal to 1"),
                invalid("body and input location together",
                        r -> r.endpointName("sentiment").inputLocation("s3://sagemaker-async/in").body(body),
                        "Body and InputLocation are mutually exclusive: provide exactly one of them."),
                invalid("neither body nor input location", r -> r.endpointName("sentiment"),
                        "Either Body or InputLocation must be provided."),
                invalid("unknown endpoint", r -> r.endpointName("no-such-endpoint").body(body),
                        "Endpoint no-such-endpoint of account 000000000000 not found."));
    }

    private static Arguments invalid(String what, Consumer<InvokeEndpointAsyncRequest.Builder> request, String message) {
        return Arguments.of(what, request, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidRequests")
    void invalidRequestIsAValidationError(String what, Consumer<InvokeEndpointAsyncRequest.Builder> request,
                                          String message) {
        assertThatThrownBy(() -> sageMaker.invokeEndpointAsync(request))
                .isInstanceOfSatisfying(ValidationErrorException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
                    assertThat(e.requestId()).isNotBlank();
                });
    }

    @Test
    void rejectedRequestIsNotQueued() {
        int before = EMULATOR.emulator().unfinishedInvocations();
        assertThatThrownBy(() -> sageMaker.invokeEndpointAsync(r -> r.endpointName("sentiment").requestTTLSeconds(5)
                .body(SdkBytes.fromUtf8String("x")))).isInstanceOf(ValidationErrorException.class);
        assertThat(EMULATOR.emulator().unfinishedInvocations()).isEqualTo(before);
    }

    @Test
    void boundaryValuesAreAccepted() {
        sageMaker.invokeEndpointAsync(r -> r.endpointName("sentiment")
                .inferenceId("i".repeat(64))
                .requestTTLSeconds(60)
                .invocationTimeoutSeconds(3_600)
                .filename("f".repeat(30) + ".x")
                .s3OutputPathExtension("a!_.*'()/-z")
                .customAttributes("c".repeat(1024))
                .body(SdkBytes.fromUtf8String("x")));
        sageMaker.invokeEndpointAsync(r -> r.endpointName("sentiment")
                .requestTTLSeconds(21_600)
                .invocationTimeoutSeconds(1)
                .body(SdkBytes.fromUtf8String("x")));
    }
}
