package io.github.sagemakerasync.emulator;

import java.util.List;

/**
 * An error answered as AWS answers it for a rest-json service: the HTTP status, the {@code X-Amzn-ErrorType}
 * header and a JSON {@code message} (null in the JSON when null, as AWS sends some throttling errors). The AWS SDKs turn the error type into their modelled exception.
 */
final class ApiError extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private static final int MAX_VALUE_IN_MESSAGE = 128;

    private final int status;
    private final String errorType;

    ApiError(int status, String errorType, String message) {
        super(message, null, false, false);
        this.status = status;
        this.errorType = errorType;
    }

    static ApiError validation(String message) {
        return new ApiError(400, "ValidationError", message);
    }

    /** AWS's error for members that fail their constraints: {@code 2 validation errors detected: ...; ...}. */
    static ApiError violations(String errorType, List<String> violations) {
        int count = violations.size();
        return new ApiError(400, errorType, count + " validation error" + (count == 1 ? "" : "s") + " detected: "
                + String.join("; ", violations));
    }

    /**
     * How AWS begins a member's violation: the value quoted (cut after {@value #MAX_VALUE_IN_MESSAGE} characters),
     * except for sensitive members.
     */
    static String valueAt(String member, String value, boolean sensitive) {
        if (sensitive || value == null) {
            return "Value at '" + member + "' failed to satisfy constraint: ";
        }
        String shown = value.length() <= MAX_VALUE_IN_MESSAGE ? value : value.substring(0, MAX_VALUE_IN_MESSAGE) + "...";
        return "Value '" + shown + "' at '" + member + "' failed to satisfy constraint: ";
    }

    static ApiError internalFailure(String message) {
        return new ApiError(500, "InternalFailure", message);
    }

    static ApiError unknownOperation() {
        return new ApiError(404, "UnknownOperationException", "Unknown operation");
    }

    int status() {
        return status;
    }

    String errorType() {
        return errorType;
    }
}
