package io.github.sagemakerasync.camel;

import java.util.List;

/**
 * Where a consumer's results come from: each poll asks its source for what arrived. A source finds arrivals and
 * correlates them; delivery does the rest (ResultDelivery), so a new source plugs in without touching delivery.
 */
interface ResultSource extends AutoCloseable {

    /** The results for the route found by this poll; those an exchange waits for were handed to it already. */
    List<ResultArrival> next();

    /**
     * Whether the last {@link #next()} stopped at its limit (maxMessagesPerPoll) with more results waiting: the consumer
     * then polls again at once rather than after its delay, so that a backlog drains at S3's pace.
     */
    default boolean moreWaiting() {
        return false;
    }

    @Override
    default void close() {
    }
}
