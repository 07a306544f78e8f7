package io.github.sagemakerasync.examples.kafkabridge;

import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import org.apache.camel.CamelContext;
import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.component.kafka.KafkaConfiguration;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The Kafka clients the bridge runs beside Camel's (the answers stage, the request lookup, an admin client) connect as
 * Camel's do: the same servers, security, and session and request timeouts, taken from {@code camel.component.kafka.*},
 * so they are configured once.
 */
final class KafkaSettings {

    /** Settings every client shares; serializers, groups and commit settings stay each client's own. */
    private static final List<String> SHARED_PREFIXES = List.of("bootstrap.servers", "security.", "sasl.", "ssl.",
            "client.dns.lookup", "session.timeout.ms", "heartbeat.interval.ms", "request.timeout.ms",
            "retry.backoff.", "reconnect.backoff.", "socket.connection.setup.timeout.", "connections.max.idle.ms");

    private KafkaSettings() {
    }

    static Properties shared(CamelContext context) {
        KafkaConfiguration configuration = context.getComponent("kafka", KafkaComponent.class).getConfiguration();
        Properties consumer = configuration.createConsumerProperties();
        Properties shared = new Properties();
        // Camel adds the brokers to its clients' settings itself, when it creates them
        if (configuration.getBrokers() != null) {
            shared.put("bootstrap.servers", configuration.getBrokers());
        }
        for (String name : consumer.stringPropertyNames()) {
            if (SHARED_PREFIXES.stream().anyMatch(name::startsWith)) {
                shared.put(name, consumer.getProperty(name));
            }
        }
        return shared;
    }

    /** The id of a topic, which changes when the topic is deleted and created again. */
    static String topicId(Admin admin, String topic) throws InterruptedException {
        try {
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            return description.topicId().toString();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new IllegalStateException("The requests topic " + topic + " (bridge.requests-topic) does not exist: "
                        + "create it first", e);
            }
            throw new IllegalStateException("Could not describe the topic " + topic + ": " + e.getCause(), e);
        }
    }

    /** Creates the topic, with as many partitions as {@code like} and the broker's default replication, if missing. */
    static void createIfMissing(Admin admin, String topic, String like) throws InterruptedException {
        try {
            Set<String> existing = admin.listTopics().names().get();
            if (existing.contains(topic)) {
                return;
            }
            int partitions = admin.describeTopics(List.of(like)).allTopicNames().get().get(like).partitions().size();
            admin.createTopics(List.of(new NewTopic(topic, Optional.of(partitions), Optional.empty()))).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Could not create the topic " + topic + ": " + e.getCause(), e);
            }
        }
    }
}
