package io.github.sagemakerasync.camel;

import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The places taken under {@code maxPendingInvocations} for a correlation store that only this JVM writes: counted
 * here, on top of the store's own count, under one lock per store. A request's place is released once its correlation
 * is in the store, so between the two it is counted twice, never zero times.
 */
final class InProcessPlaces {

    private static final Map<CorrelationStore, InProcessPlaces> BY_STORE = Collections.synchronizedMap(new WeakHashMap<>());

    /** Place id → when its lease ends (System.nanoTime). The store is not referenced here: the map's key stays weak. */
    private final Map<String, Long> leases = new HashMap<>();

    private InProcessPlaces() {
    }

    static int reserve(CorrelationStore store, String placeId, int bound, Duration lease) {
        return BY_STORE.computeIfAbsent(store, ignored -> new InProcessPlaces()).take(store, placeId, bound, lease);
    }

    static void release(CorrelationStore store, String placeId) {
        InProcessPlaces places = BY_STORE.get(store);
        if (places != null) {
            places.give(placeId);
        }
    }

    private synchronized int take(CorrelationStore store, String placeId, int bound, Duration lease) {
        long now = System.nanoTime();
        leases.values().removeIf(end -> end - now < 0);
        int pending = store.size();
        if (pending < 0) {
            throw new IllegalStateException("The correlation store " + store + " cannot count its correlations (size() "
                    + "returns -1), which maxPendingInvocations counts: use a store that counts them, such as "
                    + "LocalCorrelationStore or JdbcCorrelationStore");
        }
        int found = pending + leases.size();
        if (found < bound) {
            leases.put(placeId, now + lease.toNanos());
        }
        return found;
    }

    private synchronized void give(String placeId) {
        leases.remove(placeId);
    }
}
