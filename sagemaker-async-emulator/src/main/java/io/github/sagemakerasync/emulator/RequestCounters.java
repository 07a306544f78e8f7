package io.github.sagemakerasync.emulator;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Requests received per API and operation, counted as they arrive: before latency, injected faults,
 * authentication or validation. Operations carry AWS's names ({@code InvokeEndpointAsync},
 * {@code ListObjectsV2}, {@code GetObject}, ...). The emulator's own reads and writes of inputs and outputs
 * do not go through the network, so they are not counted.
 */
public final class RequestCounters {

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    void increment(Api api, String operation) {
        counts.computeIfAbsent(key(api, operation), k -> new LongAdder()).increment();
    }

    /** Requests received for one operation. */
    public long get(Api api, String operation) {
        LongAdder count = counts.get(key(api, operation));
        return count == null ? 0 : count.sum();
    }

    /** Requests received for every operation of one API. */
    public long total(Api api) {
        String prefix = api.name() + ":";
        return counts.entrySet().stream()
                .filter(e -> e.getKey().startsWith(prefix))
                .mapToLong(e -> e.getValue().sum())
                .sum();
    }

    /** Every non-zero count, keyed {@code API:Operation}, sorted. */
    public Map<String, Long> snapshot() {
        Map<String, Long> snapshot = new TreeMap<>();
        counts.forEach((key, count) -> {
            long value = count.sum();
            if (value > 0) {
                snapshot.put(key, value);
            }
        });
        return snapshot;
    }

    public void reset() {
        counts.clear();
    }

    private static String key(Api api, String operation) {
        return api.name() + ":" + operation;
    }

    @Override
    public String toString() {
        return snapshot().toString();
    }
}
