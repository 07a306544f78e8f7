package io.github.sagemakerasync.emulator;

/**
 * InvokeEndpointAsync's input, as read from the HTTP request and checked against the service model.
 * Absent optional members are null; {@code body} is null when the request has no payload.
 */
record InvocationRequest(String endpointName, String contentType, String accept, String customAttributes,
                         String inferenceId, String inputLocation, String s3OutputPathExtension, String filename,
                         Integer requestTtlSeconds, Integer invocationTimeoutSeconds, byte[] body) {

    /** The least RequestTTLSeconds SageMaker takes. */
    static final int MIN_REQUEST_TTL_SECONDS = 60;
    /** The default of RequestTTLSeconds: 6 hours. */
    static final int DEFAULT_REQUEST_TTL_SECONDS = 21_600;
    /** The default of InvocationTimeoutSeconds: 15 minutes. */
    static final int DEFAULT_INVOCATION_TIMEOUT_SECONDS = 900;

    int effectiveRequestTtlSeconds() {
        return requestTtlSeconds == null ? DEFAULT_REQUEST_TTL_SECONDS : requestTtlSeconds;
    }

    int effectiveInvocationTimeoutSeconds() {
        return invocationTimeoutSeconds == null ? DEFAULT_INVOCATION_TIMEOUT_SECONDS : invocationTimeoutSeconds;
    }
}
