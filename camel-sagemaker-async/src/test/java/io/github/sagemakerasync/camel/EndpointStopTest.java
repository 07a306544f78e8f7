package io.github.sagemakerasync.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import io.github.sagemakerasync.emulator.Api;
import io.github.sagemakerasync.emulator.InjectedFault;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;

/** An endpoint's background work (retries, watcher rounds) belongs to it: once it stops, none of it runs. */
class EndpointStopTest extends SageMakerAsyncTestSupport {

    private static final String ASK = "sagemaker-async:digest?waitForResult=true&resultPollDelay=100";
    private static final String RESULTS = "sagemaker-async:digest?outputLocation=s3://results/digest/output"
            + "&failureLocation=s3://results/digest/failures&initialDelay=0&delay=100";

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:ask").routeId("ask").to(ASK);
                from("direct:send").to("sagemaker-async:digest");
                from(RESULTS).routeId("results").autoStartup(false).to("mock:results");
            }
        };
    }

    @Test
    void aFinishRetryPendingWhenTheEndpointStopsNeverRuns() throws Exception {
        // every delete fails: once the SDK's attempts are spent, the result's delete is retried in the background
        emulator().s3Network().failNext(1_000, InjectedFault.INTERNAL_ERROR, "DeleteObject");
        Exchange answer = template.request("direct:ask", exchange -> exchange.getMessage().setBody("hello"));
        assertThat(answer.getException()).isNull();
        String output = answer.getMessage().getHeader(SageMakerAsyncConstants.OUTPUT_LOCATION, String.class);
        // more deletes than the SDK's 4 attempts: a background retry has run, and the next one is pending
        await().atMost(RESULT_TIMEOUT).until(() -> deletes() > 4);

        SageMakerAsyncEndpoint endpoint = context.getEndpoint(ASK, SageMakerAsyncEndpoint.class);
        context.getRouteController().stopRoute("ask");
        context.removeRoute("ask");
        context.removeEndpoint(endpoint);

        assertThat(endpoint.isStopped()).isTrue();
        await().atMost(RESULT_TIMEOUT).until(() -> backgroundThreads() == 0);
        // the attempt in flight at the stop ends; then nothing more reaches S3 for longer than the next retry delay
        long settled = await().atMost(RESULT_TIMEOUT).pollInterval(Duration.ofMillis(100))
                .until(this::deletesOnceStable, count -> count >= 0);
        await().during(Duration.ofMillis(BackgroundRetry.CLEAN_UP_DELAYS_MILLIS[2] + 1_000)).atMost(RESULT_TIMEOUT)
                .until(() -> deletes() == settled);
        assertThat(emulator().readObject(output)).isPresent();
    }

    @Test
    void aResultDeliveredAsItsEndpointStopsIsStillFinished() throws Exception {
        Exchange sent = template.request("direct:send", exchange -> exchange.getMessage().setBody("hello"));
        String output = sent.getMessage().getHeader(SageMakerAsyncConstants.OUTPUT_LOCATION, String.class);
        awaitResult(output);
        // a slow S3: the delete is still under way when the endpoint stops, and outlasts the clients' 2 s graceful close
        emulator().s3Network().latency(Duration.ofMillis(3_000));
        MockEndpoint results = getMockEndpoint("mock:results");
        results.expectedMessageCount(1);
        context.getRouteController().startRoute("results");
        assertSatisfiedWithin(results);

        SageMakerAsyncEndpoint endpoint = context.getEndpoint(RESULTS, SageMakerAsyncEndpoint.class);
        context.getRouteController().stopRoute("results");
        context.removeRoute("results");
        context.removeEndpoint(endpoint);

        assertThat(emulator().readObject(output)).isEmpty();
    }

    private static long deletes() {
        return emulator().counters().get(Api.S3, "DeleteObject");
    }

    /** The delete count once it has not changed for a second, else -1. */
    private long deletesOnceStable() throws InterruptedException {
        long before = deletes();
        Thread.sleep(1_000);
        return deletes() == before ? before : -1;
    }

    /** This context's background threads (Camel names them "Camel (name) thread #n - pattern"). */
    private long backgroundThreads() {
        String owner = "(" + context.getName() + ")";
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> name.contains(owner) && name.contains("SageMakerAsyncBackground")).count();
    }
}
