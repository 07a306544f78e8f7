package io.github.sagemakerasync.camel;

import java.util.HashMap;
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
    /** One entry per pending correlation, oldest first. */
    private final LinkedHashMap<String, Correlation> byOutput = new LinkedHashMap<>();
    private final Map<String, Correlation> byFailure = new HashMap<>();
    /** Only correlations without failure location: their failures are known by InferenceId alone. */
    private final Map<String, Correlation> byInferenceId = new HashMap<>();
    private boolean warned;

    public InMemoryCorrelationStore() {
        this(DEFAULT_CAPACITY);
    }

    public InMemoryCorrelationStore(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
    }

    @Override
    public synchronized void put(Correlation correlation) {
        Correlation replaced = byOutput.put(correlation.outputLocation(), correlation);
        if (replaced != null) {
            unindex(replaced);
        }
        if (correlation.failureLocation() != null) {
            byFailure.put(correlation.failureLocation(), correlation);
        } else {
            byInferenceId.put(correlation.inferenceId(), correlation);
        }
        while (byOutput.size() > capacity) {
            remove(byOutput.values().iterator().next());
            if (!warned) {
                warned = true;
                LOG.warn("More than {} results are pending: the oldest correlations are dropped, so their results arrive "
                        + "without InferenceId or carried headers. Plug a CorrelationStore with more room.", capacity);
            }
        }
    }

    @Override
    public synchronized Optional<Correlation> find(String resultLocation) {
        Correlation found = byOutput.get(resultLocation);
        return Optional.ofNullable(found != null ? found : byFailure.get(resultLocation));
    }

    @Override
    public synchronized Optional<Correlation> findByInferenceId(String inferenceId) {
        return Optional.ofNullable(byInferenceId.get(inferenceId));
    }

    @Override
    public synchronized void remove(Correlation correlation) {
        if (byOutput.remove(correlation.outputLocation(), correlation)) {
            unindex(correlation);
        }
    }

    private void unindex(Correlation correlation) {
        if (correlation.failureLocation() != null) {
            byFailure.remove(correlation.failureLocation(), correlation);
        } else {
            byInferenceId.remove(correlation.inferenceId(), correlation);
        }
    }

    /** Correlations pending. */
    @Override
    public synchronized int size() {
        return byOutput.size();
    }
}
