package io.github.sagemakerasync.camel;

/**
 * A message not sent because its endpoint had maxPendingInvocations requests pending: at once with
 * pendingBoundAction=fail, after pendingParkTimeout with park, or when the producer stopped while it waited.
 */
public class MaxPendingInvocationsException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int pending;
    private final int maxPendingInvocations;

    public MaxPendingInvocationsException(String message, int pending, int maxPendingInvocations) {
        super(message);
        this.pending = pending;
        this.maxPendingInvocations = maxPendingInvocations;
    }

    /** The requests found pending (or taking a place) at the last count, -1 when the producer stopped. */
    public int getPending() {
        return pending;
    }

    public int getMaxPendingInvocations() {
        return maxPendingInvocations;
    }
}
