package io.github.sagemakerasync.examples.springboot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Spring Boot Camel application that classifies product reviews with a SageMaker asynchronous endpoint, configured
 * only through application.yml: on AWS, set the region and the locations there. The one-command local run adds
 * {@code example.emulator=true}, which the tests' {@code EmulatorEnvironment} answers with an in-process emulator.
 */
@SpringBootApplication
public class ReviewApplication {

    public static void main(String[] args) {
        // the demo runner classifies a few reviews at startup; then the application ends
        SpringApplication.run(ReviewApplication.class, args).close();
    }
}
