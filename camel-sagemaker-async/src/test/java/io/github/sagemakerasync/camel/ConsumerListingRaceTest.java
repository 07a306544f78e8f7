package io.github.sagemakerasync.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import io.github.sagemakerasync.emulator.InjectedFault;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;

/**
 * What happens between a poll's listing and its reads: an object that is gone by then is skipped, and a read that
 * fails gives every result of the poll back to the next one. The correlation store, which the consumer asks about each
 * listed object after the listing and before reading, is where the tests step in.
 */
class ConsumerListingRaceTest extends SageMakerAsyncTestSupport {

    private static final String OUTPUT = "s3://results/sentiment/output/";
    private final HookedCorrelationStore store = new HookedCorrelationStore();

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        context.getRegistry().lookupByNameAndType("sagemaker-async", SageMakerAsyncComponent.class)
                .getConfiguration().setCorrelationStore(store);
        return context;
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:send").to("sagemaker-async:sentiment?contentType=application/json&correlationHeaders=requestNo");
                from("sagemaker-async:sentiment?outputLocation=" + OUTPUT + "&failureLocation=s3://results/sentiment/failures"
                        + "&initialDelay=0&delay=100").routeId("results").autoStartup(false).to("mock:results");
                // one prefix: the poll's reads follow its only listing
                from("sagemaker-async:sentiment?outputLocation=" + OUTPUT + "&initialDelay=0&delay=100")
                        .routeId("outputs").autoStartup(false).to("mock:results");
            }
        };
    }

    @AfterEach
    void stopResults() throws Exception {
        context.getRouteController().stopRoute("results");
        context.getRouteController().stopRoute("outputs");
        store.onFirstFind.set(null);
    }

    @Test
    void anObjectGoneBetweenListingAndReadingIsSkippedAndTheOthersAreDelivered() throws Exception {
        List<String> locations = sendAndAwaitResults(3);
        String gone = locations.get(0);
        try (S3AsyncClient s3 = s3Client()) {
            store.onFirstFind.set(location -> {
                S3Uri object = S3Uri.parse(gone, "test");
                s3.deleteObject(r -> r.bucket(object.bucket()).key(object.key())).join();
            });
            MockEndpoint results = getMockEndpoint("mock:results");
            results.expectedMessageCount(2);

            context.getRouteController().startRoute("results");

            assertSatisfiedWithin(results);
            assertThat(results.getReceivedExchanges()).extracting(e -> e.getMessage()
                    .getHeader(SageMakerAsyncConstants.RESULT_LOCATION, String.class))
                    .containsExactlyInAnyOrderElementsOf(locations.subList(1, 3));
            await().atMost(RESULT_TIMEOUT).until(() -> emulator().listObjects(OUTPUT).isEmpty());
        }
    }

    @Test
    void aReadThatFailsGivesTheWholePollBackAndANextPollDeliversEveryResultOnce() throws Exception {
        List<String> locations = sendAndAwaitResults(3);
        // more 500s than the SDK's attempts at one GetObject: the first read of the poll fails
        store.onFirstFind.set(location -> emulator().s3Network().failNext(8, InjectedFault.INTERNAL_ERROR));
        MockEndpoint results = getMockEndpoint("mock:results");
        results.expectedMessageCount(3);

        context.getRouteController().startRoute("outputs");

        assertSatisfiedWithin(results);
        assertThat(results.getReceivedExchanges()).extracting(e -> e.getMessage()
                .getHeader(SageMakerAsyncConstants.RESULT_LOCATION, String.class))
                .containsExactlyInAnyOrderElementsOf(locations);
        await().atMost(RESULT_TIMEOUT).until(() -> emulator().listObjects(OUTPUT).isEmpty());
        Thread.sleep(500); // a few more polls: nothing is delivered twice
        results.assertIsSatisfied();
    }

    /** Sends requests and waits until their results are all in S3; returns the output locations. */
    private List<String> sendAndAwaitResults(int count) {
        List<String> locations = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Exchange sent = template.request("direct:send", e -> {
                e.getMessage().setBody("{\"text\":\"great and fast\"}");
                e.getMessage().setHeader("requestNo", locations.size());
            });
            locations.add(sent.getMessage().getHeader(SageMakerAsyncConstants.OUTPUT_LOCATION, String.class));
        }
        await().atMost(RESULT_TIMEOUT).until(() -> emulator().listObjects(OUTPUT).containsAll(locations));
        return locations;
    }

    private static S3AsyncClient s3Client() {
        return S3AsyncClient.builder()
                .endpointOverride(emulator().s3Endpoint())
                .region(Region.of(emulator().region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(emulator().accessKeyId(), emulator().secretAccessKey())))
                .forcePathStyle(true)
                .build();
    }

    /** The in-memory store, with a hook run on the first lookup, that is, after the first listing. */
    private static final class HookedCorrelationStore implements CorrelationStore {

        final AtomicReference<Consumer<String>> onFirstFind = new AtomicReference<>();
        private final InMemoryCorrelationStore delegate = new InMemoryCorrelationStore();

        @Override
        public void put(Correlation correlation) {
            delegate.put(correlation);
        }

        @Override
        public Optional<Correlation> find(String resultLocation) {
            Consumer<String> hook = onFirstFind.getAndSet(null);
            if (hook != null) {
                hook.accept(resultLocation);
            }
            return delegate.find(resultLocation);
        }

        @Override
        public void remove(Correlation correlation) {
            delegate.remove(correlation);
        }
    }
}
