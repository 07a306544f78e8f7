package io.github.sagemakerasync.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import io.github.sagemakerasync.emulator.Api;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** How the S3-listing consumer polls: failures never wait behind outputs, and an idle consumer backs off. */
class ConsumerPollingTest extends SageMakerAsyncTestSupport {

    private static final String FOLDERS = "outputLocation=s3://results/digest/output&failureLocation=s3://results/digest/failures";

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("sagemaker-async:digest?" + FOLDERS + "&maxMessagesPerPoll=100&initialDelay=0&delay=50")
                        .routeId("results").autoStartup(false).to("mock:results");
                // a delay no test waits for: only polls that follow at once can deliver more than the first batch
                from("sagemaker-async:digest?" + FOLDERS + "&maxMessagesPerPoll=10&initialDelay=0&delay=600000")
                        .routeId("backlog").autoStartup(false).to("mock:backlog");
                from("direct:digest").to("sagemaker-async:digest");
                from("sagemaker-async:digest?outputLocation=s3://results/digest/output&maxMessagesPerPoll=100"
                        + "&initialDelay=0&delay=50").routeId("pages").autoStartup(false).to("mock:pages");
            }
        };
    }

    @Test
    void failuresWaitingBehindABacklogOfOutputsAreDeliveredByTheFirstPoll() throws Exception {
        try (S3Client s3 = plainS3Client()) {
            IntStream.range(0, 500).forEach(i -> s3.putObject(r -> r.bucket("results").key("digest/output/" + i + ".out"),
                    RequestBody.fromString("output " + i)));
            IntStream.range(0, 5).forEach(i -> s3.putObject(r -> r.bucket("results").key("digest/failures/" + i + "-error.out"),
                    RequestBody.fromString("failure " + i)));
        }
        // none of them is known to the store, and this context has a producer: older than the grace by S3's clock, none
        // is held back for a correlation, so the polls deliver what they take
        Thread.sleep(S3ResultListing.UNCORRELATED_GRACE_MILLIS + 2_000);
        MockEndpoint results = getMockEndpoint("mock:results");
        results.expectedMessageCount(505);

        context.getRouteController().startRoute("results");

        assertSatisfiedWithin(results);
        // one poll delivers at most 100 (maxMessagesPerPoll), in the order they were listed
        List<Exchange> firstPoll = results.getReceivedExchanges().subList(0, 100);
        assertThat(firstPoll).filteredOn(exchange -> "Failed".equals(exchange.getMessage().getHeader(SageMakerAsyncConstants.STATUS)))
                .hasSize(5);
        context.getRouteController().stopRoute("results");
        await().atMost(RESULT_TIMEOUT).until(() -> emulator().listObjects("s3://results/digest/").isEmpty());
    }

    @Test
    void aBacklogDrainsPollAfterPollThenTheConsumerWaitsItsDelayAgain() throws Exception {
        resultsWaiting(45);
        MockEndpoint backlog = getMockEndpoint("mock:backlog");
        backlog.expectedMessageCount(45);

        context.getRouteController().startRoute("backlog");

        // five polls of at most 10: the four full ones are each followed at once by the next, not after 10 minutes
        assertSatisfiedWithin(backlog);
        assertThat(backlog.getReceivedExchanges()).allSatisfy(exchange -> assertThat(
                exchange.getMessage().getHeader(SageMakerAsyncConstants.CORRELATED)).isEqualTo(true));
        // the fifth poll was not full: the next one waits the delay, so no listing follows
        long listings = emulator().counters().get(Api.S3, "ListObjectsV2");
        Thread.sleep(1_000);
        assertThat(emulator().counters().get(Api.S3, "ListObjectsV2")).isEqualTo(listings);
        context.getRouteController().stopRoute("backlog");
        await().atMost(RESULT_TIMEOUT).until(() -> emulator().listObjects("s3://results/digest/").isEmpty());
    }

    @Test
    void aBacklogIsListedAPageAtATimeNotOncePerPoll() throws Exception {
        resultsWaiting(1_200);
        emulator().counters().reset();
        MockEndpoint pages = getMockEndpoint("mock:pages");
        pages.expectedMessageCount(1_200);

        context.getRouteController().startRoute("pages");

        assertSatisfiedWithin(pages);
        context.getRouteController().stopRoute("pages");
        // 12 polls of 100 take them from two pages (1,000, then the last 200) and a listing that finds the folder empty
        assertThat(emulator().counters().get(Api.S3, "ListObjectsV2")).isLessThanOrEqualTo(4);
        assertThat(pages.getReceivedExchanges()).extracting(exchange -> exchange.getMessage().getHeader(
                SageMakerAsyncConstants.RESULT_LOCATION)).doesNotHaveDuplicates();
        await().atMost(RESULT_TIMEOUT).until(() -> emulator().listObjects("s3://results/digest/").isEmpty());
    }

    @Test
    void anIdleListingConsumerBacksOffUnlessTold() throws Exception {
        SageMakerAsyncConsumer listing = consumer("sagemaker-async:digest?" + FOLDERS);
        assertThat(listing.getBackoffIdleThreshold()).isEqualTo(3);
        assertThat(listing.getBackoffMultiplier()).isEqualTo(10);

        SageMakerAsyncConsumer told = consumer("sagemaker-async:digest?" + FOLDERS + "&backoffMultiplier=2&backoffIdleThreshold=5");
        assertThat(told.getBackoffIdleThreshold()).isEqualTo(5);
        assertThat(told.getBackoffMultiplier()).isEqualTo(2);

        // a notification consumer waits on the queue (long polling) instead
        SageMakerAsyncConsumer notified = consumer("sagemaker-async:digest?notificationQueue=http://127.0.0.1:1/000000000000/q");
        assertThat(notified.getBackoffMultiplier()).isZero();
    }

    private SageMakerAsyncConsumer consumer(String uri) throws Exception {
        return (SageMakerAsyncConsumer) context.getEndpoint(uri).createConsumer(exchange -> { });
    }

    /**
     * A backlog: sends {@code requests} requests of the digest endpoint while the emulator's workers are held, then lets
     * them all finish, so that every result waits in S3 before a consumer starts.
     */
    private void resultsWaiting(int requests) throws InterruptedException {
        emulator().pauseWorkers();
        try {
            // sent side by side (the template's threads), as a busy route would: the producer does not block on them
            List<CompletableFuture<Object>> sent = IntStream.range(0, requests)
                    .mapToObj(i -> template.asyncSendBody("direct:digest", "request " + i)).toList();
            sent.forEach(CompletableFuture::join);
        } finally {
            emulator().resumeWorkers();
        }
        emulator().awaitIdle(RESULT_TIMEOUT);
    }
}
