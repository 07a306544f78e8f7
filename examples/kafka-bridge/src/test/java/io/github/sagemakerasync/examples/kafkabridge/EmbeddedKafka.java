package io.github.sagemakerasync.examples.kafkabridge;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import kafka.testkit.KafkaClusterTestKit;
import kafka.testkit.TestKitNodes;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * A one-node Kafka cluster (KRaft, broker and controller combined) in this JVM, on 127.0.0.1, for the demo and the
 * tests. It uses Kafka's own test kit, the cluster Kafka's integration tests run on.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private final KafkaClusterTestKit cluster;

    private EmbeddedKafka(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    public static EmbeddedKafka start() throws Exception {
        KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .build();
        try {
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
        return new EmbeddedKafka(cluster);
    }

    /** Runs a broker in its own JVM until killed; prints {@code bootstrap=<servers>} once it is ready. */
    public static void main(String[] args) throws Exception {
        EmbeddedKafka kafka = start();
        System.out.println("bootstrap=" + kafka.bootstrapServers());
        new CountDownLatch(1).await();
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** Creates the topics, each with the given partitions. */
    public void createTopics(int partitions, List<String> names) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            admin.createTopics(names.stream().map(name -> new NewTopic(name, partitions, (short) 1)).toList()).all().get();
        }
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
