package io.github.sagemakerasync.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Reading SageMaker's notifications, raw or in the SNS envelope, and refusing what is not one. */
class NotificationTest {

    private static final String COMPLETED = "{\"awsRegion\":\"us-east-1\",\"eventTime\":\"2022-01-25T22:46:00.608Z\","
            + "\"receivedTime\":\"2022-01-25T22:46:00.455Z\",\"invocationStatus\":\"Completed\","
            + "\"requestParameters\":{\"contentType\":\"text/csv\",\"endpointName\":\"e\",\"inputLocation\":\"s3://b/in.csv\"},"
            + "\"responseParameters\":{\"contentType\":\"text/csv; charset=utf-8\",\"outputLocation\":\"s3://b/out/p.out\"},"
            + "\"inferenceId\":\"11111111-2222-3333-4444-555555555555\",\"eventVersion\":\"1.0\","
            + "\"eventSource\":\"aws:sagemaker\",\"eventName\":\"InferenceResult\"}";

    @Test
    void theDocumentedSuccessExampleIsACompletedResultWithoutResponse() {
        Notification notification = Notification.parse(COMPLETED);

        assertThat(notification.status()).isEqualTo(ResultStatus.Completed);
        assertThat(notification.inferenceId()).isEqualTo("11111111-2222-3333-4444-555555555555");
        assertThat(notification.location()).isEqualTo("s3://b/out/p.out");
        assertThat(notification.contentType()).isEqualTo("text/csv; charset=utf-8");
        assertThat(notification.eventTime()).isEqualTo(Instant.parse("2022-01-25T22:46:00.608Z"));
        assertThat(notification.response()).isNull();
    }

    @Test
    void inTheSnsEnvelopeTheMessageIsTheNotification() {
        String envelope = "{\"Type\":\"Notification\",\"MessageId\":\"m\",\"TopicArn\":\"arn:aws:sns:us-east-1:1:t\","
                + "\"Message\":" + quoted(COMPLETED) + ",\"Timestamp\":\"2022-01-25T22:46:00.700Z\"}";

        assertThat(Notification.parse(envelope)).usingRecursiveComparison().isEqualTo(Notification.parse(COMPLETED));
    }

    static Stream<Arguments> responses() {
        return Stream.of(
                Arguments.of("{\"content\":\"aGVsbG8=\",\"encoding\":\"BASE64\"}", "hello"),
                Arguments.of("{\"content\":\"hello\"}", "hello"),
                Arguments.of("{\"content\":\"aGVsbG8=\",\"encoding\":\"GZIP\"}", null),
                Arguments.of("{\"content\":\"not base64!\",\"encoding\":\"BASE64\"}", null),
                Arguments.of("\"hello\"", null));
    }

    @ParameterizedTest(name = "responseBody {0}")
    @MethodSource("responses")
    void anIncludedResponseIsReadWhenItsShapeIsUnderstoodElseLeftToS3(String responseBody, String expected) {
        Notification notification = Notification.parse(COMPLETED.replace("\"eventName\"", "\"responseBody\":" + responseBody
                + ",\"eventName\""));

        assertThat(notification.response() == null ? null : new String(notification.response(), StandardCharsets.UTF_8))
                .isEqualTo(expected);
    }

    @Test
    void aFailureCarriesItsReasonAndFailureLocation() {
        Notification notification = Notification.parse("{\"invocationStatus\":\"Failed\",\"inferenceId\":\"i\","
                + "\"failureReason\":\"ClientError: bad input\",\"responseParameters\":{\"failureLocation\":\"s3://b/f/x-error.out\"},"
                + "\"eventName\":\"InferenceResult\"}");

        assertThat(notification.status()).isEqualTo(ResultStatus.Failed);
        assertThat(notification.failureReason()).isEqualTo("ClientError: bad input");
        assertThat(notification.location()).isEqualTo("s3://b/f/x-error.out");
    }

    @Test
    void theTestNotificationIsRecognized() {
        assertThat(Notification.parse("{\"eventVersion\":\"1.0\",\"eventSource\":\"aws:sagemaker\","
                + "\"eventName\":\"TestNotification\"}").isTest()).isTrue();
    }

    static Stream<Arguments> notNotifications() {
        return Stream.of(
                Arguments.of("hello", "not JSON: "),
                Arguments.of("[1,2]", "not a JSON object"),
                Arguments.of("{\"eventName\":\"InferenceResult\"}", "invocationStatus is 'null', not Completed or Failed"),
                Arguments.of("{\"invocationStatus\":\"InProgress\"}", "invocationStatus is 'InProgress', not Completed or Failed"),
                Arguments.of("{\"invocationStatus\":\"Completed\",\"responseParameters\":{}}",
                        "a Completed notification without responseParameters.outputLocation"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notNotifications")
    void whatIsNotASageMakerNotificationIsRefusedWithTheReason(String body, String reason) {
        assertThatThrownBy(() -> Notification.parse(body)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(reason);
    }

    private static String quoted(String json) {
        return "\"" + json.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
