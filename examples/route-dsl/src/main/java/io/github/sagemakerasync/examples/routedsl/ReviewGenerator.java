package io.github.sagemakerasync.examples.routedsl;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Makes the example's requests: product reviews, most a sentence long (sent inline), every third several megabytes of
 * text (sent through S3). Each carries its number and the time it was sent, which travel to its result.
 */
public class ReviewGenerator {

    private static final String[] REVIEWS = {
        "Great product: setup was easy and it works fast.",
        "Terrible support, the app crashes and the sync is slow.",
        "Nice design, but the battery is disappointing.",
        "I love it, best purchase this year, highly recommend.",
        "It broke after a week and the refund was a problem.",
    };
    private static final int LARGE_BYTES = 3 * 1024 * 1024;

    private final AtomicInteger count = new AtomicInteger();

    public void next(Exchange exchange) {
        int number = count.incrementAndGet();
        String review = REVIEWS[(number - 1) % REVIEWS.length];
        String body = number % 3 == 0 ? longReview(review) : review;
        Message message = exchange.getMessage();
        message.setBody(body);
        message.setHeader("requestNo", number);
        message.setHeader("reviewBytes", body.getBytes(StandardCharsets.UTF_8).length);
        message.setHeader("sentAt", System.currentTimeMillis());
    }

    /** A review of several megabytes: the same text over and over, as a long transcript might be. */
    private static String longReview(String review) {
        StringBuilder text = new StringBuilder(LARGE_BYTES + review.length());
        while (text.length() < LARGE_BYTES) {
            text.append(review).append(' ');
        }
        return text.toString();
    }
}
