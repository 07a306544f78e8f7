package io.github.sagemakerasync.examples.springboot;

import io.github.sagemakerasync.camel.SageMakerAsyncConstants;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Service;

/** The application's view of the model: a review in, its sentiment out. */
@Service
public class ReviewClassifier {

    /** The model's answer and how the review travelled to it (inline or s3). */
    public record Classification(String result, String payloadMode) {
    }

    private final ProducerTemplate template;

    public ReviewClassifier(ProducerTemplate template) {
        this.template = template;
    }

    /** Sends the review as JSON and waits for the model's answer; a model failure is thrown. */
    public Classification classify(String review) {
        Exchange exchange = template.request("direct:classify", e -> e.getMessage().setBody(asJson(review)));
        if (exchange.getException() != null) {
            throw new IllegalStateException("The review could not be classified: " + exchange.getException().getMessage(),
                    exchange.getException());
        }
        return new Classification(exchange.getMessage().getBody(String.class),
                exchange.getMessage().getHeader(SageMakerAsyncConstants.PAYLOAD_MODE, String.class));
    }

    /** {"text": review}, the input the sentiment model reads. */
    static String asJson(String review) {
        StringBuilder json = new StringBuilder(review.length() + 16).append("{\"text\":\"");
        for (char c : review.toCharArray()) {
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append("\"}").toString();
    }
}
