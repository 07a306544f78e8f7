package io.github.sagemakerasync.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;

import io.github.sagemakerasync.emulator.Api;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** One instance receiving results from notifications: what it reads, what it deletes, what it leaves. */
class NotificationConsumerTest extends NotificationTestSupport {

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
}
