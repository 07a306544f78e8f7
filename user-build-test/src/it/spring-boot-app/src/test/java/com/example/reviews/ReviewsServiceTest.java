package com.example.reviews;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.sagemakerasync.emulator.SageMakerAsyncEmulator;
import org.apache.camel.ConsumerTemplate;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The application against the emulator, which gives the component's properties as any SageMaker-compatible service
 * would be configured: one review small enough to go inline, one that goes through S3, one the model fails.
 */
@SpringBootTest
class ReviewsServiceTest {

    static SageMakerAsyncEmulator emulator;

    @DynamicPropertySource
    static void emulator(DynamicPropertyRegistry registry) throws Exception {
        emulator = SageMakerAsyncEmulator.builder().bucket("sagemaker-async").start();
        emulator.camelComponentProperties().forEach((name, value) -> registry.add(name, () -> value));
    }

    @AfterAll
    static void stopEmulator() {
        emulator.close();
    }

    @Autowired
    ProducerTemplate producer;

    @Autowired
    ConsumerTemplate consumer;

    @Test
    void inlineThroughS3AndAFailureAreEachDelivered() {
        producer.sendBody("direct:review", "{\"text\":\"great and fast\"}");
        producer.sendBody("direct:review", "{\"text\":\"" + "slow and broken ".repeat(10_000) + "\"}");
        producer.sendBodyAndHeader("direct:review", "<review/>", "CamelAwsSageMakerAsyncContentType", "application/xml");

        List<Map<String, Object>> results = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Exchange result = consumer.receive("seda:results", 60_000);
            assertThat(result).as("result %d of 3", i + 1).isNotNull();
            results.add(Map.of("status", result.getMessage().getHeader("CamelAwsSageMakerAsyncStatus", String.class),
                    "body", result.getMessage().getBody(String.class)));
        }

        assertThat(results).extracting(result -> result.get("status"))
                .containsExactlyInAnyOrder("Completed", "Completed", "Failed");
        assertThat(results).extracting(result -> (String) result.get("body"))
                .anySatisfy(body -> assertThat(body).contains("\"label\":\"POSITIVE\""))
                .anySatisfy(body -> assertThat(body).contains("\"label\":\"NEGATIVE\""))
                .anySatisfy(body -> assertThat(body).contains("application/xml"));
    }
}
