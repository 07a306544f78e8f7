package io.github.sagemakerasync.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.github.sagemakerasync.emulator.NotificationConfig.IncludeResponseIn;
import io.github.sagemakerasync.emulator.model.SentimentModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointAsyncResponse;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.SqsException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Completion notifications, delivered as SNS delivers them to subscribed SQS queues, read with the AWS SDK's SQS client. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NotificationsTest {

    private static final String SUCCESS = "arn:aws:sns:us-east-1:000000000000:inference-success";
    private static final String ERROR = "arn:aws:sns:us-east-1:000000000000:inference-error";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() { };

    private SageMakerAsyncEmulator emulator;
    private SageMakerRuntimeClient sageMaker;
    private SqsClient sqs;

    @BeforeAll
    void start() throws Exception {
        emulator = SageMakerAsyncEmulator.builder()
                .endpoint(AsyncEndpointConfig.builder("reviews")
                        .s3OutputPath("s3://results/reviews/output")
                        .s3FailurePath("s3://results/reviews/failures")
                        .notifications(NotificationConfig.of(SUCCESS, ERROR)
                                .includingResponseIn(IncludeResponseIn.SUCCESS_NOTIFICATION_TOPIC))
                        .model(new SentimentModel())
                        .build())
                .subscribe(SUCCESS, "results")
                .subscribe(ERROR, "results")
                .subscribeRaw(SUCCESS, "raw-results")
                .start();
        sageMaker = TestClients.sageMaker(emulator);
        sqs = TestClients.sqs(emulator);
    }

    @AfterAll
    void stop() {
        sqs.close();
        sageMaker.close();
        emulator.close();
    }

    @Test
    void aCompletedInferenceIsNotifiedInTheSnsEnvelopeWithItsResponse() throws Exception {
        drainTestNotifications();
        InvokeEndpointAsyncResponse accepted = sageMaker.invokeEndpointAsync(r -> r.endpointName("reviews")
                .contentType("application/json").inferenceId("n-1").body(SdkBytes.fromUtf8String("{\"text\":\"great\"}")));

        Map<String, Object> envelope = JSON.readValue(receiveOne("results").body(), OBJECT);
        assertThat(envelope).containsEntry("Type", "Notification").containsEntry("TopicArn", SUCCESS)
                .containsKeys("MessageId", "Timestamp", "SignatureVersion", "Signature", "SigningCertURL", "UnsubscribeURL");
        Map<String, Object> notification = JSON.readValue((String) envelope.get("Message"), OBJECT);
        assertThat(notification).containsEntry("invocationStatus", "Completed").containsEntry("inferenceId", "n-1")
                .containsEntry("eventName", "InferenceResult").containsEntry("eventSource", "aws:sagemaker")
                .containsEntry("awsRegion", "us-east-1").containsKeys("eventTime", "receivedTime");
        assertThat(notification.get("requestParameters")).isEqualTo(Map.of("contentType", "application/json",
                "endpointName", "reviews"));
        assertThat(notification.get("responseParameters")).isEqualTo(Map.of("contentType", "application/json",
                "outputLocation", accepted.outputLocation()));
        @SuppressWarnings("unchecked")
        Map<String, Object> response = (Map<String, Object>) notification.get("responseBody");
        assertThat(response).containsEntry("encoding", "BASE64");
        assertThat(new String(Base64.getDecoder().decode((String) response.get("content")), StandardCharsets.UTF_8))
                .isEqualTo(new String(emulator.readObject(accepted.outputLocation()).orElseThrow(), StandardCharsets.UTF_8));

        // raw message delivery: the same notification, unwrapped
        Map<String, Object> raw = JSON.readValue(receiveOne("raw-results").body(), OBJECT);
        assertThat(raw).containsEntry("inferenceId", "n-1").containsEntry("invocationStatus", "Completed");
    }

    @Test
    void aFailedInferenceIsNotifiedOnTheErrorTopicWithItsReasonAndFailureLocation() throws Exception {
        drainTestNotifications();
        InvokeEndpointAsyncResponse accepted = sageMaker.invokeEndpointAsync(r -> r.endpointName("reviews")
                .contentType("application/json").inferenceId("n-2").body(SdkBytes.fromUtf8String("{broken")));

        Map<String, Object> envelope = JSON.readValue(receiveOne("results").body(), OBJECT);
        assertThat(envelope).containsEntry("TopicArn", ERROR);
        Map<String, Object> notification = JSON.readValue((String) envelope.get("Message"), OBJECT);
        assertThat(notification).containsEntry("invocationStatus", "Failed").containsEntry("inferenceId", "n-2")
                .doesNotContainKey("responseBody");
        assertThat((String) notification.get("failureReason")).startsWith("Invalid JSON input");
        assertThat(notification.get("responseParameters")).isEqualTo(Map.of("contentType", "text/plain; charset=utf-8",
                "failureLocation", accepted.failureLocation()));
    }

    @Test
    void describeEndpointConfigReportsTheNotificationConfig() {
        try (SageMakerClient api = TestClients.sageMakerApi(emulator)) {
            var notifications = api.describeEndpointConfig(r -> r.endpointConfigName("reviews-config"))
                    .asyncInferenceConfig().outputConfig().notificationConfig();

            assertThat(notifications.successTopic()).isEqualTo(SUCCESS);
            assertThat(notifications.errorTopic()).isEqualTo(ERROR);
            assertThat(notifications.includeInferenceResponseInAsStrings()).containsExactly("SUCCESS_NOTIFICATION_TOPIC");
        }
    }

    @Test
    void theSqsEdgeCountsRequestsAndAnswersInjectedFaultsAsSqsDoes() {
        String url = emulator.queueUrl("raw-results");
        emulator.counters().reset();
        try (SqsClient withoutRetries = SqsClient.builder().endpointOverride(emulator.sqsEndpoint())
                .region(Region.of(emulator.region())).credentialsProvider(TestClients.credentials(emulator))
                .overrideConfiguration(o -> o.retryStrategy(DefaultRetryStrategy.doNotRetry())).build()) {
            emulator.sqsNetwork().failNext(1, InjectedFault.THROTTLING, "GetQueueAttributes");
            assertThatThrownBy(() -> withoutRetries.getQueueAttributes(r -> r.queueUrl(url)))
                    .isInstanceOfSatisfying(SqsException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(400);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
                        assertThat(e.isThrottlingException()).isTrue();
                    });
            emulator.sqsNetwork().failNext(1, InjectedFault.SERVICE_UNAVAILABLE);
            assertThatThrownBy(() -> withoutRetries.getQueueAttributes(r -> r.queueUrl(url)))
                    .isInstanceOfSatisfying(SqsException.class, e -> assertThat(e.statusCode()).isEqualTo(503));
            emulator.sqsNetwork().failNext(1, InjectedFault.INTERNAL_ERROR);
            assertThatThrownBy(() -> withoutRetries.getQueueAttributes(r -> r.queueUrl(url)))
                    .isInstanceOfSatisfying(SqsException.class, e -> assertThat(e.awsErrorDetails().errorCode())
                            .isEqualTo("InternalFailure"));
        }
        // the SDK retries each: two faults, then the answer
        emulator.sqsNetwork().failNext(2, InjectedFault.INTERNAL_ERROR);
        assertThat(sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNamesWithStrings("All")).attributes()).isNotEmpty();

        assertThat(emulator.counters().get(Api.SQS, "GetQueueAttributes")).isEqualTo(6);
        assertThat(emulator.counters().total(Api.SQS)).isEqualTo(6);
    }

    /** SageMaker sends a TestNotification to each topic when the endpoint is created: read once, then none arrives. */
    private final List<String> testNotifications = new ArrayList<>();

    private void drainTestNotifications() throws Exception {
        if (!testNotifications.isEmpty()) {
            return;
        }
        for (String queue : List.of("results", "results", "raw-results")) {
            String body = receiveOne(queue).body();
            testNotifications.add(body);
            assertThat(body).contains("TestNotification");
        }
    }

    private Message receiveOne(String queue) {
        String url = emulator.queueUrl(queue);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(1).waitTimeSeconds(1)).messages();
            if (!messages.isEmpty()) {
                sqs.deleteMessage(r -> r.queueUrl(url).receiptHandle(messages.get(0).receiptHandle()));
                return messages.get(0);
            }
        }
        throw new AssertionError("no message on " + queue + " within 30 s");
    }
}
