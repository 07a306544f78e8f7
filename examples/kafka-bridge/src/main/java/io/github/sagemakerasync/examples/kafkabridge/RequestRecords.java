package io.github.sagemakerasync.examples.kafkabridge;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a request record again by its position, for the key and headers its answer goes out with, when the result
 * came back and its correlation did not (a bridge killed between SageMaker's 202 and recording it). One consumer of
 * no group, assigned by hand, used by one thread at a time: this is the rare path.
 */
public final class RequestRecords implements AutoCloseable {

    /** What an answer needs of its request. */
    public record Request(String key, Map<String, String> headers) {
    }

    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration GIVE_UP = Duration.ofSeconds(10);

    private final String topic;
    private final List<String> carriedHeaders;
    private final KafkaConsumer<String, byte[]> consumer;

    public RequestRecords(Properties clientSettings, String topic, List<String> carriedHeaders) {
        Properties settings = new Properties();
        settings.putAll(clientSettings);
        settings.remove(ConsumerConfig.GROUP_ID_CONFIG);
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // a record older than the topic's retention: the first one kept, past it, tells that it is gone
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1");
        this.consumer = new KafkaConsumer<>(settings, new StringDeserializer(), new ByteArrayDeserializer());
        this.topic = topic;
        this.carriedHeaders = List.copyOf(carriedHeaders);
    }

    /** The request at this identity's partition and offset, or empty when the topic no longer holds it. */
    public synchronized Optional<Request> find(RequestIdentity identity) {
        TopicPartition partition = new TopicPartition(topic, identity.partition());
        consumer.assign(List.of(partition));
        consumer.seek(partition, identity.offset());
        long deadline = System.nanoTime() + GIVE_UP.toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                if (record.offset() == identity.offset()) {
                    return Optional.of(new Request(record.key(), carried(record)));
                }
                // past it (compacted away or a transaction marker): the record is gone
                return Optional.empty();
            }
            if (consumer.position(partition) > identity.offset()) {
                return Optional.empty();
            }
        }
        throw new IllegalStateException("The request at " + partition + " offset " + identity.offset()
                + " could not be read within " + GIVE_UP.toSeconds() + " s");
    }

    private Map<String, String> carried(ConsumerRecord<String, byte[]> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : carriedHeaders) {
            Header header = record.headers().lastHeader(name);
            if (header != null && header.value() != null) {
                headers.put(name, new String(header.value(), StandardCharsets.UTF_8));
            }
        }
        return headers;
    }

    @Override
    public synchronized void close() {
        consumer.close();
    }
}
