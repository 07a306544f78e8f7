package io.github.sagemakerasync.emulator;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads InvokeEndpointAsync's members from the request headers and body, and checks each against the
 * constraints of the sagemaker-runtime service model. All violations are reported in one
 * {@code ValidationError}, worded as AWS words them:
 * {@code 1 validation error detected: Value '5' at 'requestTTLSeconds' failed to satisfy constraint: ...}.
 */
final class InvocationRequestReader {

    static final String HEADER_PREFIX = "X-Amzn-SageMaker-";
    static final int MAX_INLINE_BODY_BYTES = 128_000;

    private static final Pattern ASCII = Pattern.compile("\\p{ASCII}*");
    private static final Pattern INFERENCE_ID = Pattern.compile("\\A\\S[\\p{Print}]*\\z");
    private static final Pattern INPUT_LOCATION = Pattern.compile("^(https|s3)://([^/]+)/?(.*)$");
    private static final Pattern S3_OUTPUT_PATH_EXTENSION = Pattern.compile("^(?!s3:|https:)[a-zA-Z0-9!_.*'()/-]+$");
    private static final Pattern FILENAME = Pattern.compile("^(?!.*\\..*\\.)[a-zA-Z0-9][a-zA-Z0-9-_\\.]*$");

    private final List<String> violations = new ArrayList<>();
    private final Function<String, String> header;

    private InvocationRequestReader(Function<String, String> header) {
        this.header = header;
    }

    /**
     * @param header the first value of a request header, by case-insensitive name, or null
     * @param body   the payload, or null when the request has none
     * @throws ApiError a ValidationError naming every violated constraint
     */
    static InvocationRequest read(String endpointName, Function<String, String> header, byte[] body) {
        return new InvocationRequestReader(header).read(endpointName, body);
    }

    private InvocationRequest read(String endpointName, byte[] body) {
        if (endpointName.length() > AsyncEndpointConfig.ENDPOINT_NAME_MAX) {
            tooLong("endpointName", endpointName, AsyncEndpointConfig.ENDPOINT_NAME_MAX, false);
        }
        pattern("endpointName", endpointName, AsyncEndpointConfig.ENDPOINT_NAME, false);
        String contentType = text("Content-Type", "contentType", 0, 1024, ASCII, false);
        String accept = text("Accept", "accept", 0, 1024, ASCII, false);
        String customAttributes = text("Custom-Attributes", "customAttributes", 0, 1024, ASCII, true);
        String inferenceId = text("Inference-Id", "inferenceId", 1, 64, INFERENCE_ID, false);
        String inputLocation = text("InputLocation", "inputLocation", 1, 1024, INPUT_LOCATION, false);
        String extension = text("S3OutputPathExtension", "s3OutputPathExtension", 1, 512, S3_OUTPUT_PATH_EXTENSION, false);
        String filename = text("Filename", "filename", 1, 32, FILENAME, false);
        Integer ttl = integer("RequestTTLSeconds", "requestTTLSeconds", InvocationRequest.MIN_REQUEST_TTL_SECONDS,
                InvocationRequest.DEFAULT_REQUEST_TTL_SECONDS);
        Integer timeout = integer("InvocationTimeoutSeconds", "invocationTimeoutSeconds", 1, 3_600);
        if (body != null && body.length > MAX_INLINE_BODY_BYTES) {
            tooLong("body", null, MAX_INLINE_BODY_BYTES, true);
        }
        if (!violations.isEmpty()) {
            throw ApiError.violations("ValidationError", violations);
        }
        if (body != null && inputLocation != null) {
            throw ApiError.validation("Body and InputLocation are mutually exclusive: provide exactly one of them.");
        }
        if (body == null && inputLocation == null) {
            throw ApiError.validation("Either Body or InputLocation must be provided.");
        }
        return new InvocationRequest(endpointName, contentType, accept, customAttributes, inferenceId,
                inputLocation, extension, filename, ttl, timeout, body);
    }

    private String text(String headerSuffix, String member, int min, int max, Pattern pattern, boolean sensitive) {
        String value = header.apply(HEADER_PREFIX + headerSuffix);
        if (value == null) {
            return null;
        }
        if (value.length() < min) {
            violations.add(ApiError.valueAt(member, value, sensitive) + "Member must have length greater than or equal to " + min);
        } else if (value.length() > max) {
            tooLong(member, value, max, sensitive);
        } else {
            pattern(member, value, pattern, sensitive);
        }
        return value;
    }

    private Integer integer(String headerSuffix, String member, int min, int max) {
        String value = header.apply(HEADER_PREFIX + headerSuffix);
        if (value == null) {
            return null;
        }
        int number;
        try {
            number = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            violations.add(ApiError.valueAt(member, value, false) + "Member must be an integer");
            return null;
        }
        if (number < min) {
            violations.add(ApiError.valueAt(member, value, false) + "Member must have value greater than or equal to " + min);
        } else if (number > max) {
            violations.add(ApiError.valueAt(member, value, false) + "Member must have value less than or equal to " + max);
        }
        return number;
    }

    private void pattern(String member, String value, Pattern pattern, boolean sensitive) {
        if (!pattern.matcher(value).matches()) {
            violations.add(ApiError.valueAt(member, value, sensitive)
                    + "Member must satisfy regular expression pattern: " + pattern.pattern());
        }
    }

    private void tooLong(String member, String value, int max, boolean sensitive) {
        violations.add(ApiError.valueAt(member, value, sensitive) + "Member must have length less than or equal to " + max);
    }
}
