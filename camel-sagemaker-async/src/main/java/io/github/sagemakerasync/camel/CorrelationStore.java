package io.github.sagemakerasync.camel;

import java.util.Optional;

/**
 * Keeps {@link Correlation}s from the moment SageMaker accepts a request until its result is delivered. The producer
 * puts, the consumer (or the request-reply watcher) finds by the result's location and removes.
 *
 * <p>The default, {@link InMemoryCorrelationStore}, lives and dies with the JVM and knows only this instance's
 * requests. To keep correlations across restarts, or to share them between instances reading the same results, plug
 * a store over shared storage: {@link JdbcCorrelationStore} on a database, or {@link StateRepositoryCorrelationStore}
 * over a Camel {@code StateRepository}. Implementations must be thread-safe.
 */
public interface CorrelationStore {

    void put(Correlation correlation);

    /** The correlation whose output or failure location is {@code resultLocation}. */
    Optional<Correlation> find(String resultLocation);

    void remove(Correlation correlation);
}
