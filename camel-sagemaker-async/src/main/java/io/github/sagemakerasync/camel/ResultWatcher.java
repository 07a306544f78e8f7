package io.github.sagemakerasync.camel;

import java.io.Closeable;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeTimedOutException;
import org.apache.camel.spi.Synchronization;
import org.apache.camel.support.SynchronizationAdapter;
import org.apache.camel.util.IOHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Serves every exchange of an endpoint that waits for its result (waitForResult). One round lists each result prefix
 * once for all waiting exchanges, so S3 requests grow with rounds and pages, not with waiters; it completes the
 * exchanges whose result is there, fails the overdue ones, and waits longer before the next round while nothing
 * arrives. No thread is held per waiting exchange: a waiter is its exchange and callback.
 */
final class ResultWatcher {

    private static final Logger LOG = LoggerFactory.getLogger(ResultWatcher.class);

    private final ResultObjects results;
    private final CorrelationStore correlations;
    private final SageMakerAsyncComponent.AwaitedResults awaited;
    private final SageMakerAsyncConfiguration options;
    private final ScheduledExecutorService scheduler;
    /** Waiters by their output and their failure location. */
    private final Map<String, Waiter> waiters = new ConcurrentHashMap<>();
    private volatile boolean stopped;
    private volatile boolean toldNoFailurePath;
    private ScheduledFuture<?> nextRound;
    private long nextRoundAt;
    private long delay;

    ResultWatcher(ResultObjects results, CorrelationStore correlations, SageMakerAsyncComponent.AwaitedResults awaited,
                  SageMakerAsyncConfiguration options, ScheduledExecutorService scheduler) {
        this.results = results;
        this.correlations = correlations;
        this.awaited = awaited;
        this.options = options;
        this.scheduler = scheduler;
        this.delay = options.getResultPollDelay();
    }

    /** Completes the exchange, through its callback, when its result arrives or it times out. */
    void await(Correlation correlation, Exchange exchange, AsyncCallback callback) {
        Waiter waiter = new Waiter(correlation, exchange, callback, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(options.getResultTimeout()));
        if (correlation.failureLocation() == null && !toldNoFailurePath) {
            toldNoFailurePath = true;
            LOG.info("Endpoint {} returns no FailureLocation (it has no S3FailurePath): a failed inference writes nothing "
                    + "to S3, so its waiting exchange fails only when resultTimeout ({} ms) passes",
                    options.getEndpointName(), options.getResultTimeout());
        }
        enlist(waiter);
    }

    private void enlist(Waiter waiter) {
        waiter.correlation().locations().forEach(location -> waiters.put(location, waiter));
        awaited.add(waiter.correlation());
        lookSoon();
    }

    /** A new waiter deserves a quick look: bring the next round forward to the initial delay. */
    private synchronized void lookSoon() {
        delay = options.getResultPollDelay();
        long at = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delay);
        if (nextRound == null || nextRound.isDone() || nextRoundAt > at) {
            if (nextRound != null) {
                nextRound.cancel(false);
            }
            schedule(delay);
        }
    }

    private void schedule(long delayMillis) {
        nextRoundAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMillis);
        nextRound = scheduler.schedule(this::round, delayMillis, TimeUnit.MILLISECONDS);
    }

    private void round() {
        boolean found = false;
        try {
            expireOverdue();
            for (S3Uri directory : directories()) {
                List<S3Object> arrived = results.list(directory, 0,
                        object -> waiters.containsKey(new S3Uri(directory.bucket(), object.key()).toString())).join();
                for (S3Object object : arrived) {
                    found |= deliver(new S3Uri(directory.bucket(), object.key()), object);
                }
            }
        } catch (RuntimeException e) {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            LOG.warn("Looking for results failed; looking again later: {}", cause.getMessage());
        }
        synchronized (this) {
            if (waiters.isEmpty()) {
                nextRound = null;
                return;
            }
            delay = found ? options.getResultPollDelay()
                    : Math.min((long) (delay * options.getResultPollMultiplier()), options.getResultPollMaxDelay());
            long untilFirstDeadline = TimeUnit.NANOSECONDS.toMillis(firstDeadline() - System.nanoTime());
            schedule(Math.max(0, Math.min(delay, untilFirstDeadline)));
        }
    }

    /** The prefixes ("directories") the waiting exchanges' results will appear in. */
    private Set<S3Uri> directories() {
        Set<S3Uri> directories = new HashSet<>();
        for (String location : waiters.keySet()) {
            S3Uri object = S3Uri.parse(location, "result location");
            directories.add(new S3Uri(object.bucket(), object.key().substring(0, object.key().lastIndexOf('/') + 1)));
        }
        return directories;
    }

    private long firstDeadline() {
        return waiters.values().stream().mapToLong(Waiter::deadline).min().orElse(Long.MAX_VALUE);
    }

    private void expireOverdue() {
        long now = System.nanoTime();
        for (Waiter waiter : Set.copyOf(waiters.values())) {
            if (waiter.deadline() <= now && release(waiter)) {
                waiter.exchange().setException(new ExchangeTimedOutException(waiter.exchange(), options.getResultTimeout(),
                        "No result within resultTimeout; it will be at " + waiter.correlation().outputLocation()
                                + (waiter.correlation().failureLocation() == null ? ""
                                        : " or " + waiter.correlation().failureLocation())));
                waiter.callback().done(false);
            }
        }
    }

    /** Hands the result to its waiter, if it still waits; true if it did. */
    private boolean deliver(S3Uri location, S3Object object) {
        Waiter waiter = waiters.get(location.toString());
        if (waiter == null || !release(waiter)) {
            return false;
        }
        Correlation correlation = waiter.correlation();
        ResultStatus status = location.toString().equals(correlation.failureLocation()) ? ResultStatus.Failed : ResultStatus.Completed;
        ResultObject result = new ResultObject(location, status, object.size(), object.lastModified(), object.eTag(), correlation);
        Exchange exchange = waiter.exchange();
        results.read(result).whenComplete((body, error) -> {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (cause != null && !stopped && System.nanoTime() < waiter.deadline()) {
                // the result is there but could not be read (S3 errors beyond the SDK's retries): look again later
                LOG.warn("Reading result {} failed; trying again: {}", location, cause.getMessage());
                rewait(waiter);
                return;
            }
            try {
                if (cause != null) {
                    exchange.setException(cause);
                    return;
                }
                exchange.getMessage().setBody(body.body());
                result.writeTo(exchange.getMessage(), body.contentType());
                exchange.getExchangeExtension().addOnCompletion(finishWhenDone(result, body.body()));
                if (status == ResultStatus.Failed) {
                    exchange.setException(new SageMakerAsyncInferenceException((String) body.body(),
                            correlation.inferenceId(), location.toString()));
                }
            } finally {
                waiter.callback().done(false);
            }
        });
        return true;
    }

    /**
     * A result handed to an exchange is finished (afterRead, deleteInputAfterResult, its correlation forgotten) only
     * once that exchange succeeds; otherwise it stays in S3, like a result a consumer route failed on.
     */
    private Synchronization finishWhenDone(ResultObject result, Object body) {
        return new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange exchange) {
                if (body instanceof Closeable stream) {
                    IOHelper.close(stream);
                }
                // a failure handed over as SageMakerAsyncInferenceException was delivered too
                boolean delivered = !exchange.isFailed() || exchange.getException() instanceof SageMakerAsyncInferenceException;
                if (delivered) {
                    finish(result);
                }
            }
        };
    }

    /**
     * Applies afterRead and deleteInputAfterResult to a delivered result and forgets its correlation; when S3 fails, it
     * is tried again in the background ({@link BackgroundRetry}), so no delivered result stays behind.
     */
    private void finish(ResultObject result) {
        results.finish(result, null)
                .exceptionallyCompose(error -> BackgroundRetry.retry(() -> results.finish(result, null)))
                .whenComplete((done, error) -> {
                    if (error == null) {
                        correlations.remove(result.correlation());
                    } else {
                        LOG.warn("Could not finish the delivered result {}; it stays in S3: {}", result.location(),
                                error.getMessage());
                    }
                });
    }

    /** Puts back a waiter whose result could not be read, for a later round. */
    private void rewait(Waiter waiter) {
        enlist(waiter);
    }

    /** Takes the waiter out; only one caller wins, so each exchange completes once. */
    private boolean release(Waiter waiter) {
        Correlation correlation = waiter.correlation();
        boolean won = waiters.remove(correlation.outputLocation(), waiter);
        correlation.locations().forEach(location -> waiters.remove(location, waiter));
        if (won) {
            awaited.remove(correlation);
        }
        return won;
    }

    /** Fails every waiting exchange: the endpoint stops. Their results stay in S3, recorded in the correlation store. */
    void stop() {
        stopped = true;
        synchronized (this) {
            if (nextRound != null) {
                nextRound.cancel(false);
            }
        }
        for (Waiter waiter : Set.copyOf(waiters.values())) {
            if (release(waiter)) {
                waiter.exchange().setException(new IllegalStateException("The endpoint stopped while waiting for the "
                        + "result of inference " + waiter.correlation().inferenceId() + "; it will be at "
                        + waiter.correlation().outputLocation()));
                waiter.callback().done(false);
            }
        }
    }

    /** Exchanges waiting. */
    int waiting() {
        return (int) waiters.values().stream().distinct().count();
    }

    private record Waiter(Correlation correlation, Exchange exchange, AsyncCallback callback, long deadline) {
    }
}
