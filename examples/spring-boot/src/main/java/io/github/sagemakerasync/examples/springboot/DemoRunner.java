package io.github.sagemakerasync.examples.springboot;

import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/** Classifies a few reviews at startup and prints the answers; reviews.demo=false turns it off. */
@Component
@ConditionalOnProperty(name = "reviews.demo", havingValue = "true", matchIfMissing = true)
public class DemoRunner implements CommandLineRunner {

    private final ReviewClassifier classifier;

    public DemoRunner(ReviewClassifier classifier) {
        this.classifier = classifier;
    }

    @Override
    public void run(String... args) {
        String[] reviews = {
            "Great product: setup was easy and it works fast.",
            "Terrible support, the app crashes and the sync is slow.",
            "I love it. ".repeat(20_000), // 220 KB: through S3
        };
        for (String review : reviews) {
            ReviewClassifier.Classification answer = classifier.classify(review);
            System.out.println("Review of " + review.length() + " chars (" + answer.payloadMode() + "): " + answer.result());
        }
    }
}
