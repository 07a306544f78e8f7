package io.github.sagemakerasync.camel;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Runs S3 and SQS work again in the background after it failed (beyond the SDK's own retries), on the endpoint's scheduler
 * from Camel's ExecutorServiceManager: no thread waits between tries, and once the endpoint stops no try runs.
 */
final class BackgroundRetry {

    /** Clean-ups and finishes: about 15 s of outage covered. */
    static final long[] CLEAN_UP_DELAYS_MILLIS = {1_000, 2_000, 4_000, 8_000};

    private final ScheduledExecutorService scheduler;

    BackgroundRetry(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
    }

    /**
     * Tries {@code attempt} after each delay until one try succeeds; completes normally then, or with the last try's
     * error when all failed (or the endpoint stopped).
     */
    CompletableFuture<Void> retry(long[] delaysMillis, Supplier<? extends CompletableFuture<?>> attempt) {
        return retry(delaysMillis, attempt, 0);
    }

    private CompletableFuture<Void> retry(long[] delaysMillis, Supplier<? extends CompletableFuture<?>> attempt, int index) {
        return later(delaysMillis[index])
                .thenCompose(ignored -> attempt.get().<Void>thenApply(done -> null))
                .handle((done, error) -> error)
                .thenCompose(error -> error == null ? CompletableFuture.completedFuture(null)
                        : index + 1 < delaysMillis.length ? retry(delaysMillis, attempt, index + 1)
                        : CompletableFuture.<Void>failedFuture(error));
    }

    /** Whether the endpoint stopped: no try runs any more. */
    boolean stopped() {
        return scheduler.isShutdown();
    }

    /** Completes after the delay, or fails at once when the endpoint has stopped. */
    CompletableFuture<Void> later(long delayMillis) {
        CompletableFuture<Void> due = new CompletableFuture<>();
        try {
            scheduler.schedule(() -> due.complete(null), delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            due.completeExceptionally(new IllegalStateException("The endpoint stopped", e));
        }
        return due;
    }
}
