package io.github.sagemakerasync.camel;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The result source of an endpoint's waiting exchanges (waitForResult): one round lists each folder they wait in once
 * for all of them, so S3 requests grow with rounds and pages, not with waiters, and hands what it finds to delivery.
 * While nothing arrives it waits longer between rounds (resultPollDelay, times resultPollMultiplier, up to
 * resultPollMaxDelay); a new waiter brings the next round forward. Deadlines are the waiters' map's, not this class's.
 */
final class ResultWatcher {

    private static final Logger LOG = LoggerFactory.getLogger(ResultWatcher.class);

    private final ResultObjects objects;
    private final ResultDelivery delivery;
    private final ResultWaiters waiters;
    private final SageMakerAsyncConfiguration options;
    private final ScheduledExecutorService scheduler;
    private volatile boolean toldNoFailurePath;
    private ScheduledFuture<?> nextRound;
    private long nextRoundAt;
    private long delay;

    ResultWatcher(ResultObjects objects, ResultDelivery delivery, ResultWaiters waiters, SageMakerAsyncConfiguration options,
                  ScheduledExecutorService scheduler) {
        this.objects = objects;
        this.delivery = delivery;
        this.waiters = waiters;
        this.options = options;
        this.scheduler = scheduler;
        this.delay = options.getResultPollDelay();
    }

    /** Completes the exchange, through its callback, when its result arrives or it times out. */
    void await(Correlation correlation, Exchange exchange, AsyncCallback callback) {
        if (correlation.failureLocation() == null && !toldNoFailurePath) {
            toldNoFailurePath = true;
            LOG.info("Endpoint {} returns no FailureLocation (it has no S3FailurePath): a failed inference writes nothing "
                    + "to S3, so its waiting exchange fails only when resultTimeout ({} ms) passes",
                    options.getEndpointName(), options.getResultTimeout());
        }
        awaitAgain(new ResultWaiters.Waiter(correlation, exchange, callback, this, options.getResultTimeout()));
    }

    /** Waits (again, when its result could not be read) until the waiter's deadline. */
    void awaitAgain(ResultWaiters.Waiter waiter) {
        waiters.await(waiter);
        lookSoon();
    }

    ResultDelivery delivery() {
        return delivery;
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
        if (!scheduler.isShutdown()) {
            nextRoundAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMillis);
            nextRound = scheduler.schedule(this::round, delayMillis, TimeUnit.MILLISECONDS);
        }
    }

    private void round() {
        boolean found = false;
        try {
            for (S3Uri folder : folders()) {
                List<S3Object> arrived = objects.list(folder, 0,
                        object -> waiters.awaits(new S3Uri(folder.bucket(), object.key()))).join();
                for (S3Object object : arrived) {
                    S3Uri location = new S3Uri(folder.bucket(), object.key());
                    ResultObject result = ResultObject.listed(location, object, null, delivery.settings());
                    found |= delivery.toWaiter(result, ResultDelivery.Claim.NONE);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Looking for results failed; looking again later: {}", ResultDelivery.unwrap(e).getMessage());
        }
        synchronized (this) {
            if (waiting() == 0) {
                nextRound = null;
                return;
            }
            delay = found ? options.getResultPollDelay()
                    : Math.min((long) (delay * options.getResultPollMultiplier()), options.getResultPollMaxDelay());
            schedule(delay);
        }
    }

    /** The folders the waiting exchanges' results will appear in. */
    private Set<S3Uri> folders() {
        return waiters.of(this).stream().flatMap(waiter -> waiter.locations().stream()).map(S3Uri::parent)
                .collect(Collectors.toSet());
    }

    /** Fails every waiting exchange: the endpoint stops. */
    void stop() {
        synchronized (this) {
            if (nextRound != null) {
                nextRound.cancel(false);
            }
        }
        waiters.stop(this);
    }

    /** Exchanges waiting. */
    int waiting() {
        return waiters.of(this).size();
    }
}
