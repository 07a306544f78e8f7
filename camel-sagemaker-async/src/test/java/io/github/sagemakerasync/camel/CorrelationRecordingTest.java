package io.github.sagemakerasync.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.sagemakerasync.emulator.Api;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Correlations are recorded only where something can deliver them: the in-memory default store of a producer-only
 * application stays empty (it would otherwise fill to its bound and warn), while a consumer route, even one defined
 * after the sending route, or a store the user configured gets every accepted request. And results wait for a
 * correlation only where something can record one: a consumer-only application delivers a result its store does not
 * know at once.
 */
class CorrelationRecordingTest extends SageMakerAsyncTestSupport {

    private static final int REQUESTS = 5;

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:send").to("sagemaker-async:digest?correlationHeaders=requestNo");
            }
        };
    }

    @Test
    void aProducerOnlyContextKeepsNoCorrelationInTheDefaultStore() {
        for (int i = 0; i < REQUESTS; i++) {
            Exchange sent = template.request("direct:send", exchange -> exchange.getMessage().setBody("payload"));
            assertThat(sent.getException()).isNull();
            // the request was accepted and its result is written as usual
            awaitResult(sent.getMessage().getHeader(SageMakerAsyncConstants.OUTPUT_LOCATION, String.class));
        }

        assertThat(context.getComponent("sagemaker-async", SageMakerAsyncComponent.class).defaultCorrelationStore())
                .isInstanceOfSatisfying(InMemoryCorrelationStore.class, store -> assertThat(store.size()).isZero());
    }

    @Test
    void aConsumerRouteDefinedAfterTheSendingRouteGetsTheFirstRequestsCorrelated() throws Exception {
        AtomicInteger sent = new AtomicInteger();
        CamelContext application = applicationOnTheEmulator();
        application.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                // sends as soon as its route starts, before the consumer's route has started
                from("timer:requests?delay=0&period=1&repeatCount=" + REQUESTS)
                        .process(exchange -> exchange.getMessage().setHeader("requestNo", sent.incrementAndGet()))
                        .setBody(constant("{\"text\":\"good\"}"))
                        .to("sagemaker-async:sentiment?contentType=application/json&correlationHeaders=requestNo");
                from("sagemaker-async:sentiment?outputLocation=s3://results/sentiment/output"
                        + "&failureLocation=s3://results/sentiment/failures&initialDelay=0&delay=50")
                        .to("mock:results");
            }
        });
        MockEndpoint results = application.getEndpoint("mock:results", MockEndpoint.class);
        results.expectedMessageCount(REQUESTS);
        application.start();
        try {
            assertSatisfiedWithin(results);
            assertThat(results.getReceivedExchanges()).allSatisfy(result -> {
                assertThat(result.getMessage().getHeader(SageMakerAsyncConstants.CORRELATED, Boolean.class)).isTrue();
                assertThat(result.getMessage().getHeader("requestNo", String.class)).isNotNull();
            });
            assertThat(results.getReceivedExchanges()).extracting(result -> result.getMessage().getHeader("requestNo", String.class))
                    .containsExactlyInAnyOrder("1", "2", "3", "4", "5");
        } finally {
            application.stop();
        }
    }

    @Test
    void aConfiguredStoreGetsEveryRequestOfAProducerOnlyContext() throws Exception {
        InMemoryCorrelationStore configured = new InMemoryCorrelationStore();
        CamelContext application = applicationOnTheEmulator();
        // another process (or a consumer route added later) may read a store the user chose
        application.getRegistry().bind("correlations", CorrelationStore.class, configured);
        application.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:send").to("sagemaker-async:recorder");
            }
        });
        application.start();
        try (ProducerTemplate producer = application.createProducerTemplate()) {
            List<String> outputs = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                outputs.add(producer.request("direct:send", exchange -> exchange.getMessage().setBody("payload"))
                        .getMessage().getHeader(SageMakerAsyncConstants.OUTPUT_LOCATION, String.class));
            }
            assertThat(configured.size()).isEqualTo(REQUESTS);
            assertThat(outputs).allSatisfy(output -> assertThat(configured.find(output)).isPresent());
            outputs.forEach(SageMakerAsyncTestSupport::awaitResult);
        } finally {
            application.stop();
        }
    }

    @Test
    void aConsumerOnlyContextDeliversAResultItsStoreCannotKnowInTheFirstPollThatListsIt() throws Exception {
        // nothing in the context can record a correlation in the default store: holding the result back only delays it
        assertThat(listingsUntilDelivered(false, 1, Duration.ZERO)).isEqualTo(1);
    }

    @Test
    void aContextWithAProducerHoldsAResultItsStoreDoesNotKnowYetForItsCorrelation() throws Exception {
        // its producer may record the request just after the result is listed (SageMaker answers after queueing it)
        assertThat(listingsUntilDelivered(true, 1, Duration.ZERO)).isGreaterThan(1);
    }

    @Test
    void aBacklogOlderThanTheGraceByS3sClockIsDeliveredFromOneListingThoughAProducerCouldRecord() throws Exception {
        // results written seconds ago by S3's clock (LastModified against the listing's Date): no request of theirs is
        // about to be recorded, so none is held back; two polls of 100 take them from one page (the second, finding
        // it run out, lists once more). Held back, each would be listed again after the grace.
        assertThat(listingsUntilDelivered(true, 150, Duration.ofMillis(S3ResultListing.UNCORRELATED_GRACE_MILLIS + 2_000)))
                .isLessThanOrEqualTo(2);
    }

    /**
     * Puts {@code results} results no request of the store names into a folder of their own, lets them age, then starts
     * a consumer of that folder (and, when asked, a producer) in a context of its own: the LISTs made until the last
     * result reached the route.
     */
    private long listingsUntilDelivered(boolean withProducer, int results, Duration age) throws Exception {
        String folder = "uncorrelated-" + UUID.randomUUID();
        try (S3Client s3 = plainS3Client()) {
            for (int i = 0; i < results; i++) {
                String key = folder + "/from-elsewhere-" + i + ".out";
                s3.putObject(r -> r.bucket("results").key(key), RequestBody.fromString("{}"));
            }
        }
        Thread.sleep(age.toMillis());
        List<Long> listingsAtDelivery = new CopyOnWriteArrayList<>();
        List<Boolean> correlated = new CopyOnWriteArrayList<>();
        CamelContext application = applicationOnTheEmulator();
        application.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                if (withProducer) {
                    from("direct:send").to("sagemaker-async:sentiment");
                }
                from("sagemaker-async:sentiment?outputLocation=s3://results/" + folder + "&initialDelay=0&delay=50")
                        .process(exchange -> {
                            correlated.add(exchange.getMessage().getHeader(SageMakerAsyncConstants.CORRELATED, Boolean.class));
                            listingsAtDelivery.add(emulator().counters().get(Api.S3, "ListObjectsV2"));
                        });
            }
        });
        long listingsBefore = emulator().counters().get(Api.S3, "ListObjectsV2");
        application.start();
        try {
            await().atMost(RESULT_TIMEOUT).until(() -> listingsAtDelivery.size() == results);
            assertThat(correlated).containsOnly(false);
            return listingsAtDelivery.get(results - 1) - listingsBefore;
        } finally {
            application.stop();
        }
    }

    /** A context of its own (not the test's), whose component talks to the emulator. */
    private static CamelContext applicationOnTheEmulator() {
        CamelContext application = new DefaultCamelContext();
        application.setStreamCaching(false);
        application.addComponent("sagemaker-async", componentFor(emulator()));
        return application;
    }
}
