package io.github.sagemakerasync.examples.kafkabridge;

import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import io.github.sagemakerasync.emulator.SageMakerAsyncEmulator;

/**
 * Runs the bridge, and a demo client that publishes requests and prints the answers.
 *
 * <p>With no Kafka brokers configured ({@code camel.component.kafka.brokers}, as a system property or the variable
 * {@code CAMEL_COMPONENT_KAFKA_BROKERS}) it starts a Kafka broker in-process; with no AWS region
 * ({@code camel.component.sagemaker-async.region} or {@code CAMEL_COMPONENT_SAGEMAKER_ASYNC_REGION}) it starts the
 * SageMaker emulator in-process. {@code -Dbridge.demo-requests=N} sets how many requests the demo client sends (8 by
 * default); with 0 the bridge runs until stopped, as it would in production.
 */
public final class BridgeExample {

    static final String BROKERS_PROPERTY = "camel.component.kafka.brokers";
    static final String REGION_PROPERTY = "camel.component.sagemaker-async.region";
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final String[] REVIEWS = {
        "Great product: setup was easy and it works fast.",
        "Terrible support, the app crashes and the sync is slow.",
        "I love it, best purchase this year, highly recommend.",
    };

    private BridgeExample() {
    }

    public static void main(String[] args) throws Exception {
        int requests = Integer.getInteger("bridge.demo-requests", 8);
        boolean embeddedKafka = configured(BROKERS_PROPERTY) == null;
        boolean emulator = configured(REGION_PROPERTY) == null;
        boolean allAnswered = run(embeddedKafka, emulator, requests, System.out);
        System.exit(allAnswered ? 0 : 1);
    }

    /** Runs the bridge with the demo client; returns whether every request was answered exactly once. */
    static boolean run(boolean embeddedKafka, boolean useEmulator, int requests, PrintStream out) throws Exception {
        Map<String, String> properties = new HashMap<>();
        try (EmbeddedKafka kafka = embeddedKafka ? EmbeddedKafka.start() : null;
             SageMakerAsyncEmulator emulator = useEmulator ? SageMakerAsyncEmulator.builder().start() : null) {
            if (kafka != null) {
                kafka.createTopics(3, List.of("inference-requests", "inference-results", "inference-failures"));
                properties.put(BROKERS_PROPERTY, kafka.bootstrapServers());
                out.println("No Kafka brokers configured: using an in-process broker at " + kafka.bootstrapServers());
            }
            if (emulator != null) {
                properties.putAll(emulator.camelComponentProperties());
                out.println("No AWS region configured: using the local emulator (SageMaker " + emulator.sageMakerEndpoint()
                        + ", S3 " + emulator.s3Endpoint() + ")");
            }
            String brokers = properties.getOrDefault(BROKERS_PROPERTY, configured(BROKERS_PROPERTY));
            try (Bridge bridge = Bridge.start(properties)) {
                if (requests <= 0) {
                    out.println("Bridge running; press Ctrl+C to stop.");
                    new CountDownLatch(1).await();
                }
                return demo(bridge, brokers, requests, out);
            }
        }
    }

    /** Publishes reviews (one of them malformed, one of 300 KB), then prints each answer as it arrives. */
    private static boolean demo(Bridge bridge, String brokers, int requests, PrintStream out) throws Exception {
        String requestsTopic = property(bridge, "bridge.requests-topic");
        String resultsTopic = property(bridge, "bridge.results-topic");
        String failuresTopic = property(bridge, "bridge.failures-topic");
        try (DemoClient client = new DemoClient(brokers, List.of(resultsTopic, failuresTopic))) {
            for (int i = 1; i <= requests; i++) {
                String key = "review-" + i;
                client.request(requestsTopic, key, review(i));
                out.println("-> " + requestsTopic + " " + key);
            }
            List<DemoClient.Answer> answers = client.awaitAnswers(requests, TIMEOUT);
            for (DemoClient.Answer answer : answers) {
                out.println("<- " + answer.topic() + " " + answer.key() + " (sent " + answer.headers().get("payload-mode")
                        + ", requested at " + answer.headers().get("requestedAt") + "): " + answer.value());
            }
            long distinctKeys = answers.stream().map(DemoClient.Answer::key).distinct().count();
            out.println(answers.size() + " answers to " + requests + " requests, " + distinctKeys + " distinct keys");
            return answers.size() == requests && distinctKeys == requests;
        }
    }

    /** Review i as JSON for the sentiment model; every fifth is malformed (a failure), every seventh about 300 KB. */
    static String review(int i) {
        if (i % 5 == 0) {
            return "{\"text\": \"this request is not valid JSON";
        }
        String text = REVIEWS[i % REVIEWS.length];
        if (i % 7 == 0) {
            text = (text + " ").repeat(300_000 / text.length());
        }
        return "{\"text\":\"" + text + "\"}";
    }

    private static String property(Bridge bridge, String name) {
        return bridge.context().getPropertiesComponent().resolveProperty(name).orElseThrow();
    }

    private static String configured(String property) {
        String value = System.getProperty(property);
        return value != null ? value : System.getenv(property.toUpperCase().replace('.', '_').replace('-', '_'));
    }
}
