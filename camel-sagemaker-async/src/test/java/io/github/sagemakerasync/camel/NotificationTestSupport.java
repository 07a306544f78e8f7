package io.github.sagemakerasync.camel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.github.sagemakerasync.emulator.AsyncEndpointConfig;
import io.github.sagemakerasync.emulator.NotificationConfig;
import io.github.sagemakerasync.emulator.NotificationConfig.IncludeResponseIn;
import io.github.sagemakerasync.emulator.SageMakerAsyncEmulator;
import io.github.sagemakerasync.emulator.junit.SageMakerAsyncEmulatorExtension;
import io.github.sagemakerasync.emulator.model.DigestModel;
import io.github.sagemakerasync.emulator.model.SentimentModel;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Results from SageMaker's notifications on an SQS queue (a real SQS-compatible server, the emulator's ElasticMQ),
 * with several CamelContexts as several application instances: the emulator, its topics and queues, and the helpers of
 * the tests that receive them ({@link NotificationConsumerTest}, {@link NotificationInstancesTest}, two classes so that
 * their JVMs run them side by side).
 */
abstract class NotificationTestSupport {

    private static final String REVIEWS_SUCCESS = "arn:aws:sns:us-east-1:000000000000:reviews-success";
    private static final String REVIEWS_ERROR = "arn:aws:sns:us-east-1:000000000000:reviews-error";
    private static final String DIGEST_TOPIC = "arn:aws:sns:us-east-1:000000000000:digest-results";
    private static final String NO_FAILURE_PATH_TOPIC = "arn:aws:sns:us-east-1:000000000000:no-failure-path-results";
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    @RegisterExtension
    static final SageMakerAsyncEmulatorExtension EMULATOR = new SageMakerAsyncEmulatorExtension(SageMakerAsyncEmulator.builder()
            .endpoint(AsyncEndpointConfig.builder("reviews")
                    .s3OutputPath("s3://results/reviews/output")
                    .s3FailurePath("s3://results/reviews/failures")
                    .notifications(NotificationConfig.of(REVIEWS_SUCCESS, REVIEWS_ERROR)
                            .includingResponseIn(IncludeResponseIn.SUCCESS_NOTIFICATION_TOPIC))
                    .model(new SentimentModel())
                    .build())
            .endpoint(AsyncEndpointConfig.builder("digest")
                    .s3OutputPath("s3://results/digest/output")
                    .s3FailurePath("s3://results/digest/failures")
                    .notifications(NotificationConfig.of(DIGEST_TOPIC, DIGEST_TOPIC))
                    .model(new DigestModel())
                    .build())
            // as an AWS endpoint with no S3FailurePath: a failure is known only from its notification
            .endpoint(AsyncEndpointConfig.builder("no-failure-path")
                    .s3OutputPath("s3://results/no-failure-path/output")
                    .notifications(NotificationConfig.of(NO_FAILURE_PATH_TOPIC, NO_FAILURE_PATH_TOPIC))
                    .model(new SentimentModel())
                    .build())
            .subscribe(NO_FAILURE_PATH_TOPIC, "no-failure-path-results")
            .subscribe(REVIEWS_SUCCESS, "reviews-results")
            .subscribe(REVIEWS_ERROR, "reviews-results")
            .subscribeRaw(DIGEST_TOPIC, "digest-results"));

    private final List<CamelContext> contexts = new ArrayList<>();
    /** Shared by every context of a test, as instances share a correlationStore on a database. */
    final CorrelationStore sharedStore = new InMemoryCorrelationStore();
    SqsClient sqs;

    @BeforeEach
    void start() {
        sqs = SqsClient.builder().endpointOverride(emulator().sqsEndpoint()).region(Region.of(emulator().region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(emulator().accessKeyId(), emulator().secretAccessKey())))
                .build();
        // each test starts from empty queues (SageMaker's TestNotifications included)
        sqs.purgeQueue(r -> r.queueUrl(emulator().queueUrl("reviews-results")));
        sqs.purgeQueue(r -> r.queueUrl(emulator().queueUrl("digest-results")));
        sqs.purgeQueue(r -> r.queueUrl(emulator().queueUrl("no-failure-path-results")));
        emulator().counters().reset();
    }

    @AfterEach
    void stop() throws Exception {
        for (CamelContext context : contexts) {
            context.stop();
        }
        contexts.clear();
        sqs.close();
    }

    static SageMakerAsyncEmulator emulator() {
        return EMULATOR.emulator();
    }

    static final class Received implements Processor {
        final List<Exchange> all = new CopyOnWriteArrayList<>();
        final Map<String, AtomicInteger> byInference = new ConcurrentHashMap<>();

        @Override
        public void process(Exchange exchange) {
            all.add(exchange.copy());
            byInference.computeIfAbsent(exchange.getMessage().getHeader(SageMakerAsyncConstants.INFERENCE_ID, String.class),
                    id -> new AtomicInteger()).incrementAndGet();
        }
    }

    /** A started context sending to the endpoint of {@code consumer} and consuming its results into {@code received}. */
    CamelContext context(Received received, String consumer) throws Exception {
        CamelContext context = new DefaultCamelContext();
        configure(context);
        String endpoint = consumer.substring("sagemaker-async:".length(), consumer.indexOf('?'));
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:send").to("sagemaker-async:" + endpoint + "?contentType=application/json&correlationHeaders=requestNo");
                from(consumer).process(received);
            }
        });
        start(context);
        return context;
    }

    void configure(CamelContext context) {
        context.setStreamCaching(false);
        SageMakerAsyncComponent component = SageMakerAsyncTestSupport.componentFor(emulator());
        component.getConfiguration().setCorrelationStore(sharedStore);
        context.getRegistry().bind("sagemaker-async", component);
    }

    void start(CamelContext context) {
        context.start();
        contexts.add(context);
    }

    /** Sends {@code count} requests; returns their InferenceIds. */
    static List<String> send(CamelContext context, String endpoint, int count, Function<Integer, String> body) {
        List<String> ids = new ArrayList<>();
        try (ProducerTemplate template = context.createProducerTemplate()) {
            for (int i = 0; i < count; i++) {
                int requestNo = i;
                Exchange sent = template.request("direct:send", exchange -> {
                    exchange.getMessage().setBody(body.apply(requestNo));
                    exchange.getMessage().setHeader("requestNo", requestNo);
                });
                assertThat(sent.getException()).as(endpoint + " request " + i).isNull();
                ids.add(sent.getMessage().getHeader(SageMakerAsyncConstants.INFERENCE_ID, String.class));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return ids;
    }

    int messagesIn(String queue) {
        Map<String, String> attributes = sqs.getQueueAttributes(r -> r.queueUrl(emulator().queueUrl(queue))
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributesAsStrings();
        return attributes.values().stream().mapToInt(Integer::parseInt).sum();
    }
}
