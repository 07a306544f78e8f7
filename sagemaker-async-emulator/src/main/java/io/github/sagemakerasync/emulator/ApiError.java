package io.github.sagemakerasync.emulator;

/**
 * An error answered as AWS answers it for a rest-json service: the HTTP status, the {@code X-Amzn-ErrorType}
 * header and a JSON {@code message} (null in the JSON when null, as AWS sends some throttling errors). The AWS SDKs turn the error type into their modelled exception.
 */
final class ApiError extends RuntimeException {

    private static final long serialVersionUID = 1L;

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
