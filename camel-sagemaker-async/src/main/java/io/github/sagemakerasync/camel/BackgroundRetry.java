package io.github.sagemakerasync.camel;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Tries an S3 clean-up again in the background after it failed (beyond the SDK's own retries), so that nothing the
 * component means to remove stays behind for a short outage. No thread waits: the delays run on CompletableFuture's
 * delayed executor.
 */
final class BackgroundRetry {

    /** The delays, in seconds, before each new try: about 15 s of outage are covered. */
    static final long[] DELAYS_SECONDS = {1, 2, 4, 8};

    private BackgroundRetry() {
    }

    /**
     * Tries {@code attempt} again after each delay until one try succeeds; completes normally then, or with the last
     * try's error when all failed.
     */
    static CompletableFuture<Void> retry(Supplier<? extends CompletableFuture<?>> attempt) {
        return retry(attempt, 0);
    }

    private static CompletableFuture<Void> retry(Supplier<? extends CompletableFuture<?>> attempt, int index) {
        return CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(DELAYS_SECONDS[index], TimeUnit.SECONDS))
                .thenCompose(ignored -> attempt.get().<Void>thenApply(done -> null))
                .handle((done, error) -> error)
                .thenCompose(error -> error == null ? CompletableFuture.completedFuture(null)
                        : index + 1 < DELAYS_SECONDS.length ? retry(attempt, index + 1)
                        : CompletableFuture.<Void>failedFuture(error));
    }
}
