package io.github.sagemakerasync.camel;

import java.util.List;

/**
 * Where a consumer's results come from: each poll asks its source for what arrived. A source finds arrivals and
 * correlates them; delivery does the rest (ResultDelivery), so a new source plugs in without touching delivery.
 */
interface ResultSource extends AutoCloseable {

    /** The results for the route found by this poll; those an exchange waits for were handed to it already. */
    List<ResultArrival> next();

    @Override
    default void close() {
    }
}
