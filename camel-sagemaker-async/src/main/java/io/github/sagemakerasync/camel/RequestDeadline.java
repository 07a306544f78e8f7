package io.github.sagemakerasync.camel;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Calendar;
import java.util.Date;

/**
 * A message's deadline made into RequestTTLSeconds: the whole seconds left until it, so that SageMaker drops the
 * request from its queue (as expired, a failure) rather than run it too late. Decided before any call: a deadline that
 * has passed, or that SageMaker's TTL cannot express (less than 60 seconds or more than 6 hours away), is refused.
 */
final class RequestDeadline {

    private RequestDeadline() {
    }

    /**
     * @param value  the header's value: an Instant, Date, Calendar, ZonedDateTime, OffsetDateTime, epoch milliseconds
     *               (a Number) or an ISO-8601 instant or offset date-time (a String)
     * @param source what the value came from, for messages ("header CamelAwsSageMakerAsyncDeadline")
     * @param now    the time the request is sent
     * @return RequestTTLSeconds, 60 to 21600
     */
    static int ttlSeconds(Object value, String source, Instant now) {
        Instant deadline = instant(value, source);
        long seconds = Duration.between(now, deadline).getSeconds();
        if (!deadline.isAfter(now)) {
            throw new IllegalArgumentException(source + " is " + deadline + ", which has passed: the request is not sent");
        }
        if (seconds < InvocationConstraints.MIN_REQUEST_TTL_SECONDS) {
            throw new IllegalArgumentException(source + " is " + deadline + ", less than "
                    + InvocationConstraints.MIN_REQUEST_TTL_SECONDS + " seconds away, the least RequestTTLSeconds "
                    + "SageMaker takes: the request is not sent, it could run after its deadline");
        }
        if (seconds > InvocationConstraints.MAX_REQUEST_TTL_SECONDS) {
            throw new IllegalArgumentException(source + " is " + deadline + ", more than "
                    + InvocationConstraints.MAX_REQUEST_TTL_SECONDS + " seconds (6 hours) away, the most "
                    + "RequestTTLSeconds SageMaker takes: set a nearer deadline, or RequestTTLSeconds instead");
        }
        return (int) seconds;
    }

    private static Instant instant(Object value, String source) {
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof Date date) {
            return date.toInstant();
        }
        if (value instanceof Calendar calendar) {
            return calendar.toInstant();
        }
        if (value instanceof ZonedDateTime zoned) {
            return zoned.toInstant();
        }
        if (value instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        if (value instanceof Number millis) {
            return Instant.ofEpochMilli(millis.longValue());
        }
        if (value instanceof String text) {
            try {
                return OffsetDateTime.parse(text.trim()).toInstant();
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(source + " is '" + text + "', which is not an ISO-8601 date-time "
                        + "with an offset, such as 2026-12-06T18:30:00Z", e);
            }
        }
        throw new IllegalArgumentException(source + " is a " + value.getClass().getName() + "; it must be an Instant, "
                + "Date, Calendar, ZonedDateTime, OffsetDateTime, epoch milliseconds or an ISO-8601 date-time");
    }
}
