package io.github.sagemakerasync.examples.springboot;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /reviews} with a review as text answers the model's JSON: the application as a service. */
@RestController
public class ReviewController {

    private final ReviewClassifier classifier;

    public ReviewController(ReviewClassifier classifier) {
        this.classifier = classifier;
    }

    @PostMapping(path = "/reviews", consumes = MediaType.TEXT_PLAIN_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    public String classify(@RequestBody String review) {
        return classifier.classify(review).result();
    }
}
