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
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The result source of an endpoint's waiting exchanges (waitForResult): one round lists each folder they wait in once
 * for all of them, so S3 requests grow with rounds and pages, not with waiters, and hands what it finds to delivery.
 * With notificationQueue a round receives notifications instead; one that no exchange here waits for is given back at
 * once, for the instance whose exchange waits for it.
 * While nothing arrives it waits longer between rounds (resultPollDelay, times resultPollMultiplier, up to
 * resultPollMaxDelay); a new waiter brings the next round forward. Deadlines are the waiters' map's, not this class's.
 * It is also its exchanges' {@link ResultWaiters.Answerer}: whoever finds a result they wait for (a consumer of any
 * endpoint, or a round here) hands it back here, to be answered with this endpoint's delivery and settings.
 */
final class AwaitedResultSource implements ResultWaiters.Answerer {

    private static final Logger LOG = LoggerFactory.getLogger(AwaitedResultSource.class);

    private final ResultStorage storage;
    private final ResultDelivery delivery;
    private final ResultWaiters waiters;
    private final SageMakerAsyncConfiguration options;
    private final ScheduledExecutorService scheduler;
    /** Null unless the endpoint has a notificationQueue. */
    private final NotificationReceiver notifications;
    private volatile boolean toldNoFailurePath;
    private ScheduledFuture<?> nextRound;
    private long nextRoundAt;
    private long delay;

    AwaitedResultSource(ResultStorage storage, ResultDelivery delivery, ResultWaiters waiters,
                        SageMakerAsyncConfiguration options, ScheduledExecutorService scheduler,
                        NotificationReceiver notifications) {
        this.notifications = notifications;
        this.storage = storage;
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
    private void awaitAgain(ResultWaiters.Waiter waiter) {
        waiters.await(waiter);
        lookSoon();
    }

    @Override
    public void answer(ResultWaiters.Waiter waiter, ResultObject found, ResultClaim claim) {
        delivery.answer(waiter, found, claim, this::awaitAgain);
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
        if (notifications != null) {
            notificationRound();
            return;
        }
        boolean found = false;
        try {
            for (S3Uri folder : folders()) {
                List<S3Object> arrived = storage.list(folder, 0,
                        object -> waiters.awaits(new S3Uri(folder.bucket(), object.key()))).join().objects();
                for (S3Object object : arrived) {
                    S3Uri location = new S3Uri(folder.bucket(), object.key());
                    ResultObject result = ResultObject.listed(location, object, null, delivery.settings());
                    found |= delivery.toWaiter(result, ResultClaim.NONE);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Looking for results failed; looking again later: {}", Failures.cause(e).getMessage());
        }
        scheduleNext(found);
    }

    /** Receives without holding a thread: the answer is handled when it comes, then the next round is scheduled. */
    private void notificationRound() {
        notifications.receiveAsync(10, 1).whenComplete((messages, error) -> {
            boolean found = false;
            if (error != null) {
                LOG.warn("Receiving notifications failed; receiving again later: {}", Failures.cause(error).getMessage());
            } else {
                for (Message message : messages) {
                    found |= answer(message);
                }
            }
            scheduleNext(found);
        });
    }

    /** Hands a notification to the exchange here that waits for it; true if there was one. */
    private boolean answer(Message message) {
        Notification notification = notifications.read(message);
        if (notification == null) {
            return false;
        }
        ResultObject result = ResultObject.notified(notification, null, delivery.settings());
        ResultClaim claim = notifications.claim(message);
        if (delivery.toWaiter(result, claim)) {
            return true;
        }
        claim.left();
        // another instance's exchange waits for it (or none any more): back to the queue at once
        notifications.later(message, 0);
        return false;
    }

    private void scheduleNext(boolean found) {
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
        if (notifications != null) {
            notifications.close();
        }
    }

    /** Exchanges waiting. */
    int waiting() {
        return waiters.of(this).size();
    }
}
