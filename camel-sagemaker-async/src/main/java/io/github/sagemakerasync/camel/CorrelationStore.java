package io.github.sagemakerasync.camel;

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
}
