package io.github.sagemakerasync.emulator;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * SageMaker's completion notifications as an SNS topic delivers them to subscribed SQS queues: a real SQS-compatible
 * server (ElasticMQ) in this JVM on 127.0.0.1, the queues of the subscriptions, and a publish that sends each
 * notification to every queue subscribed to its topic, in the SNS envelope or raw.
 */
final class Notifications implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Notifications.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** The largest response SageMaker includes in a notification (IncludeInferenceResponseIn). */
    static final int MAX_INCLUDED_RESPONSE_BYTES = 128 * 1024;

    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() { };

    private final List<Subscription> subscriptions;
    private final String region;
    private final Clock clock;
    private final SQSRestServer server;
    private final SqsEdge edge;
    /** Null without a data directory. */
    private final NumberedFiles outbox;
    private final URI endpoint;
    /** ElasticMQ itself, behind the edge: the emulator's own publishing is neither counted nor faulted. */
    private final URI direct;
    /**
     * The emulator's own calls to ElasticMQ (create a queue, send a message) go over its SQS JSON protocol with the
     * JDK's client: an AWS SDK module here would be one more on the classpath of every test that uses the emulator.
     */
    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<String, String> queueUrls = new LinkedHashMap<>();

    /**
     * @param outbox where published notifications are kept across a restart (see {@link #republishUndelivered}), or
     *               null to keep none
     */
    Notifications(List<Subscription> subscriptions, int port, String region, Clock clock, RequestCounters counters,
                  NetworkConditions conditions, Path outbox) throws Exception {
        this.subscriptions = List.copyOf(subscriptions);
        this.outbox = outbox == null ? null : new NumberedFiles(outbox);
        this.region = region;
        this.clock = clock;
        int published = port != 0 ? port : freePort();
        int internal = freePort();
        // queue URLs name the edge's address, which clients reach; ElasticMQ itself listens behind it
        server = SQSRestServerBuilder.withInterface("127.0.0.1").withPort(internal)
                .withServerAddress(new NodeAddress("http", "127.0.0.1", published, "")).withAWSRegion(region)
                .withAWSAccountId(EndpointDescriptions.ACCOUNT_ID).start();
        server.waitUntilStarted();
        direct = URI.create("http://127.0.0.1:" + internal);
        edge = SqsEdge.start(published, direct, counters, conditions);
        endpoint = URI.create("http://127.0.0.1:" + published);
        for (Subscription subscription : this.subscriptions) {
            if (!queueUrls.containsKey(subscription.queueName())) {
                Map<String, Object> created = call("CreateQueue", Map.of("QueueName", subscription.queueName()));
                queueUrls.put(subscription.queueName(), (String) created.get("QueueUrl"));
            }
        }
    }

    /** One call of the SQS JSON protocol to ElasticMQ, which asks for no signature; its answer as a map. */
    private Map<String, Object> call(String operation, Map<String, Object> input) {
        HttpRequest request = HttpRequest.newBuilder(direct)
                .header("Content-Type", "application/x-amz-json-1.0")
                .header("X-Amz-Target", "AmazonSQS." + operation)
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(input)))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("SQS " + operation + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("SQS " + operation + " was interrupted", e);
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException("SQS " + operation + " failed with HTTP " + response.statusCode() + ": "
                    + response.body());
        }
        return response.body().isBlank() ? Map.of() : JSON.readValue(response.body(), JSON_OBJECT);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    URI endpoint() {
        return endpoint;
    }

    /** The URL of a subscribed queue, or null. */
    String queueUrl(String queueName) {
        return queueUrls.get(queueName);
    }

    Map<String, String> queueUrls() {
        return Map.copyOf(queueUrls);
    }

    /** SageMaker's test notification, sent to every topic of an endpoint when it is created. */
    void sendTestNotifications(AsyncEndpointConfig endpoint) {
        NotificationConfig config = endpoint.notifications();
        Map<String, Object> test = new LinkedHashMap<>();
        test.put("eventVersion", "1.0");
        test.put("eventSource", "aws:sagemaker");
        test.put("eventName", "TestNotification");
        if (config.successTopic() != null) {
            publish(config.successTopic(), test);
        }
        if (config.errorTopic() != null && !config.errorTopic().equals(config.successTopic())) {
            publish(config.errorTopic(), test);
        }
    }

    /** Publishes a completed inference to the endpoint's success topic, if it has one. */
    void completed(AsyncEndpointConfig endpoint, AcceptedInvocation invocation, byte[] response, String contentType) {
        NotificationConfig config = endpoint.notifications();
        if (config == null || config.successTopic() == null) {
            return;
        }
        Map<String, Object> responseParameters = new LinkedHashMap<>();
        responseParameters.put("contentType", contentType);
        responseParameters.put("outputLocation", invocation.outputLocation().toString());
        Map<String, Object> notification = notification(endpoint, invocation, "Completed", responseParameters);
        if (config.includesResponse(true)) {
            include(notification, response);
        }
        publish(config.successTopic(), notification, invocation.outputLocation());
    }

    /** Publishes a failed inference to the endpoint's error topic, if it has one. */
    void failed(AsyncEndpointConfig endpoint, AcceptedInvocation invocation, String reason, byte[] response,
                String contentType) {
        NotificationConfig config = endpoint.notifications();
        if (config == null || config.errorTopic() == null) {
            return;
        }
        Map<String, Object> responseParameters = new LinkedHashMap<>();
        responseParameters.put("contentType", contentType);
        if (invocation.failureLocation() != null) {
            responseParameters.put("failureLocation", invocation.failureLocation().toString());
        }
        Map<String, Object> notification = notification(endpoint, invocation, "Failed", responseParameters);
        notification.put("failureReason", reason);
        if (config.includesResponse(false)) {
            include(notification, response);
        }
        publish(config.errorTopic(), notification, invocation.failureLocation());
    }

    private Map<String, Object> notification(AsyncEndpointConfig endpoint, AcceptedInvocation invocation, String status,
                                             Map<String, Object> responseParameters) {
        InvocationRequest request = invocation.request();
        Map<String, Object> requestParameters = new LinkedHashMap<>();
        if (request.contentType() != null) {
            requestParameters.put("contentType", request.contentType());
        }
        requestParameters.put("endpointName", endpoint.name());
        if (request.inputLocation() != null) {
            requestParameters.put("inputLocation", request.inputLocation());
        }
        Map<String, Object> notification = new LinkedHashMap<>();
        notification.put("awsRegion", region);
        notification.put("eventTime", clock.instant().toString());
        notification.put("receivedTime", invocation.receivedAt().toString());
        notification.put("invocationStatus", status);
        notification.put("requestParameters", requestParameters);
        notification.put("responseParameters", responseParameters);
        notification.put("inferenceId", invocation.inferenceId());
        notification.put("eventVersion", "1.0");
        notification.put("eventSource", "aws:sagemaker");
        notification.put("eventName", "InferenceResult");
        return notification;
    }

    /** The response, base64-encoded, when it is at most 128 KB (see the README for why this shape). */
    private static void include(Map<String, Object> notification, byte[] response) {
        if (response.length <= MAX_INCLUDED_RESPONSE_BYTES) {
            notification.put("responseBody", Map.of("content", Base64.getEncoder().encodeToString(response),
                    "encoding", "BASE64"));
        }
    }

    private void publish(String topicArn, Map<String, Object> notification) {
        send(topicArn, JSON.writeValueAsString(notification));
    }

    /**
     * Publishes a result's notification; with an outbox, keeps it first, so that a restart after a kill can publish it
     * again while its result is still in S3 (see {@link #republishUndelivered}).
     */
    private void publish(String topicArn, Map<String, Object> notification, S3Location result) {
        String message = JSON.writeValueAsString(notification);
        if (outbox != null) {
            Map<String, Object> kept = new LinkedHashMap<>();
            kept.put("topicArn", topicArn);
            kept.put("message", message);
            kept.put("result", result == null ? null : result.toString());
            outbox.add(JSON.writeValueAsBytes(kept));
        }
        send(topicArn, message);
    }

    /**
     * After a restart: the queues lived in memory and are empty, so each kept notification whose result is still in S3
     * (not yet delivered and deleted by a consumer) is published again, oldest first; the others are forgotten. SQS
     * would have kept them; a consumer that had received one before the kill may get it twice, as from SQS after a
     * visibility timeout. Returns how many were published again.
     */
    int republishUndelivered(ObjectStorage storage) {
        if (outbox == null) {
            return 0;
        }
        int republished = 0;
        for (NumberedFiles.Numbered record : outbox.all()) {
            Map<String, Object> kept = JSON.readValue(record.content(), JSON_OBJECT);
            String result = (String) kept.get("result");
            if (result != null && storage.metadata(S3Location.parse(result)).isPresent()) {
                send((String) kept.get("topicArn"), (String) kept.get("message"));
                republished++;
            } else {
                outbox.remove(record.number());
            }
        }
        return republished;
    }

    private void send(String topicArn, String message) {
        for (Subscription subscription : subscriptions) {
            if (!subscription.topicArn().equals(topicArn)) {
                continue;
            }
            String body = subscription.rawMessageDelivery() ? message : envelope(topicArn, message);
            try {
                call("SendMessage", Map.of("QueueUrl", queueUrls.get(subscription.queueName()), "MessageBody", body));
            } catch (RuntimeException e) {
                LOG.warn("Could not deliver a notification of {} to queue {}", topicArn, subscription.queueName(), e);
            }
        }
    }

    /** The JSON SNS wraps a message in for an SQS subscription without raw message delivery. */
    private String envelope(String topicArn, String message) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("Type", "Notification");
        envelope.put("MessageId", UUID.randomUUID().toString());
        envelope.put("TopicArn", topicArn);
        envelope.put("Message", message);
        envelope.put("Timestamp", Instant.now(clock).toString());
        envelope.put("SignatureVersion", "1");
        // the emulator does not sign: SNS signs with a certificate only AWS holds
        envelope.put("Signature", "NOT-SIGNED-BY-THE-EMULATOR");
        envelope.put("SigningCertURL", "https://sns." + region + ".amazonaws.com/emulator-does-not-sign.pem");
        envelope.put("UnsubscribeURL", "https://sns." + region + ".amazonaws.com/?Action=Unsubscribe&SubscriptionArn="
                + topicArn + ":" + UUID.nameUUIDFromBytes(topicArn.getBytes(StandardCharsets.UTF_8)));
        return JSON.writeValueAsString(envelope);
    }

    @Override
    public void close() throws Exception {
        edge.close();
        server.stopAndWait();
    }

    /**
     * An SQS queue subscribed to an SNS topic.
     *
     * @param rawMessageDelivery the subscription's RawMessageDelivery attribute: the notification as the message
     *                           body, not wrapped in the SNS envelope
     */
    record Subscription(String topicArn, String queueName, boolean rawMessageDelivery) {
        Subscription {
            if (!NotificationConfig.TOPIC_ARN.matcher(topicArn).matches()) {
                throw new IllegalArgumentException("topic '" + topicArn + "' must be an SNS topic ARN");
            }
        }
    }
}
