package io.github.sagemakerasync.camel;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The producer's side of maxPendingInvocations: before a message is sent, a place is taken in the correlation store
 * ({@link CorrelationStore#reservePlace}, atomic among all that share the store); the producer releases it once the
 * request is recorded or refused. Without a place, the message fails at once (pendingBoundAction=fail) or is parked:
 * kept here with its callback, no thread held, first in first out, and tried again every {@value #RETRY_MILLIS} ms and
 * whenever this producer releases a place, until it gets one or its pendingParkTimeout passes.
 *
 * <p>After a crash: the store holds the correlations of the requests sent before it (a durable store does), so their
 * results free their places as they are delivered; a place taken and never released (the process died between the
 * reservation and the recording) is freed when its lease of {@link #LEASE} ends.
 */
final class PendingInvocationsBound {

    private static final Logger LOG = LoggerFactory.getLogger(PendingInvocationsBound.class);
    /** Longer than any upload and invocation of one request; only a dead producer's place lives that long. */
    static final Duration LEASE = Duration.ofMinutes(10);
    private static final long RETRY_MILLIS = 100;

    private final String endpointName;
    private final int max;
    private final PendingBoundAction action;
    private final long parkTimeoutNanos;
    private final Supplier<CorrelationStore> store;
    private final ScheduledExecutorService timer;
    private final Deque<Parked> parked = new ArrayDeque<>();
    private ScheduledFuture<?> retry;
    private boolean stopped;
    /** The count of the last reservation refused, for the timeout's message. */
    private volatile int lastFound;

    PendingInvocationsBound(SageMakerAsyncConfiguration options, Supplier<CorrelationStore> store,
                            ScheduledExecutorService timer) {
        this.endpointName = options.getEndpointName();
        this.max = options.getMaxPendingInvocations();
        this.action = options.getPendingBoundAction();
        this.parkTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(options.getPendingParkTimeout());
        this.store = store;
        this.timer = timer;
    }

    /**
     * Calls {@code send} with the place taken (to release later) now or, parked, once a place frees; or fails the
     * exchange. Returns what {@link org.apache.camel.AsyncProcessor#process} returns: true when done synchronously.
     */
    boolean admit(Exchange exchange, AsyncCallback callback, Sender send) {
        synchronized (this) {
            if (!parked.isEmpty() && action == PendingBoundAction.park) {
                // those waiting go first
                park(exchange, callback, send);
                return false;
            }
        }
        String place = UUID.randomUUID().toString();
        int found;
        try {
            found = store.get().reservePlace(place, max, LEASE);
        } catch (RuntimeException e) {
            exchange.setException(e);
            callback.done(true);
            return true;
        }
        if (found < max) {
            send.send(place, false);
            return false;
        }
        lastFound = found;
        if (action == PendingBoundAction.fail) {
            exchange.setException(new MaxPendingInvocationsException("Endpoint " + endpointName + " has " + found
                    + " requests pending (accepted by SageMaker, no result delivered yet), its maxPendingInvocations of "
                    + max + ": the request is not sent (pendingBoundAction=fail)", found, max));
            callback.done(true);
            return true;
        }
        synchronized (this) {
            park(exchange, callback, send);
        }
        return false;
    }

    /** Gives the place back: after the request's correlation is recorded, or when the request failed. */
    void release(String place) {
        try {
            store.get().releasePlace(place);
        } catch (RuntimeException e) {
            // the lease frees it; counted until then, never passing the bound
            LOG.warn("Could not release a place of endpoint {} (maxPendingInvocations); it is freed when its lease of {} "
                    + "ends: {}", endpointName, LEASE, e.getMessage());
        }
        synchronized (this) {
            if (!parked.isEmpty() && !stopped) {
                reschedule(0);
            }
        }
    }

    /** Fails the parked messages, unsent: nothing is dropped silently. */
    void stop() {
        Deque<Parked> left;
        synchronized (this) {
            stopped = true;
            if (retry != null) {
                retry.cancel(false);
            }
            left = new ArrayDeque<>(parked);
            parked.clear();
        }
        for (Parked waiting : left) {
            waiting.fail(new MaxPendingInvocationsException("The producer of endpoint " + endpointName + " stopped while "
                    + "the message waited for a place (maxPendingInvocations " + max + "): the request is not sent", -1, max));
        }
    }

    /** Under the lock: keeps the message until a place frees or its pendingParkTimeout passes. */
    private void park(Exchange exchange, AsyncCallback callback, Sender send) {
        Parked waiting = new Parked(exchange, callback, send, System.nanoTime() + parkTimeoutNanos);
        if (stopped) {
            waiting.fail(new MaxPendingInvocationsException("The producer of endpoint " + endpointName + " is stopped: "
                    + "the request is not sent", -1, max));
            return;
        }
        parked.addLast(waiting);
        if (retry == null || retry.isDone()) {
            reschedule(RETRY_MILLIS);
        }
    }

    /** Under the lock. */
    private void reschedule(long delayMillis) {
        if (retry != null && !retry.isDone()) {
            if (retry.getDelay(TimeUnit.MILLISECONDS) <= delayMillis) {
                return;
            }
            retry.cancel(false);
        }
        retry = timer.schedule(this::retryParked, delayMillis, TimeUnit.MILLISECONDS);
    }

    /**
     * On the timer: fails the parked messages past their timeout, sends the first ones while places are free. They
     * park in order with one timeout, so their deadlines come in order too.
     */
    private void retryParked() {
        synchronized (this) {
            // this run is under way: the next one must be scheduled anew
            retry = null;
        }
        while (true) {
            Parked first;
            synchronized (this) {
                first = parked.peekFirst();
            }
            if (first == null) {
                return;
            }
            if (System.nanoTime() - first.deadline >= 0) {
                if (take(first)) {
                    first.fail(new MaxPendingInvocationsException("Endpoint " + endpointName + " still had " + lastFound
                            + " requests pending, its maxPendingInvocations of " + max + ", when the message had waited "
                            + "pendingParkTimeout (" + TimeUnit.NANOSECONDS.toMillis(parkTimeoutNanos) + " ms) for a "
                            + "place: the request is not sent", lastFound, max));
                }
                continue;
            }
            String place = UUID.randomUUID().toString();
            try {
                lastFound = store.get().reservePlace(place, max, LEASE);
            } catch (RuntimeException e) {
                // the store fails: the first message fails with its error, the others try again later
                if (take(first)) {
                    first.fail(e);
                }
                break;
            }
            if (lastFound >= max) {
                break;
            }
            if (take(first)) {
                first.send.send(place, true);
            } else {
                release(place);
            }
        }
        synchronized (this) {
            if (!parked.isEmpty() && !stopped) {
                reschedule(RETRY_MILLIS);
            }
        }
    }

    /** Whether it was still parked (a stop may have failed it meanwhile). */
    private synchronized boolean take(Parked waiting) {
        return parked.remove(waiting);
    }

    /** Sends a message with its place taken. */
    @FunctionalInterface
    interface Sender {

        /** @param waited whether the message was parked (what it resolved when it came may be stale) */
        void send(String place, boolean waited);
    }

    private record Parked(Exchange exchange, AsyncCallback callback, Sender send, long deadline) {

        void fail(Exception e) {
            exchange.setException(e);
            callback.done(false);
        }
    }
}
