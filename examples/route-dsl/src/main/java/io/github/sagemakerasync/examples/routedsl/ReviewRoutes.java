package io.github.sagemakerasync.examples.routedsl;

import org.apache.camel.builder.RouteBuilder;

/** The example in Java DSL; routes/reviews.camel.yaml is the same in YAML DSL. */
public class ReviewRoutes extends RouteBuilder {

    @Override
    public void configure() {
        from("timer:reviews?repeatCount={{example.requests}}&delay=100&period=200").routeId("send-reviews")
                .bean("reviews", "next")
                .to("sagemaker-async:{{example.endpoint}}?inputLocation={{example.input-location}}"
                        + "&contentType=text/plain&correlationHeaders=requestNo,sentAt")
                .log("Sent review ${header.requestNo}: ${header.reviewBytes} bytes, ${header.CamelAwsSageMakerAsyncPayloadMode}");

        from("sagemaker-async:{{example.endpoint}}?outputLocation={{example.output-location}}"
                + "&failureLocation={{example.failure-location}}&deleteInputAfterResult=true&initialDelay=0&delay=200").routeId("print-results")
                .bean("results", "record")
                .log("Result of review ${header.requestNo} (${header.CamelAwsSageMakerAsyncPayloadMode}, "
                        + "${header.elapsedMillis} ms end to end): ${body}");
    }
}
