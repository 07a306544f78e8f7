package io.github.sagemakerasync.examples.kafkabridge;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.sagemakerasync.emulator.LocalRun;
import io.github.sagemakerasync.emulator.SageMakerAsyncEmulator;

/**
 * The one-command local run ({@code exec:java@example}, which sets {@value #SWITCH}): a Kafka broker and the SageMaker
 * emulator in-process, then the bridge and its demo client. It lives with the tests, so the bridge's own code and
 * dependencies hold neither broker nor emulator. Without the switch it runs {@link BridgeExample} against what is
 * configured; with it, the emulator's region and keys win over any the machine has ({@link LocalRun}).
 */
public final class LocalBridgeExample {

    static final String SWITCH = "example.emulator";

    private LocalBridgeExample() {
    }

    public static void main(String[] args) throws Exception {
        if (!Boolean.getBoolean(SWITCH)) {
            BridgeExample.main(args);
            return;
        }
        System.exit(run(BridgeExample.demoRequests(), System.out) ? 0 : 1);
    }

    static boolean run(int requests, PrintStream out) throws Exception {
        try (SageMakerAsyncEmulator emulator = LocalRun.start(SageMakerAsyncEmulator.builder(), SWITCH + "=true", out);
             EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopics(3, List.of("inference-requests", "inference-results", "inference-failures"));
            out.println("*** LOCAL RUN: using an in-process broker at " + kafka.bootstrapServers() + " ***");
            Map<String, String> properties = new HashMap<>(emulator.camelComponentProperties());
            properties.put(BridgeExample.BROKERS_PROPERTY, kafka.bootstrapServers());
            return BridgeExample.run(properties, requests, out);
        }
    }
}
