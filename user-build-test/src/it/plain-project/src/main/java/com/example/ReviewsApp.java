package com.example;

import org.apache.camel.main.Main;

/**
 * A user's application: sends the review given on the command line to the sentiment endpoint and prints the model's
 * answer. Region, credentials and endpoints come from where the AWS SDK and Camel Main find them (environment, system
 * properties, profile files): nothing here names them.
 */
public final class ReviewsApp {

    private ReviewsApp() {
    }

    public static void main(String[] args) throws Exception {
        Main main = new Main();
        main.start();
        try {
            String answer = main.getCamelContext().createProducerTemplate().requestBody(
                    "sagemaker-async:sentiment?waitForResult=true&contentType=text/plain", String.join(" ", args),
                    String.class);
            System.out.println("Answer: " + answer);
        } finally {
            main.stop();
        }
    }
}
