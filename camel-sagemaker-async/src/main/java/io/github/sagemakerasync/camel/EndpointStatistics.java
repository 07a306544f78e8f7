package io.github.sagemakerasync.camel;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * What one endpoint has done since it was created: invocations by payload mode and outcome, payload bytes, uploads,
 * results delivered and their delay, its consumer's source and last poll and its producers' last AWS error; and what it
 * holds now (pending correlations, waiting exchanges), read when asked. Counted with LongAdders, cheap on the hot path;
 * the developer console reads all of it, and each event also goes to the endpoint's meters when Micrometer is there
 * ({@link MeterSink}). Observability is given this object, and reaches into nothing of the endpoint.
 */
final class EndpointStatistics {

    /** How an invocation ended. */
    enum Outcome {
        /** SageMaker accepted it (202). */
        accepted,
        /** S3 or SageMaker refused it, or could not be reached. */
        failed,
        /** Refused here, before any call: bad options, headers or body. */
        refused
    }

    /** Where each event also goes: the endpoint's Micrometer meters. */
    interface MeterSink {
        /** @param mode null when refused before the payload's way was decided */
        void invocation(PayloadMode mode, Outcome outcome, long payloadBytes);

        void upload(long nanos);

        void result(ResultStatus status, boolean correlated);

        /** From SageMaker accepting a request to its result reaching a route or the waiting exchange. */
        void resultDelay(Duration delay);
    }

    private final LongAdder inlineAccepted = new LongAdder();
    private final LongAdder s3Accepted = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder inlineBytes = new LongAdder();
    private final LongAdder uploadedBytes = new LongAdder();
    private final LongAdder uploads = new LongAdder();
    private final LongAdder uploadNanos = new LongAdder();
    private final LongAdder completed = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final LongAdder uncorrelated = new LongAdder();
    private final LongAdder delays = new LongAdder();
    private final LongAdder delayMillis = new LongAdder();
    private final LongAdder polls = new LongAdder();
    private volatile MeterSink meters;
    private volatile Instant lastPoll;
    private volatile int lastPollFound;
    private volatile Throwable lastAwsError;
    private volatile Instant lastAwsErrorAt;
    private volatile String resultSource;
    private volatile Supplier<CorrelationStore> correlationStore = () -> null;
    private volatile IntSupplier waitingExchanges = () -> 0;

    /**
     * How the endpoint's holdings are read, each time: its correlation store (the one its producer writes to now,
     * whose class is shown and whose pending correlations are counted, -1 when it cannot count them), and its
     * exchanges waiting for a result.
     */
    void holdings(Supplier<CorrelationStore> correlationStore, IntSupplier waitingExchanges) {
        this.correlationStore = correlationStore;
        this.waitingExchanges = waitingExchanges;
    }

    /** Where the endpoint's consumer takes its results from, as it says when it starts. */
    void resultSource(String description) {
        this.resultSource = description;
    }

    void meters(MeterSink meters) {
        this.meters = meters;
    }

    /** An invocation ended; {@code payloadBytes} sent inline or uploaded (0 for an input already in S3). */
    void invocation(PayloadMode mode, Outcome outcome, long payloadBytes) {
        switch (outcome) {
            case accepted -> {
                if (mode == PayloadMode.inline) {
                    inlineAccepted.increment();
                    inlineBytes.add(payloadBytes);
                } else {
                    s3Accepted.increment();
                    uploadedBytes.add(payloadBytes);
                }
            }
            case failed -> failed.increment();
            case refused -> refused.increment();
        }
        MeterSink sink = meters;
        if (sink != null) {
            sink.invocation(mode, outcome, payloadBytes);
        }
    }

    void upload(long nanos) {
        uploads.increment();
        uploadNanos.add(nanos);
        MeterSink sink = meters;
        if (sink != null) {
            sink.upload(nanos);
        }
    }

    /** A result reached a route or its waiting exchange: the delay since its request was accepted, when known. */
    void handedOver(Correlation correlation) {
        if (correlation == null || correlation.acceptedAt() == null) {
            return;
        }
        Duration delay = Duration.between(correlation.acceptedAt(), Instant.now());
        delays.increment();
        delayMillis.add(delay.toMillis());
        MeterSink sink = meters;
        if (sink != null) {
            sink.resultDelay(delay);
        }
    }

    /** A result was delivered: its exchange completed without failing. */
    void delivered(ResultStatus status, boolean correlated) {
        (status == ResultStatus.Completed ? completed : failures).increment();
        if (!correlated) {
            uncorrelated.increment();
        }
        MeterSink sink = meters;
        if (sink != null) {
            sink.result(status, correlated);
        }
    }

    /** The consumer polled its source and found {@code found} results for its route. */
    void polled(int found) {
        polls.increment();
        lastPollFound = found;
        lastPoll = Instant.now();
    }

    /** A call to AWS failed (null: one succeeded, so the endpoint reaches AWS again). */
    void awsError(Throwable error) {
        if (error != null || lastAwsError != null) {
            lastAwsErrorAt = error == null ? null : Instant.now();
            lastAwsError = error;
        }
    }

    long inlineAccepted() {
        return inlineAccepted.sum();
    }

    long s3Accepted() {
        return s3Accepted.sum();
    }

    long failed() {
        return failed.sum();
    }

    long refused() {
        return refused.sum();
    }

    long inlineBytes() {
        return inlineBytes.sum();
    }

    long uploadedBytes() {
        return uploadedBytes.sum();
    }

    long uploads() {
        return uploads.sum();
    }

    /** Mean upload time in milliseconds, or 0 with no upload yet. */
    long meanUploadMillis() {
        long count = uploads.sum();
        return count == 0 ? 0 : Duration.ofNanos(uploadNanos.sum() / count).toMillis();
    }

    long completed() {
        return completed.sum();
    }

    long failures() {
        return failures.sum();
    }

    long uncorrelated() {
        return uncorrelated.sum();
    }

    /** Mean delay from acceptance to hand-over, in milliseconds, of the correlated results; 0 with none yet. */
    long meanDelayMillis() {
        long count = delays.sum();
        return count == 0 ? 0 : delayMillis.sum() / count;
    }

    long polls() {
        return polls.sum();
    }

    /** Null before the first poll. */
    Instant lastPoll() {
        return lastPoll;
    }

    int lastPollFound() {
        return lastPollFound;
    }

    /** The error of the most recent call to AWS, or null when that call succeeded. */
    Throwable lastAwsError() {
        return lastAwsError;
    }

    Instant lastAwsErrorAt() {
        return lastAwsErrorAt;
    }

    /** Null while no consumer has started. */
    String resultSource() {
        return resultSource;
    }

    String correlationStore() {
        CorrelationStore store = correlationStore.get();
        return store == null ? "" : store.getClass().getSimpleName();
    }

    int pendingCorrelations() {
        CorrelationStore store = correlationStore.get();
        return store == null ? 0 : store.size();
    }

    int waitingExchanges() {
        return waitingExchanges.getAsInt();
    }
}
