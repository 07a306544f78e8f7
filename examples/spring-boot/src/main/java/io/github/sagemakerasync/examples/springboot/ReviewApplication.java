package io.github.sagemakerasync.examples.springboot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A Spring Boot Camel application that classifies product reviews with a SageMaker asynchronous endpoint, configured
 * only through application.yml: on AWS, set the region and the locations there. The one-command local run adds
 * {@code example.emulator=true}, which the tests' {@code EmulatorEnvironment} answers with an in-process emulator.
 * With {@code reviews.serve=true} it stays up as a service: {@code POST /reviews}, and the actuator's
 * {@code /actuator/health} and {@code /actuator/metrics} (the component's meters are {@code sagemaker.async.*}).
 */
@SpringBootApplication
public class ReviewApplication {

    public static void main(String[] args) {
        // the demo runner classifies a few reviews at startup; then the application ends, unless it serves
        ConfigurableApplicationContext application = SpringApplication.run(ReviewApplication.class, args);
        if (!application.getEnvironment().getProperty("reviews.serve", Boolean.class, false)) {
            application.close();
        }
    }
}
