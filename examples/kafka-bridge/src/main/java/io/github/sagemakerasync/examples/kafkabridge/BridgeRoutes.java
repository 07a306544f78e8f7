package io.github.sagemakerasync.examples.kafkabridge;

import io.github.sagemakerasync.camel.MaxPendingInvocationsException;
import io.github.sagemakerasync.camel.SageMakerAsyncConstants;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.apache.camel.model.OnExceptionDefinition;
import org.apache.camel.model.RouteDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sagemakerruntime.model.ValidationErrorException;

/**
 * Kafka → SageMaker asynchronous inference → Kafka.
 *
 * <ul>
 * <li>{@code submit-requests}: each record of the requests topic is sent to the endpoint; its offset is committed only
 * once SageMaker accepted the request. A request that cannot be submitted is retried with back-off, and if it still
 * fails the consumer seeks back to it and tries again on the next poll: it is never skipped. A request refused for
 * what it is (no body, a ValidationError) is answered on the failures topic instead, so it cannot block its
 * partition. With exactly-once, each request carries its {@link RequestIdentity} and is not sent again once the
 * {@link SubmissionLedger} has its acceptance.</li>
 * <li>{@code publish-results}: each result goes out under the Kafka key of its request, with the request's chosen
 * headers, carried by the component's correlation store: to the results topic, failures to the failures topic, a
 * result of no known request to the uncorrelated topic (never under a null key). With exactly-once it goes first to
 * the internal answers topic, keyed by identity, where {@link AnswerDeduplication} publishes the first of each.
 * Results come from S3 listings, or from SageMaker's notifications on an SQS queue (bridge.notification-queue), which
 * several instances share; each is deleted only after Kafka acknowledged its record.</li>
 * </ul>
 */
public class BridgeRoutes extends RouteBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(BridgeRoutes.class);

    /** Request headers that travel to the result record: the record key and what the requester asked to carry. */
    static final String CARRIED_HEADERS = KafkaConstants.KEY + ",{{bridge.carried-headers}}";

    private static final String INVOKE = "sagemaker-async:{{bridge.endpoint}}?inputLocation={{bridge.input-location}}"
            + "&contentType={{bridge.content-type}}&correlationHeaders=" + CARRIED_HEADERS;
    /** The internal topic the answers stage reads (exactly once). */
    private static final String ANSWERS = "kafka:{{bridge.answers-topic}}";

    @Override
    public void configure() {
        // set by Bridge with bridge.guarantee=exactly-once, absent with at-least-once
        ExactlyOnce exactlyOnce = getContext().getRegistry().lookupByNameAndType("exactlyOnce", ExactlyOnce.class);
        submitRequests(exactlyOnce);
        publishResults(exactlyOnce);
    }

    private void submitRequests(ExactlyOnce exactlyOnce) {
        String invoke = invokeUri(maxPending());
        RouteDefinition submit = from("kafka:{{bridge.requests-topic}}?groupId={{bridge.group-id}}"
                + "&autoOffsetReset=earliest&autoCommitEnable=false&allowManualCommit=true&breakOnFirstError=true"
                // a stop waits for the poll in progress: a second, not the default five (records end a poll at once)
                + "&pollTimeoutMs=1000"
                // each consumer thread submits one record at a time, so a thread sends a request per round trip
                + "&consumersCount=" + consumerThreads()
                // commits are queued and made by the consumer's own thread, which the Kafka client requires
                + "&kafkaManualCommitFactory=#class:org.apache.camel.component.kafka.consumer.DefaultKafkaManualAsyncCommitFactory")
                .routeId("submit-requests");
        submit.errorHandler(defaultErrorHandler()
                .maximumRedeliveries(3).redeliveryDelay(200).useExponentialBackOff().backOffMultiplier(2)
                .retryAttemptedLogLevel(LoggingLevel.WARN));
        // the bound held for pendingParkTimeout: read the record again later rather than wait here longer
        OnExceptionDefinition unsent = submit.onException(MaxPendingInvocationsException.class).maximumRedeliveries(0);
        if (exactlyOnce != null) {
            unsent.process(exactlyOnce::notSent);
        }
        // a request refused for what it is (no body, a value SageMaker rejects) fails the same way every time: it is
        // answered on the failures topic, under its key, and passed, instead of blocking its partition
        OnExceptionDefinition refused = submit.onException(IllegalArgumentException.class, ValidationErrorException.class)
                .handled(true).maximumRedeliveries(0)
                .process(BridgeRoutes::describeRefusal);
        if (exactlyOnce != null) {
            refused.process(exactlyOnce::addressRefusal).to(ANSWERS);
        } else {
            refused.to("kafka:{{bridge.failures-topic}}");
        }
        refused.process(BridgeRoutes::commit);

        if (exactlyOnce != null) {
            // sent only if the ledger has no acceptance of it: a record consumed again after a kill is not sent twice
            submit.process(exactlyOnce::beginSubmission)
                    .filter(exchangeProperty(ExactlyOnce.ALREADY_ACCEPTED).isNull())
                        .to(invoke)
                        .process(exactlyOnce::accepted)
                    .end();
        } else {
            submit.to(invoke);
        }
        submit.process(BridgeRoutes::commit);
    }

    private void publishResults(ExactlyOnce exactlyOnce) {
        // inputLocation here too: the input of a result whose bridge died before recording its request is deleted as well
        RouteDefinition publish = from("sagemaker-async:{{bridge.endpoint}}?" + resultSource()
                + "&deleteInputAfterResult=true&inputLocation={{bridge.input-location}}&initialDelay=0&delay=250")
                .routeId("publish-results");
        // Camel's own headers stay out of Kafka records: name what the answer's reader may want
        publish.setHeader("inference-id", header(SageMakerAsyncConstants.INFERENCE_ID))
                .setHeader("payload-mode", header(SageMakerAsyncConstants.PAYLOAD_MODE))
                .convertBodyTo(String.class);
        if (exactlyOnce != null) {
            // set down on the internal topic under the request's identity; the result in S3 or SQS is finished once
            // Kafka has it, and the answers stage publishes the first answer of each identity
            publish.process(exactlyOnce::addressResult).to(ANSWERS);
            return;
        }
        publish.choice()
                // no correlation, so no key to answer under: set aside, never published under a null key
                .when(header(KafkaConstants.KEY).isNull())
                    .log(LoggingLevel.WARN, "Result of inference ${header.inference-id} has no known request: "
                            + "published to {{bridge.uncorrelated-topic}}")
                    .setHeader(KafkaConstants.KEY, header("inference-id"))
                    .to("kafka:{{bridge.uncorrelated-topic}}")
                .when(header(SageMakerAsyncConstants.STATUS).isEqualTo("Completed"))
                    .to("kafka:{{bridge.results-topic}}")
                .otherwise()
                    .to("kafka:{{bridge.failures-topic}}");
    }

    /**
     * SageMaker's notifications on an SQS queue when bridge.notification-queue is set, else listings of S3: of the
     * output folder, and of the failure folder unless bridge.failure-location is empty (an endpoint without
     * S3FailurePath, whose failures only its error topic's notifications tell).
     */
    private String resultSource() {
        if (!setting("bridge.notification-queue").isBlank()) {
            return "notificationQueue={{bridge.notification-queue}}";
        }
        return "outputLocation={{bridge.output-location}}"
                + (setting("bridge.failure-location").isBlank() ? "" : "&failureLocation={{bridge.failure-location}}");
    }

    /**
     * bridge.consumers, checked here: Kafka's consumersCount takes 0 or less without a word and then starts no thread,
     * so the bridge would run and never submit a request.
     */
    private int consumerThreads() {
        String value = setting("bridge.consumers").trim();
        try {
            int threads = Integer.parseInt(value);
            if (threads >= 1) {
                return threads;
            }
        } catch (NumberFormatException e) {
            // refused below, with the value
        }
        throw new IllegalArgumentException("bridge.consumers (Kafka consumer threads of this instance) must be a whole "
                + "number of 1 or more, was '" + value + "'");
    }

    /**
     * The producer's URI; with bridge.max-pending, its bound. At the bound a consumer thread waits in the producer (no
     * poll, no commit: the records wait in Kafka) until a result frees a place. After 60 s it fails without retries,
     * and the consumer reads the record again: well within Kafka's max.poll.interval.ms (5 minutes), so a waiting
     * thread keeps its partitions.
     */
    private static String invokeUri(int maxPending) {
        return maxPending == 0 ? INVOKE : INVOKE + "&maxPendingInvocations=" + maxPending + "&pendingParkTimeout=60s";
    }

    /** bridge.max-pending, checked: 0 (off) or more. */
    private int maxPending() {
        String value = setting("bridge.max-pending").trim();
        try {
            int max = value.isEmpty() ? 0 : Integer.parseInt(value);
            if (max >= 0) {
                return max;
            }
        } catch (NumberFormatException e) {
            // refused below, with the value
        }
        throw new IllegalArgumentException("bridge.max-pending (requests accepted by SageMaker and not yet answered at "
                + "which the bridge stops taking requests from Kafka) must be 0 (no bound) or a whole number, was '"
                + value + "'");
    }

    private String setting(String name) {
        return Bridge.setting(getContext(), name);
    }

    /** The body of a refused request's answer: why it was refused. */
    private static void describeRefusal(Exchange exchange) {
        Exception refusal = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        LOG.warn("Request {} refused: {}", exchange.getMessage().getHeader(KafkaConstants.KEY), refusal.getMessage());
        exchange.getMessage().setBody("Request refused: " + refusal.getMessage());
    }

    /** Commits the request's offset: the request was accepted by SageMaker, or answered as refused. */
    private static void commit(Exchange exchange) {
        exchange.getMessage().getHeader(KafkaConstants.MANUAL_COMMIT, KafkaManualCommit.class).commit();
    }
}
