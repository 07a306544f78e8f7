package io.github.sagemakerasync.examples.springboot;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * Request-reply over the asynchronous endpoint: waitForResult completes the exchange when the result is in S3, with
 * the result as its body. Every other option comes from camel.component.sagemaker-async.* in application.yml.
 */
@Component
public class ReviewRoutes extends RouteBuilder {

    @Override
    public void configure() {
        from("direct:classify").routeId("classify-review")
                .to("sagemaker-async:{{reviews.endpoint}}?waitForResult=true")
                .convertBodyTo(String.class);
    }
}
