package io.github.sagemakerasync.emulator;

import java.time.Instant;

/**
 * An invocation accepted into an endpoint's queue, with the locations its result will be written to.
 *
 * @param failureLocation null when the endpoint has no failure path
 * @param journalEntry    its number in the endpoint's {@link InvocationJournal}, or -1 when it is not journaled
 */
record AcceptedInvocation(InvocationRequest request, String inferenceId, S3Location outputLocation,
                          S3Location failureLocation, Instant receivedAt, long journalEntry) {

    AcceptedInvocation(InvocationRequest request, String inferenceId, S3Location outputLocation, S3Location failureLocation,
                       Instant receivedAt) {
        this(request, inferenceId, outputLocation, failureLocation, receivedAt, -1);
    }

    AcceptedInvocation journaledAs(long entry) {
        return new AcceptedInvocation(request, inferenceId, outputLocation, failureLocation, receivedAt, entry);
    }
}
