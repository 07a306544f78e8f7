package io.github.sagemakerasync.camel;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeTimedOutException;
import org.apache.camel.TimeoutMap;
import org.apache.camel.support.DefaultTimeoutMap;

/**
 * The exchanges of a component that wait for their result (waitForResult), by result location. Their deadlines are
 * kept by Camel's timeout map, as camel-jms's reply manager keeps those of its replies: an overdue waiter is evicted
 * and its exchange fails with ExchangeTimedOutException. Whoever finds a result (a consumer's listing or the waiting
 * endpoint's own source) claims its waiter here; only one claim wins, so each exchange completes once. The finder
 * then hands the result to the waiter's {@link Answerer}, the waiting endpoint's: the exchange is answered with that
 * endpoint's settings, and nothing of the waiting endpoint is reached into.
 */
final class ResultWaiters extends DefaultTimeoutMap<S3Uri, ResultWaiters.Waiter> {

    /** How often overdue waiters are looked for: the precision of resultTimeout. */
    private static final long PURGE_MILLIS = 250;

    /** The waiters by each of their locations, for listings and stops (the timeout map is not iterable). */
    private final Map<S3Uri, Waiter> byLocation = new ConcurrentHashMap<>();
    /** The waiters by InferenceId, for failures notified without a location (an endpoint without S3FailurePath). */
    private final Map<String, Waiter> byInference = new ConcurrentHashMap<>();

    ResultWaiters(ScheduledExecutorService scheduler) {
        super(scheduler, PURGE_MILLIS);
        addListener((type, location, waiter) -> {
            if (type == TimeoutMap.Listener.Type.Evict && take(waiter)) {
                waiter.fail(new ExchangeTimedOutException(waiter.exchange(), waiter.timeoutMillis(),
                        "No result within resultTimeout; it will be at " + waiter.correlation().outputLocation()
                                + (waiter.correlation().failureLocation() == null ? ""
                                        : " or " + waiter.correlation().failureLocation())));
            }
        });
    }

    /** The exchange waits until its result is claimed or its deadline passes. */
    void await(Waiter waiter) {
        long remaining = TimeUnit.NANOSECONDS.toMillis(waiter.deadline() - System.nanoTime());
        waiter.locations().forEach(location -> byLocation.put(location, waiter));
        if (waiter.correlation().inferenceId() != null) {
            byInference.put(waiter.correlation().inferenceId(), waiter);
        }
        waiter.locations().forEach(location -> put(location, waiter, Math.max(0, remaining)));
    }

    /** Whether an exchange waits for the result at this location. */
    boolean awaits(S3Uri location) {
        return byLocation.containsKey(location);
    }

    /** The waiter of the result at {@code location}, taken out; null when none waits (or another caller won it). */
    Waiter claim(S3Uri location) {
        Waiter waiter = byLocation.get(location);
        return waiter != null && take(waiter) ? waiter : null;
    }

    /** The waiter of the inference, taken out; for a result that has no location. */
    Waiter claimByInference(String inferenceId) {
        Waiter waiter = byInference.get(inferenceId);
        return waiter != null && take(waiter) ? waiter : null;
    }

    /** Takes a waiter out of both maps; true for the one caller that wins it. */
    private boolean take(Waiter waiter) {
        if (!waiter.taken().compareAndSet(false, true)) {
            return false;
        }
        waiter.locations().forEach(location -> {
            byLocation.remove(location, waiter);
            remove(location);
        });
        if (waiter.correlation().inferenceId() != null) {
            byInference.remove(waiter.correlation().inferenceId(), waiter);
        }
        return true;
    }

    /** The waiters of one endpoint. */
    Set<Waiter> of(Answerer answerer) {
        return byLocation.values().stream().filter(waiter -> waiter.answerer() == answerer).collect(Collectors.toSet());
    }

    /** Fails every waiter of an endpoint that stops; their results stay in S3, recorded in the correlation store. */
    void stop(Answerer answerer) {
        for (Waiter waiter : of(answerer)) {
            if (take(waiter)) {
                waiter.fail(new IllegalStateException("The endpoint stopped while waiting for the result of inference "
                        + waiter.correlation().inferenceId() + "; it will be at " + waiter.correlation().outputLocation()));
            }
        }
    }

    /** The endpoint whose exchange waits: it answers the exchange with a result found for it, whoever found it. */
    interface Answerer {
        void answer(Waiter waiter, ResultObject found, ResultClaim claim);
    }

    /**
     * An exchange waiting for its result: no thread is held, only the exchange and its callback.
     *
     * @param deadline in System.nanoTime() terms
     */
    record Waiter(Correlation correlation, List<S3Uri> locations, Exchange exchange, AsyncCallback callback,
                  Answerer answerer, long timeoutMillis, long deadline, AtomicBoolean taken) {

        Waiter(Correlation correlation, Exchange exchange, AsyncCallback callback, Answerer answerer, long timeoutMillis) {
            this(correlation, correlation.locations().stream().map(location -> S3Uri.parse(location, "result location")).toList(),
                    exchange, callback, answerer, timeoutMillis,
                    System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis), new AtomicBoolean());
        }

        /** The same waiter, untaken, to wait again until the same deadline. */
        Waiter again() {
            return new Waiter(correlation, locations, exchange, callback, answerer, timeoutMillis, deadline, new AtomicBoolean());
        }

        boolean overdue() {
            return System.nanoTime() >= deadline;
        }

        void fail(Exception cause) {
            exchange.setException(cause);
            callback.done(false);
        }
    }
}
