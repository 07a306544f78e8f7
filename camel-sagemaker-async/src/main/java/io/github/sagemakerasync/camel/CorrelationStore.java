package io.github.sagemakerasync.camel;

import java.time.Duration;
import java.util.Optional;

/**
 * Keeps {@link Correlation}s from the moment SageMaker accepts a request until its result is delivered. The producer
 * puts, the consumer (or the request-reply watcher) finds by the result's location (or, for a failure without one, by
 * InferenceId) and removes.
 *
 * <p>The default, {@link InMemoryCorrelationStore}, lives and dies with the JVM and knows only this instance's
 * requests. To keep correlations across restarts and crashes of one instance, plug {@link LocalCorrelationStore} (a
 * file); to share them between instances reading the same results, {@link JdbcCorrelationStore} on a database; or
 * {@link StateRepositoryCorrelationStore} over a Camel {@code StateRepository}. Implementations must be thread-safe.
 */
public interface CorrelationStore {

    void put(Correlation correlation);

    /** The correlation whose output or failure location is {@code resultLocation}. */
    Optional<Correlation> find(String resultLocation);

    /**
     * The pending correlation of the request with this InferenceId that has no failure location. An endpoint without
     * S3FailurePath reports a failure only by its error notification, which names neither location: the InferenceId
     * is all there is to find the request by. The stores shipped here all find it; by default a store does not, and
     * such failures are delivered uncorrelated ({@code CamelAwsSageMakerAsyncCorrelated=false}).
     */
    default Optional<Correlation> findByInferenceId(String inferenceId) {
        return Optional.empty();
    }

    void remove(Correlation correlation);

    /**
     * The correlations pending (for the developer console and the pending-correlations gauge), or -1 when the store
     * cannot count them. A store shared by instances counts every instance's.
     */
    default int size() {
        return -1;
    }

    /**
     * Takes a place for one more request of a producer with {@code maxPendingInvocations}, when fewer than
     * {@code bound} requests are pending: correlations, plus places taken and not yet released. Atomic among all that
     * share the store, so producers together never pass the bound. The producer releases its place once the request
     * is recorded (or refused); a place not released within {@code lease} is freed, for a producer that died in
     * between.
     *
     * <p>By default places are counted in this JVM, on top of {@link #size()}: right for a store no other process
     * writes. A store shared by processes overrides this and {@link #releasePlace} ({@link JdbcCorrelationStore} does).
     *
     * @return the requests found pending or placed; the place was taken when this is below {@code bound}
     * @throws IllegalStateException when the store cannot count its correlations
     */
    default int reservePlace(String placeId, int bound, Duration lease) {
        return InProcessPlaces.reserve(this, placeId, bound, lease);
    }

    /** Gives back a place taken by {@link #reservePlace}; nothing happens when it is not held. */
    default void releasePlace(String placeId) {
        InProcessPlaces.release(this, placeId);
    }
}
