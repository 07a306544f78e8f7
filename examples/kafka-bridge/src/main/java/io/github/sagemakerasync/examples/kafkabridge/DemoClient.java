package io.github.sagemakerasync.examples.kafkabridge;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What the systems around the bridge do, with plain Kafka clients: one publishes requests, keyed, with a
 * {@code requestedAt} header; another reads results and failures and matches them to the requests by key.
 */
public final class DemoClient implements AutoCloseable {

    /** A result or failure record as read back. */
    public record Answer(String topic, String key, String value, Map<String, String> headers) {
    }

    private final KafkaProducer<String, String> producer;
    private final KafkaConsumer<String, String> consumer;

    public DemoClient(String bootstrapServers, List<String> answerTopics) {
        this(bootstrapServers, answerTopics, "demo-client");
    }

    /** A client whose reader is in its own consumer group: a new group reads the answer topics from the start. */
    public DemoClient(String bootstrapServers, List<String> answerTopics, String readerGroup) {
        Properties producerConfig = new Properties();
        producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        producerConfig.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producerConfig.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        producer = new KafkaProducer<>(producerConfig);

        Properties consumerConfig = new Properties();
        consumerConfig.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, readerGroup);
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // answers are published in Kafka transactions: read only committed ones, each once
        consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerConfig.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        consumerConfig.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        consumer = new KafkaConsumer<>(consumerConfig);
        consumer.subscribe(answerTopics);
    }

    /** Publishes one request and waits until Kafka has it. */
    public void request(String topic, String key, String json) throws Exception {
        send(topic, key, json).get();
    }

    /**
     * Publishes one request without waiting for Kafka (records of one key keep their order); {@link #flush()} waits
     * for every request published so far.
     */
    public Future<RecordMetadata> send(String topic, String key, String json) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, json);
        record.headers().add("requestedAt", Instant.now().toString().getBytes(StandardCharsets.UTF_8));
        return producer.send(record);
    }

    /** Waits until Kafka has every request published so far. */
    public void flush() {
        producer.flush();
    }

    /** Reads answers until {@code count} arrived or the timeout passed; returns them in arrival order. */
    public List<Answer> awaitAnswers(int count, Duration timeout) {
        List<Answer> answers = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (answers.size() < count && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                Map<String, String> headers = new LinkedHashMap<>();
                for (Header header : record.headers()) {
                    headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
                }
                answers.add(new Answer(record.topic(), record.key(), record.value(), headers));
            }
        }
        return answers;
    }

    /** Reads whatever else arrives within the given time: to show that nothing came twice. */
    public List<Answer> drain(Duration quiet) {
        return awaitAnswers(Integer.MAX_VALUE, quiet);
    }

    @Override
    public void close() {
        producer.close();
        consumer.close();
    }
}
