package io.github.sagemakerasync.camel;

/** What a message does when its endpoint has maxPendingInvocations requests pending. */
public enum PendingBoundAction {
    /** Waits, holding no thread, until a result frees a place, at most pendingParkTimeout. */
    park,
    /** Fails at once with {@link MaxPendingInvocationsException}. */
    fail
}
