package io.github.sagemakerasync.examples.kafkabridge;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.LongAdder;

import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answer leg's exactly-once stage: a Kafka Streams application, {@code processing.guarantee=exactly_once_v2}, that
 * reads the answers the bridge set down on its internal topic (at least once, keyed by request identity) and publishes
 * the first of each identity to the results, failures or uncorrelated topic, under the request's key.
 *
 * <p>"Already published" is a window store of identities, whose changelog Kafka Streams writes in the same transaction
 * as the published record and the internal topic's consumed offset: a read_committed reader sees each answer once,
 * whichever instance received the result, however often it was delivered, whichever instance was killed. Records of one
 * identity share a partition of the internal topic, so one task, on one instance, decides for them; a killed instance's
 * tasks move to the others, whose transactions fence the dead one's.
 */
public final class AnswerDeduplication implements AutoCloseable {

    /** The header naming where the answer goes: {@link #RESULTS}, {@link #FAILURES} or {@link #UNCORRELATED}. */
    static final String ANSWER_TO = "bridge-answer-to";
    /** The header holding the Kafka key the answer is published under (the request's). */
    static final String REQUEST_KEY = "bridge-request-key";
    static final String RESULTS = "results";
    static final String FAILURES = "failures";
    static final String UNCORRELATED = "uncorrelated";

    private static final Logger LOG = LoggerFactory.getLogger(AnswerDeduplication.class);
    private static final String SOURCE = "answers";
    private static final String FIRST_ONLY = "first-answer-only";
    private static final String PUBLISHED = "published-answers";

    private final KafkaStreams streams;
    private final LongAdder duplicates = new LongAdder();

    /**
     * @param settings     the Kafka client settings (servers, security, timeouts) and {@code application.id},
     *                     {@code state.dir}
     * @param answersTopic the internal topic
     * @param retention    how long an identity is remembered as published: longer than a result can be delivered again
     */
    public AnswerDeduplication(Properties settings, String answersTopic, String resultsTopic, String failuresTopic,
                               String uncorrelatedTopic, Duration retention) {
        Properties config = new Properties();
        config.putAll(settings);
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        config.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        Topology topology = new Topology()
                .addSource(SOURCE, new StringDeserializer(), new ByteArrayDeserializer(), answersTopic)
                .addProcessor(FIRST_ONLY, () -> new FirstAnswerOnly(retention), SOURCE)
                .addStateStore(Stores.windowStoreBuilder(
                        Stores.persistentWindowStore(PUBLISHED, retention, Duration.ofMillis(1), false),
                        Serdes.String(), Serdes.Long()), FIRST_ONLY)
                .addSink(RESULTS, resultsTopic, new StringSerializer(), new ByteArraySerializer(), FIRST_ONLY)
                .addSink(FAILURES, failuresTopic, new StringSerializer(), new ByteArraySerializer(), FIRST_ONLY)
                .addSink(UNCORRELATED, uncorrelatedTopic, new StringSerializer(), new ByteArraySerializer(), FIRST_ONLY);
        streams = new KafkaStreams(topology, config);
        // a broker restart or a fenced transaction ends the stream thread: start another, which resumes from the
        // last commit, rather than leave answers unpublished
        streams.setUncaughtExceptionHandler(exception -> {
            LOG.warn("The answers stage's thread failed, replacing it: {}", exception.toString());
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    }

    public void start() {
        streams.start();
    }

    /** Whether the stage is running (all its tasks assigned and restored). */
    public boolean running() {
        return streams.state() == KafkaStreams.State.RUNNING;
    }

    /** Answers this instance dropped as already published. */
    public long duplicatesDropped() {
        return duplicates.sum();
    }

    /** Transactions this instance committed (Kafka Streams' commits). */
    public double transactionsCommitted() {
        return streams.metrics().entrySet().stream()
                .filter(metric -> isCommitTotal(metric.getKey()))
                .mapToDouble(metric -> ((Number) metric.getValue().metricValue()).doubleValue())
                .sum();
    }

    private static boolean isCommitTotal(MetricName name) {
        return name.name().equals("commit-total") && name.group().equals("stream-thread-metrics");
    }

    /**
     * Stops the stage and leaves its group at once (it is a static member: {@code group.instance.id}), so that the
     * partitions move to the other instances, or to this one restarted, without waiting for its session to expire.
     *
     * @return whether it stopped within the time; if not, its thread may still use the state directory
     */
    public boolean close(Duration timeout) {
        return streams.close(new KafkaStreams.CloseOptions().timeout(timeout).leaveGroup(true));
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }

    /** Forwards the first answer of each identity to the sink its header names, under the request's key. */
    private final class FirstAnswerOnly implements Processor<String, byte[], String, byte[]> {

        private final long retentionMs;
        private ProcessorContext<String, byte[]> context;
        private WindowStore<String, Long> published;

        FirstAnswerOnly(Duration retention) {
            this.retentionMs = retention.toMillis();
        }

        @Override
        public void init(ProcessorContext<String, byte[]> context) {
            this.context = context;
            this.published = context.getStateStore(PUBLISHED);
        }

        @Override
        public void process(Record<String, byte[]> answer) {
            String identity = answer.key();
            long time = answer.timestamp();
            if (identity != null) {
                try (WindowStoreIterator<Long> seen = published.fetch(identity, time - retentionMs, time + retentionMs)) {
                    if (seen.hasNext()) {
                        duplicates.increment();
                        LOG.info("The answer to {} was published already: this copy is dropped", identity);
                        return;
                    }
                }
                published.put(identity, time, time);
            }
            String destination = text(answer.headers(), ANSWER_TO);
            String requestKey = text(answer.headers(), REQUEST_KEY);
            if (requestKey == null || destination == null) {
                // never under a null key: set aside under its identity
                destination = UNCORRELATED;
                requestKey = identity;
            }
            Headers headers = new RecordHeaders();
            for (Header header : answer.headers()) {
                if (!header.key().equals(ANSWER_TO) && !header.key().equals(REQUEST_KEY)) {
                    headers.add(header);
                }
            }
            context.forward(answer.withKey(requestKey).withHeaders(headers), destination);
        }

        private static String text(Headers headers, String name) {
            Header header = headers.lastHeader(name);
            return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
        }
    }
}
