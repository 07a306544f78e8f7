package io.github.sagemakerasync.camel;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Map;

import org.apache.camel.util.json.DeserializationException;
import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;

/**
 * A SageMaker completion notification as an SQS queue receives it: in the SNS envelope, or raw (raw message delivery).
 *
 * @param outputLocation  where the output is (Completed), or null
 * @param failureLocation where the failure object is (Failed, with an S3FailurePath), or null
 * @param response        the inference response when the notification includes it and its encoding is understood,
 *                        else null: it is then read from S3
 * @param inputLocation   the request's InputLocation (requestParameters.inputLocation), or null for an inline body
 */
record Notification(String eventName, ResultStatus status, String inferenceId, String outputLocation,
                    String failureLocation, String failureReason, String contentType, byte[] response, Instant eventTime,
                    String inputLocation) {

    static final String TEST = "TestNotification";

    /** Parses a message body; IllegalArgumentException says why it is not a SageMaker notification. */
    static Notification parse(String body) {
        JsonObject json = object(body);
        if ("Notification".equals(json.getString("Type")) && json.get("Message") instanceof String message) {
            json = object(message);
        }
        String eventName = json.getString("eventName");
        if (TEST.equals(eventName)) {
            return new Notification(eventName, null, null, null, null, null, null, null, null, null);
        }
        String status = json.getString("invocationStatus");
        if (!"Completed".equals(status) && !"Failed".equals(status)) {
            throw new IllegalArgumentException("invocationStatus is '" + status + "', not Completed or Failed");
        }
        Map<?, ?> response = json.get("responseParameters") instanceof Map<?, ?> map ? map : Map.of();
        String output = text(response.get("outputLocation"));
        String failure = text(response.get("failureLocation"));
        if ("Completed".equals(status) && output == null) {
            throw new IllegalArgumentException("a Completed notification without responseParameters.outputLocation");
        }
        Map<?, ?> request = json.get("requestParameters") instanceof Map<?, ?> map ? map : Map.of();
        return new Notification(eventName, ResultStatus.valueOf(status), json.getString("inferenceId"), output, failure,
                json.getString("failureReason"), text(response.get("contentType")), response(json.get("responseBody")),
                instant(json.getString("eventTime")), text(request.get("inputLocation")));
    }

    boolean isTest() {
        return TEST.equals(eventName);
    }

    /** Where the result object is, or null (a failure of an endpoint without S3FailurePath). */
    String location() {
        return status == ResultStatus.Completed ? outputLocation : failureLocation;
    }

    private static JsonObject object(String text) {
        try {
            if (Jsoner.deserialize(text) instanceof JsonObject object) {
                return object;
            }
        } catch (DeserializationException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("not a JSON object");
    }

    /**
     * The included response. AWS documents that it is included (up to 128 KB) but not its shape: {"content",
     * "encoding": "BASE64"} is read; any other shape is ignored, and the response is read from S3 instead.
     */
    private static byte[] response(Object body) {
        if (body instanceof Map<?, ?> map && map.get("content") instanceof String content) {
            if ("BASE64".equalsIgnoreCase(text(map.get("encoding")))) {
                try {
                    return Base64.getDecoder().decode(content);
                } catch (IllegalArgumentException e) {
                    return null;
                }
            }
            if (map.get("encoding") == null) {
                return content.getBytes(StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static String text(Object value) {
        return value instanceof String text ? text : null;
    }

    private static Instant instant(String value) {
        try {
            return value == null ? null : Instant.parse(value);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
