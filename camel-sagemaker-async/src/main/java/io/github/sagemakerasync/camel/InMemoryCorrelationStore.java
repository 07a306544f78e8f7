package io.github.sagemakerasync.camel;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default correlation store: in memory, bounded. Past {@code capacity} pending correlations the oldest is dropped
 * (its result then arrives without correlation) and a warning is logged once.
 */
public final class InMemoryCorrelationStore implements CorrelationStore {

    public static final int DEFAULT_CAPACITY = 100_000;
    private static final Logger LOG = LoggerFactory.getLogger(InMemoryCorrelationStore.class);

    private final int capacity;
    private final Map<String, Correlation> byLocation;
    private boolean warned;

    public InMemoryCorrelationStore() {
        this(DEFAULT_CAPACITY);
    }

    public InMemoryCorrelationStore(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
        // two keys per correlation (output and failure location), oldest first
        this.byLocation = new LinkedHashMap<>();
    }

    @Override
    public synchronized void put(Correlation correlation) {
        byLocation.put(correlation.outputLocation(), correlation);
        byLocation.put(correlation.failureLocation(), correlation);
        while (byLocation.size() > 2 * capacity) {
            Correlation oldest = byLocation.values().iterator().next();
            remove(oldest);
            if (!warned) {
                warned = true;
                LOG.warn("More than {} results are pending: the oldest correlations are dropped, so their results arrive "
                        + "without InferenceId or carried headers. Plug a CorrelationStore with more room.", capacity);
            }
        }
    }

    @Override
    public synchronized Optional<Correlation> find(String resultLocation) {
        return Optional.ofNullable(byLocation.get(resultLocation));
    }

    @Override
    public synchronized void remove(Correlation correlation) {
        byLocation.remove(correlation.outputLocation(), correlation);
        byLocation.remove(correlation.failureLocation(), correlation);
    }

    /** Correlations pending. */
    public synchronized int size() {
        return (int) byLocation.values().stream().distinct().count();
    }
}
