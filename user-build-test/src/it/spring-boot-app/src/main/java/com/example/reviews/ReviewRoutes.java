package com.example.reviews;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/** Reviews go to the sentiment endpoint; its results, completed or failed, to the reviews.results queue. */
@Component
public class ReviewRoutes extends RouteBuilder {

    @Override
    public void configure() {
        from("direct:review")
                .to("sagemaker-async:{{reviews.endpoint}}");

        from("sagemaker-async:{{reviews.endpoint}}")
                .to("seda:results");
    }
}
