package io.github.sagemakerasync.emulator;

import java.time.Instant;

/**
 * An invocation accepted into an endpoint's queue, with the locations its result will be written to.
 *
 * @param failureLocation null when the endpoint has no failure path
 */
record AcceptedInvocation(InvocationRequest request, String inferenceId, S3Location outputLocation,
                          S3Location failureLocation, Instant receivedAt) {
}
