package io.github.sagemakerasync.examples.kafkabridge;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;


/**
 * Runs the bridge, and a demo client that publishes requests and prints the answers.
 *
 * <p>This is the bridge as it runs against real Kafka and AWS: brokers ({@code camel.component.kafka.brokers}), region
 * and locations come from configuration alone. The one-command local run, {@code LocalBridgeExample} in the tests,
 * starts a broker and the emulator in-process and hands their properties to {@link #run}.
 * {@code -Dbridge.demo-requests=N} sets how many requests the demo client sends (8 by default); with 0 the bridge runs
 * until stopped, as it would in production.
 */
public final class BridgeExample {

    static final String BROKERS_PROPERTY = "camel.component.kafka.brokers";
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final String[] REVIEWS = {
        "Great product: setup was easy and it works fast.",
        "Terrible support, the app crashes and the sync is slow.",
        "I love it, best purchase this year, highly recommend.",
    };

    private BridgeExample() {
    }

    public static void main(String[] args) throws Exception {
        boolean allAnswered = run(Map.of(), demoRequests(), System.out);
        System.exit(allAnswered ? 0 : 1);
    }

    static int demoRequests() {
        return Integer.getInteger("bridge.demo-requests", 8);
    }

    /**
     * Runs the bridge with the demo client; returns whether every request was answered exactly once.
     *
     * @param properties more Camel Main properties (they win over application.properties)
     */
    static boolean run(Map<String, String> properties, int requests, PrintStream out) throws Exception {
        String brokers = properties.getOrDefault(BROKERS_PROPERTY, configured(BROKERS_PROPERTY));
        try (Bridge bridge = Bridge.start(properties)) {
            if (requests <= 0) {
                out.println("Bridge running; press Ctrl+C to stop.");
                new CountDownLatch(1).await();
            }
            return demo(bridge, brokers, requests, out);
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
