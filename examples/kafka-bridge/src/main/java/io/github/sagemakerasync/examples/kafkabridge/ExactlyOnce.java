package io.github.sagemakerasync.examples.kafkabridge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.sql.DataSource;

import io.github.sagemakerasync.camel.SageMakerAsyncConstants;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.h2.jdbcx.JdbcConnectionPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code bridge.guarantee=exactly-once}: the steps the routes take, and what they need, started with the CamelContext
 * (once the Kafka component is configured, before the routes) and stopped with it. Each request gets its
 * {@link RequestIdentity} and is sent only if the {@link SubmissionLedger} has no acceptance of it; each result is
 * addressed for the {@link AnswerDeduplication} stage, which publishes the first answer of each identity.
 *
 * <p>At start: the requests topic's id (for the identities' tag) and the internal answers topic (created when missing,
 * with as many partitions as the requests topic); the ledger, in the shared database or in an H2 file beside the
 * correlation file, purged hourly of rows older than {@code bridge.dedupe-retention}; the request lookup; the answers
 * stage.
 */
public final class ExactlyOnce extends ServiceSupport {

    /** Exchange property: the ledger already had the request as accepted, so it is not sent again. */
    static final String ALREADY_ACCEPTED = "bridge.alreadyAccepted";

    private static final Logger LOG = LoggerFactory.getLogger(ExactlyOnce.class);

    private final CamelContext context;
    private final DataSource sharedDatabase;
    private final Duration retention;

    private String tag;
    private SubmissionLedger ledger;
    private RequestRecords requests;
    private AnswerDeduplication answers;
    private JdbcConnectionPool ledgerFile;
    private Path temporaryState;

    /** @param sharedDatabase the database of the correlations every instance shares, or null (one instance, files) */
    ExactlyOnce(CamelContext context, DataSource sharedDatabase) {
        this.context = context;
        this.sharedDatabase = sharedDatabase;
        this.retention = retention(Bridge.setting(context, "bridge.dedupe-retention"));
    }

    @Override
    protected void doStart() throws Exception {
        String requestsTopic = Bridge.setting(context, "bridge.requests-topic");
        String answersTopic = Bridge.setting(context, "bridge.answers-topic");
        String groupId = Bridge.setting(context, "bridge.group-id");
        Properties kafka = KafkaSettings.shared(context);
        try (Admin admin = Admin.create(kafka)) {
            tag = RequestIdentity.tag(KafkaSettings.topicId(admin, requestsTopic), groupId);
            KafkaSettings.createIfMissing(admin, answersTopic, requestsTopic);
        }

        DataSource database = sharedDatabase;
        if (database == null) {
            Path file = Path.of(Bridge.setting(context, Bridge.CORRELATION_FILE) + "-submissions").toAbsolutePath();
            // written to the file on each commit, as the correlation file is: nothing recorded is lost to a kill -9
            ledgerFile = JdbcConnectionPool.create("jdbc:h2:file:" + file + ";WRITE_DELAY=0", "sa", "");
            database = ledgerFile;
        }
        ledger = new SubmissionLedger(database, Clock.systemUTC());
        ledger.createTableIfMissing();
        ScheduledExecutorService purge = context.getExecutorServiceManager()
                .newSingleThreadScheduledExecutor(this, "bridge-ledger-purge");
        purge.scheduleWithFixedDelay(this::purgeLedger, 0, 1, TimeUnit.HOURS);

        List<String> carried = Arrays.stream(Bridge.setting(context, "bridge.carried-headers").split(","))
                .map(String::trim).filter(name -> !name.isEmpty()).toList();
        requests = new RequestRecords(kafka, requestsTopic, carried);

        Properties streams = new Properties();
        streams.putAll(kafka);
        streams.put(StreamsConfig.APPLICATION_ID_CONFIG, groupId + "-answers");
        // a static member, so that a stop leaves the group at once; a stable bridge.instance-id (a pod's name) also
        // lets an instance restarted after a kill take its own place back without a rebalance
        String instanceId = Bridge.setting(context, "bridge.instance-id").trim();
        streams.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceId.isEmpty() ? UUID.randomUUID().toString() : instanceId);
        String stateDir = Bridge.setting(context, "bridge.state-dir").trim();
        if (stateDir.isEmpty()) {
            temporaryState = Files.createTempDirectory("sagemaker-async-bridge-streams");
            stateDir = temporaryState.toString();
        }
        streams.put(StreamsConfig.STATE_DIR_CONFIG, stateDir);
        answers = new AnswerDeduplication(streams, answersTopic, Bridge.setting(context, "bridge.results-topic"),
                Bridge.setting(context, "bridge.failures-topic"), Bridge.setting(context, "bridge.uncorrelated-topic"),
                retention);
        answers.start();
    }

    @Override
    protected void doStop() {
        boolean stageStopped = true;
        if (answers != null) {
            stageStopped = answers.close(Duration.ofSeconds(30));
        }
        if (requests != null) {
            requests.close();
        }
        if (ledgerFile != null) {
            ledgerFile.dispose();
        }
        if (temporaryState != null && stageStopped) {
            deleteRecursively(temporaryState);
        }
    }

    /** The answers stage, for its counts. */
    public AnswerDeduplication answers() {
        return answers;
    }

    private void purgeLedger() {
        try {
            int purged = ledger.purge(retention);
            LOG.debug("Submission ledger: {} rows older than {} deleted", purged, retention);
        } catch (RuntimeException e) {
            LOG.warn("Submission ledger: rows older than {} could not be deleted, tried again in an hour: {}", retention,
                    e.getMessage());
        }
    }

    /** bridge.dedupe-retention, an ISO-8601 duration of at least an hour. */
    static Duration retention(String value) {
        try {
            Duration retention = Duration.parse(value.trim());
            if (retention.compareTo(Duration.ofHours(1)) >= 0) {
                return retention;
            }
        } catch (DateTimeParseException e) {
            // refused below, with the value
        }
        throw new IllegalArgumentException("bridge.dedupe-retention (how long a request's acceptance and answer are "
                + "remembered) must be an ISO-8601 duration of at least one hour, such as P14D, was '" + value + "'");
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.debug("Could not delete {}: {}", directory, e.toString());
        }
    }

    /**
     * Gives the request its identity (InferenceId, and Filename so an S3 result names it too) and records that it is
     * about to be sent, unless the ledger has it as accepted already.
     */
    public void beginSubmission(Exchange exchange) {
        Message message = exchange.getMessage();
        RequestIdentity identity = new RequestIdentity(tag, message.getHeader(KafkaConstants.PARTITION, Integer.class),
                message.getHeader(KafkaConstants.OFFSET, Long.class));
        String inferenceId = identity.inferenceId();
        message.setHeader(SageMakerAsyncConstants.INFERENCE_ID, inferenceId);
        identity.filename().ifPresent(filename -> message.setHeader(SageMakerAsyncConstants.FILENAME, filename));
        SubmissionLedger.Previous previous = ledger.begin(inferenceId);
        switch (previous) {
            case ACCEPTED -> {
                LOG.info("Request {} was accepted by SageMaker before: not sent again", inferenceId);
                exchange.setProperty(ALREADY_ACCEPTED, true);
            }
            case SUBMITTING -> LOG.warn("Request {} was sent before and its acceptance not recorded (its send failed, or "
                    + "its bridge stopped): SageMaker may have it already; sent again, its answer still published once",
                    inferenceId);
            case NONE -> {
                // the usual case
            }
        }
    }

    /** The request was not sent (its producer's bound held too long): read again, it is a new submission. */
    public void notSent(Exchange exchange) {
        ledger.notSent(exchange.getMessage().getHeader(SageMakerAsyncConstants.INFERENCE_ID, String.class));
    }

    /** Records that SageMaker accepted the request: a record consumed again is then not sent again. */
    public void accepted(Exchange exchange) {
        ledger.accepted(exchange.getMessage().getHeader(SageMakerAsyncConstants.INFERENCE_ID, String.class));
    }

    /**
     * Addresses a result for the answers stage: the Kafka key is the request's identity (the stage publishes the first
     * answer of each), with the destination and the request's key in headers. A result whose correlation was lost (a
     * bridge killed between SageMaker's 202 and recording it) but which names one of this bridge's requests, by its
     * InferenceId or its object's name, is answered under that request's key, read again from the requests topic;
     * only a result of a request this bridge never sent is uncorrelated.
     */
    public void addressResult(Exchange exchange) {
        Message message = exchange.getMessage();
        String inferenceId = message.getHeader(SageMakerAsyncConstants.INFERENCE_ID, String.class);
        String resultLocation = message.getHeader(SageMakerAsyncConstants.RESULT_LOCATION, String.class);
        String requestKey = message.getHeader(KafkaConstants.KEY, String.class);
        Optional<RequestIdentity> identity = RequestIdentity.parse(inferenceId)
                .or(() -> RequestIdentity.ofResultLocation(resultLocation))
                .filter(ours -> ours.tag().equals(tag));
        if (requestKey == null && identity.isPresent()) {
            Optional<RequestRecords.Request> request = requests.find(identity.get());
            if (request.isPresent()) {
                LOG.info("Result of {} had no correlation: answered under its request's key, read from the requests "
                        + "topic", identity.get().inferenceId());
                requestKey = request.get().key();
                request.get().headers().forEach(message::setHeader);
            }
        }
        String answerTo;
        if (requestKey == null) {
            answerTo = AnswerDeduplication.UNCORRELATED;
            requestKey = inferenceId != null ? inferenceId : resultLocation;
        } else {
            answerTo = "Completed".equals(message.getHeader(SageMakerAsyncConstants.STATUS, String.class))
                    ? AnswerDeduplication.RESULTS : AnswerDeduplication.FAILURES;
        }
        message.setHeader(AnswerDeduplication.ANSWER_TO, answerTo);
        message.setHeader(AnswerDeduplication.REQUEST_KEY, requestKey);
        // the identity a second delivery of this result shares
        message.setHeader(KafkaConstants.KEY, identity.map(RequestIdentity::inferenceId)
                .orElse(inferenceId != null ? inferenceId : resultLocation));
        if (message.getHeader("inference-id") == null && identity.isPresent()) {
            message.setHeader("inference-id", identity.get().inferenceId());
        }
    }

    /**
     * Addresses the answer to a request refused before it reached SageMaker: a failure, under the request's key (a
     * request without a key is answered on the uncorrelated topic, under its identity).
     */
    public void addressRefusal(Exchange exchange) {
        Message message = exchange.getMessage();
        String requestKey = message.getHeader(KafkaConstants.KEY, String.class);
        String inferenceId = message.getHeader(SageMakerAsyncConstants.INFERENCE_ID, String.class);
        message.setHeader(AnswerDeduplication.ANSWER_TO,
                requestKey == null ? AnswerDeduplication.UNCORRELATED : AnswerDeduplication.FAILURES);
        message.setHeader(AnswerDeduplication.REQUEST_KEY, requestKey == null ? inferenceId : requestKey);
        message.setHeader(KafkaConstants.KEY, inferenceId);
    }
}
