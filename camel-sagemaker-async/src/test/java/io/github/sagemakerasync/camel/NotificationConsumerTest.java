package io.github.sagemakerasync.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.github.sagemakerasync.emulator.Api;
import io.github.sagemakerasync.emulator.InjectedFault;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Results from SageMaker's notifications on an SQS queue (a real SQS-compatible server, the emulator's ElasticMQ),
 * with several CamelContexts as several application instances.
 */
class NotificationConsumerTest {

    private static final String REVIEWS_SUCCESS = "arn:aws:sns:us-east-1:000000000000:reviews-success";
    private static final String REVIEWS_ERROR = "arn:aws:sns:us-east-1:000000000000:reviews-error";
    private static final String DIGEST_TOPIC = "arn:aws:sns:us-east-1:000000000000:digest-results";
    private static final String NO_FAILURE_PATH_TOPIC = "arn:aws:sns:us-east-1:000000000000:no-failure-path-results";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

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
    private final CorrelationStore sharedStore = new InMemoryCorrelationStore();
    private SqsClient sqs;

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

    private static SageMakerAsyncEmulator emulator() {
        return EMULATOR.emulator();
    }

    @Test
    void aResponseIncludedInTheNotificationCostsNoS3Request() throws Exception {
        Received received = new Received();
        CamelContext context = context(received, "sagemaker-async:reviews?notificationQueue=reviews-results&notificationWaitTimeSeconds=1"
                + "&afterRead=keep&initialDelay=0&delay=10");

        List<String> sent = send(context, "reviews", 5, i -> "{\"text\":\"great " + i + "\"}");

        await().atMost(TIMEOUT).until(() -> received.all.size() == 5);
        assertThat(received.byInference.keySet()).containsExactlyInAnyOrderElementsOf(sent);
        received.all.forEach(exchange -> {
            assertThat(exchange.getMessage().getHeader(SageMakerAsyncConstants.STATUS)).isEqualTo("Completed");
            assertThat(exchange.getMessage().getBody(String.class)).contains("POSITIVE");
            assertThat(exchange.getMessage().getHeader("requestNo", String.class)).isNotNull();
        });
        assertThat(emulator().counters().get(Api.S3, "GetObject")).isZero();
        assertThat(emulator().counters().get(Api.S3, "ListObjectsV2")).isZero();
        assertThat(emulator().counters().get(Api.S3, "DeleteObject")).isZero();
        await().atMost(TIMEOUT).until(() -> messagesIn("reviews-results") == 0);
    }

    @Test
    void aResponseNotIncludedIsReadFromS3AndTheOutputDeleted() throws Exception {
        Received received = new Received();
        CamelContext context = context(received, "sagemaker-async:digest?notificationQueue=digest-results&notificationWaitTimeSeconds=1"
                + "&initialDelay=0&delay=10");

        send(context, "digest", 3, i -> "payload " + i);

        await().atMost(TIMEOUT).until(() -> received.all.size() == 3);
        received.all.forEach(exchange -> assertThat(exchange.getMessage().getBody(String.class)).contains("sha256"));
        assertThat(emulator().counters().get(Api.S3, "GetObject")).isEqualTo(3);
        await().atMost(TIMEOUT).until(() -> emulator().listObjects("s3://results/digest/output/").isEmpty());
        await().atMost(TIMEOUT).until(() -> messagesIn("digest-results") == 0);
    }

    @Test
    void anUncorrelatedResultsUploadedInputIsDeletedButNeverAnInputTheUserNamed() throws Exception {
        String uploads = "s3://results/uploads";
        String mine = "s3://results/mine/input.txt";
        try (S3Client s3 = SageMakerAsyncTestSupport.plainS3Client(emulator())) {
            s3.putObject(r -> r.bucket("results").key("mine/input.txt"),
                    RequestBody.fromString("my own data"));
        }
        // the producer's process and the consumer's do not share a store: as a producer killed before it recorded
        CamelContext producer = new DefaultCamelContext();
        producer.addComponent("sagemaker-async", SageMakerAsyncTestSupport.componentFor(emulator()));
        producer.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:send").to("sagemaker-async:digest?payloadMode=s3&inputLocation=" + uploads);
            }
        });
        start(producer);
        Received received = new Received();
        CamelContext consumer = new DefaultCamelContext();
        consumer.addComponent("sagemaker-async", SageMakerAsyncTestSupport.componentFor(emulator()));
        consumer.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("sagemaker-async:digest?notificationQueue=digest-results&notificationWaitTimeSeconds=1&initialDelay=0"
                        + "&delay=10&deleteInputAfterResult=true&inputLocation=" + uploads).process(received);
            }
        });
        start(consumer);

        try (ProducerTemplate template = producer.createProducerTemplate()) {
            template.sendBody("direct:send", "uploaded payload 1");
            template.sendBody("direct:send", "uploaded payload 2");
            template.sendBodyAndHeader("direct:send", null, SageMakerAsyncConstants.INPUT_OBJECT, mine);
        }

        await().atMost(TIMEOUT).until(() -> received.all.size() == 3);
        assertThat(received.all).allSatisfy(exchange ->
                assertThat(exchange.getMessage().getHeader(SageMakerAsyncConstants.CORRELATED)).isEqualTo(false));
        await().atMost(TIMEOUT).until(() -> emulator().listObjects(uploads + "/").isEmpty());
        assertThat(emulator().readObject(mine)).isPresent();
    }

    @Test
    void aTestNotificationIsDeletedAndAForeignMessageLeftForTheDeadLetterQueue() throws Exception {
        String queue = emulator().queueUrl("digest-results");
        sqs.sendMessage(r -> r.queueUrl(queue).messageBody("{\"eventVersion\":\"1.0\",\"eventSource\":\"aws:sagemaker\","
                + "\"eventName\":\"TestNotification\"}"));
        sqs.sendMessage(r -> r.queueUrl(queue).messageBody("not a notification"));
        Received received = new Received();
        CamelContext context = context(received, "sagemaker-async:digest?notificationQueue=digest-results"
                + "&notificationWaitTimeSeconds=1&initialDelay=0&delay=10");

        send(context, "digest", 1, i -> "payload");

        await().atMost(TIMEOUT).until(() -> received.all.size() == 1);
        // the foreign message stays, for the queue's redrive policy; nothing else does
        await().atMost(TIMEOUT).until(() -> messagesIn("digest-results") == 1);
        assertThat(received.all).hasSize(1);
    }

    @Test
    void aFailureArrivesWithItsReasonAndItsFailureText() throws Exception {
        Received received = new Received();
        CamelContext context = context(received, "sagemaker-async:reviews?notificationQueue=reviews-results&notificationWaitTimeSeconds=1"
                + "&initialDelay=0&delay=10");

        send(context, "reviews", 1, i -> "{broken");

        await().atMost(TIMEOUT).until(() -> received.all.size() == 1);
        Exchange failure = received.all.get(0);
        assertThat(failure.getMessage().getHeader(SageMakerAsyncConstants.STATUS)).isEqualTo("Failed");
        assertThat(failure.getMessage().getHeader(SageMakerAsyncConstants.FAILURE_REASON, String.class)).startsWith("Invalid JSON input");
        assertThat(failure.getMessage().getBody(String.class)).startsWith("Invalid JSON input");
        assertThat(failure.getMessage().getHeader("requestNo", String.class)).isEqualTo("0");
        await().atMost(TIMEOUT).until(() -> emulator().listObjects("s3://results/reviews/failures/").isEmpty());
    }

    @Test
    void aRouteThatFailsGetsTheNotificationAgainAfterTheVisibilityTimeout() throws Exception {
        Received received = new Received();
        AtomicInteger attempts = new AtomicInteger();
        CamelContext context = new DefaultCamelContext();
        configure(context);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:send").to("sagemaker-async:reviews?contentType=application/json&correlationHeaders=requestNo");
                from("sagemaker-async:reviews?notificationQueue=reviews-results&notificationWaitTimeSeconds=1&notificationVisibilityTimeout=2"
                        + "&initialDelay=0&delay=10").process(exchange -> {
                            if (attempts.incrementAndGet() == 1) {
                                throw new IllegalStateException("the first delivery fails");
                            }
                        }).process(received);
            }
        });
        start(context);

        send(context, "reviews", 1, i -> "{\"text\":\"fine\"}");

        await().atMost(TIMEOUT).until(() -> received.all.size() == 1);
        assertThat(attempts.get()).isEqualTo(2);
        await().atMost(TIMEOUT).until(() -> messagesIn("reviews-results") == 0);
    }

    @Test
    void aSlowRouteOutlivesTheVisibilityTimeoutWithoutASecondDelivery() throws Exception {
        Received received = new Received();
        String slow = "sagemaker-async:reviews?notificationQueue=reviews-results&notificationWaitTimeSeconds=1&notificationVisibilityTimeout=2"
                + "&initialDelay=0&delay=10";
        CamelContext first = new DefaultCamelContext();
        configure(first);
        first.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:send").to("sagemaker-async:reviews?contentType=application/json&correlationHeaders=requestNo");
                from(slow).delay(5_000).process(received);
            }
        });
        start(first);
        // a second instance on the same queue would receive the notification if its visibility lapsed
        CamelContext second = context(received, slow);

        send(first, "reviews", 1, i -> "{\"text\":\"slow\"}");

        await().atMost(TIMEOUT).until(() -> received.all.size() == 1);
        await().during(Duration.ofSeconds(3)).atMost(TIMEOUT).until(() -> received.all.size() == 1);
        assertThat(second.isStarted()).isTrue();
    }

    @Test
    void threeInstancesShareTheQueueAndOneStoppedHalfwayLosesNothing() throws Exception {
        int results = Integer.getInteger("notifications.results", 600);
        Received received = new Received();
        String consumer = "sagemaker-async:reviews?notificationQueue=reviews-results&notificationWaitTimeSeconds=1&notificationVisibilityTimeout=3"
                + "&initialDelay=0&delay=10&afterRead=keep";
        CamelContext a = context(received, consumer);
        context(received, consumer);
        CamelContext stopped = context(received, consumer);
        List<String> sent = send(a, "reviews", results, i -> "{\"text\":\"good " + i + "\"}");

        await().atMost(TIMEOUT).until(() -> received.all.size() >= results / 2);
        stopped.getShutdownStrategy().setTimeout(1);
        stopped.stop();
        await().atMost(TIMEOUT).until(() -> received.byInference.keySet().containsAll(sent));

        int duplicates = received.all.size() - received.byInference.size();
        long lost = sent.stream().filter(id -> !received.byInference.containsKey(id)).count();
        System.out.println("Notifications, 3 instances, one stopped halfway: " + sent.size() + " sent, "
                + received.byInference.size() + " delivered, " + duplicates + " duplicates, " + lost + " lost; requests "
                + emulator().counters().snapshot());
        assertThat(lost).isZero();
        assertThat(received.byInference.values()).allSatisfy(count -> assertThat(count.get()).isLessThanOrEqualTo(2));
        // correlated whichever instance received it
        assertThat(received.all).allSatisfy(exchange -> assertThat(exchange.getMessage().getHeader("requestNo")).isNotNull());
        assertThat(emulator().counters().get(Api.S3, "GetObject")).isZero();
        await().atMost(TIMEOUT).until(() -> messagesIn("reviews-results") == 0);
    }

    @Test
    void faultsOnTheSqsAndS3EdgesLoseNothingAndDeliverNothingTwice() throws Exception {
        int results = 100;
        Received received = new Received();
        String consumer = "sagemaker-async:digest?notificationQueue=digest-results&notificationWaitTimeSeconds=1"
                + "&notificationVisibilityTimeout=5&initialDelay=0&delay=10";
        CamelContext a = context(received, consumer);
        context(received, consumer);
        emulator().sqsNetwork().faultRate(0.15, InjectedFault.values());
        emulator().s3Network().faultRate(0.1, InjectedFault.values());
        try {
            List<String> sent = send(a, "digest", results, i -> "payload " + i);

            await().atMost(TIMEOUT).until(() -> received.byInference.keySet().containsAll(sent));
            await().atMost(TIMEOUT).until(() -> messagesIn("digest-results") == 0);
            int duplicates = received.all.size() - received.byInference.size();
            System.out.println("Notifications with 15% SQS and 10% S3 faults, 2 instances: " + sent.size() + " sent, "
                    + received.byInference.size() + " delivered, " + duplicates + " duplicates; requests "
                    + emulator().counters().snapshot());
            assertThat(duplicates).isZero();
            assertThat(emulator().counters().get(Api.SQS, "ReceiveMessage")).isPositive();
        } finally {
            emulator().sqsNetwork().reset();
            emulator().s3Network().reset();
        }
        await().atMost(TIMEOUT).until(() -> emulator().listObjects("s3://results/digest/").isEmpty());
    }

    @Test
    void waitingExchangesOfTwoInstancesOnOneQueueEachGetTheirOwnResult() throws Exception {
        String ask = "sagemaker-async:reviews?waitForResult=true&notificationQueue=reviews-results&resultPollDelay=50"
                + "&resultPollMaxDelay=200&contentType=application/json";
        List<ProducerTemplate> instances = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            CamelContext context = new DefaultCamelContext();
            configure(context);
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:ask").to(ask);
                }
            });
            start(context);
            instances.add(context.createProducerTemplate());
        }

        Map<String, CompletableFuture<Exchange>> answers = new LinkedHashMap<>();
        for (int i = 0; i < 40; i++) {
            String text = i % 2 == 0 ? "{\"text\":\"wonderful " + i + "\"}" : "{\"text\":\"awful " + i + "\"}";
            answers.put(text, instances.get(i % 2).asyncSend("direct:ask", exchange -> exchange.getMessage().setBody(text)));
        }

        for (Map.Entry<String, CompletableFuture<Exchange>> answer : answers.entrySet()) {
            Exchange exchange = answer.getValue().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertThat(exchange.getException()).isNull();
            assertThat(exchange.getMessage().getBody(String.class))
                    .contains(answer.getKey().contains("wonderful") ? "POSITIVE" : "NEGATIVE");
        }
        assertThat(emulator().counters().get(Api.S3, "GetObject")).isZero();
        await().atMost(TIMEOUT).until(() -> messagesIn("reviews-results") == 0);
        for (ProducerTemplate template : instances) {
            template.close();
        }
    }

    @Test
    void aWaitingExchangeLearnsOfAFailureWithoutFailurePathFromItsNotification() throws Exception {
        CamelContext context = new DefaultCamelContext();
        configure(context);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:ask").to("sagemaker-async:no-failure-path?waitForResult=true&contentType=application/json"
                        + "&notificationQueue=no-failure-path-results&resultPollDelay=50&resultTimeout=60000");
            }
        });
        start(context);

        try (ProducerTemplate template = context.createProducerTemplate()) {
            Exchange answer = template.request("direct:ask", exchange -> exchange.getMessage().setBody("{broken"));

            // not a timeout: the notification named the inference
            assertThat(answer.getException()).isInstanceOfSatisfying(SageMakerAsyncInferenceException.class,
                    failure -> assertThat(failure.getMessage()).startsWith("Invalid JSON input"));
            assertThat(answer.getMessage().getHeader(SageMakerAsyncConstants.STATUS)).isEqualTo("Failed");
        }
        await().atMost(TIMEOUT).until(() -> messagesIn("no-failure-path-results") == 0);
    }

    /** Every exchange that reached the end of a result route, and how many times each inference arrived. */
    private static final class Received implements Processor {
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
    private CamelContext context(Received received, String consumer) throws Exception {
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

    private void configure(CamelContext context) {
        context.setStreamCaching(false);
        SageMakerAsyncComponent component = SageMakerAsyncTestSupport.componentFor(emulator());
        component.getConfiguration().setCorrelationStore(sharedStore);
        context.getRegistry().bind("sagemaker-async", component);
    }

    private void start(CamelContext context) {
        context.start();
        contexts.add(context);
    }

    /** Sends {@code count} requests; returns their InferenceIds. */
    private static List<String> send(CamelContext context, String endpoint, int count, Function<Integer, String> body) {
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

    private int messagesIn(String queue) {
        Map<String, String> attributes = sqs.getQueueAttributes(r -> r.queueUrl(emulator().queueUrl(queue))
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributesAsStrings();
        return attributes.values().stream().mapToInt(Integer::parseInt).sum();
    }
}
