package io.github.sagemakerasync.camel;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the producer knew about an invocation, kept until its result is delivered: SageMaker names results with a uuid
 * that is not the InferenceId, so a result is matched to its request by its location (a failure that names none, of
 * an endpoint without S3FailurePath, by its InferenceId).
 *
 * @param failureLocation where a failure will be written, or null when the endpoint has no S3FailurePath (SageMaker
 *                        then writes no failure object)
 * @param payloadMode   how the request's payload travelled
 * @param uploadedInput the input object the producer uploaded, or null
 * @param headers       the request headers chosen with {@code correlationHeaders}, as strings
 * @param acceptedAt    when SageMaker accepted the request (this instance's clock), or null when not known
 * @param traceContext  the request's trace context as W3C headers ({@code traceparent}, {@code tracestate}), as
 *                      Camel's tracing set them on the sending exchange; empty when it was not traced
 */
public record Correlation(String inferenceId, String outputLocation, String failureLocation, PayloadMode payloadMode,
                          String uploadedInput, Map<String, String> headers, Instant acceptedAt,
                          Map<String, String> traceContext) {

    public Correlation {
        Objects.requireNonNull(outputLocation, "outputLocation");
        headers = Map.copyOf(headers);
        traceContext = traceContext == null ? Map.of() : Map.copyOf(traceContext);
    }

    /** A correlation of a request that was not traced. */
    public Correlation(String inferenceId, String outputLocation, String failureLocation, PayloadMode payloadMode,
                       String uploadedInput, Map<String, String> headers, Instant acceptedAt) {
        this(inferenceId, outputLocation, failureLocation, payloadMode, uploadedInput, headers, acceptedAt, Map.of());
    }

    /** A correlation whose acceptance time is not known. */
    public Correlation(String inferenceId, String outputLocation, String failureLocation, PayloadMode payloadMode,
                       String uploadedInput, Map<String, String> headers) {
        this(inferenceId, outputLocation, failureLocation, payloadMode, uploadedInput, headers, null);
    }

    /** Failed when the result is at the failure location, Completed otherwise. */
    ResultStatus statusOf(String resultLocation) {
        return resultLocation.equals(failureLocation) ? ResultStatus.Failed : ResultStatus.Completed;
    }

    /** The locations this correlation is found by: the output location, and the failure location when there is one. */
    public List<String> locations() {
        return failureLocation == null ? List.of(outputLocation) : List.of(outputLocation, failureLocation);
    }
}
