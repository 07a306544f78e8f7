package io.github.sagemakerasync.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.sagemakerasync.emulator.InjectedFault;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.console.DevConsole;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.util.json.JsonObject;
import org.junit.jupiter.api.Test;

/**
 * What an operator sees: the developer console and the Micrometer meters report the endpoints' traffic. Each test
 * uses endpoints of its own, so the counts are its own.
 */
class ObservabilityTest extends SageMakerAsyncTestSupport {

    private static final String LARGE = "Slow and buggy. ".repeat(10_000);
    private static final String CONSUMER_OPTIONS = "&initialDelay=0&delay=100";
    private final MeterRegistry meters = new SimpleMeterRegistry();

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        // as camel-micrometer binds it (camel.metrics.enabled=true), or Spring Boot's actuator provides one
        context.getRegistry().bind("metricsRegistry", meters);
        return context;
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:sentiment").to("sagemaker-async:sentiment?inputLocation=" + INPUTS);
                from("sagemaker-async:sentiment?outputLocation=s3://results/sentiment/output"
                        + "&failureLocation=s3://results/sentiment/failures" + CONSUMER_OPTIONS).to("mock:sentiment");
                from("direct:echo").to("sagemaker-async:echo?contentType=text/plain&inputLocation=" + INPUTS);
                from("sagemaker-async:echo?outputLocation=s3://results/echo/output&failureLocation=s3://results/echo/failures"
                        + CONSUMER_OPTIONS).to("mock:echo");
                from("direct:ask-recorder").to("sagemaker-async:recorder?waitForResult=true&resultPollDelay=100");
                from("direct:unmetered").to("sagemaker-async:digest?metricsEnabled=false&waitForResult=true&resultPollDelay=100");
            }
        };
    }

    @Test
    void theConsoleShowsEachEndpointsInvocationsResultsAndLastAwsError() throws Exception {
        getMockEndpoint("mock:sentiment").expectedMessageCount(3);
        template.sendBody("direct:sentiment", "Great product, works fast.");
        template.sendBody("direct:sentiment", "Terrible support.");
        template.sendBody("direct:sentiment", LARGE);
        Exchange refused = template.send("direct:sentiment", exchange -> exchange.getMessage().setBody(""));
        assertThat(refused.getException()).isInstanceOf(IllegalArgumentException.class);
        assertSatisfiedWithin(getMockEndpoint("mock:sentiment"));
        // more than the SDK's attempts: the exchange fails with SageMaker's error
        emulator().sageMakerNetwork().failNext(10, InjectedFault.INTERNAL_ERROR, "InvokeEndpointAsync");
        assertThat(template.send("direct:sentiment", exchange -> exchange.getMessage().setBody("x")).getException())
                .isNotNull();
        emulator().sageMakerNetwork().reset();

        JsonObject sender = console("sentiment", "inputLocation=");
        assertThat((Map<String, Object>) sender.get("invocations")).isEqualTo(Map.of("inline", 2L, "s3", 1L, "failed", 1L,
                "refused", 1L));
        JsonObject payload = (JsonObject) sender.get("payload");
        assertThat(payload.getLong("inlineBytes")).isEqualTo(
                "Great product, works fast.".length() + "Terrible support.".length());
        assertThat(payload.getLong("uploadedBytes")).isEqualTo(LARGE.length());
        assertThat(payload.getLong("uploads")).isEqualTo(1);
        JsonObject lastError = (JsonObject) sender.get("lastAwsError");
        assertThat(lastError.getString("errorCode")).isEqualTo("InternalFailure");
        assertThat(lastError.getInteger("statusCode")).isEqualTo(500);
        assertThat(sender.get("consumer")).isNull();

        JsonObject receiver = console("sentiment", "outputLocation=");
        await().atMost(RESULT_TIMEOUT).untilAsserted(() -> assertThat(
                (Map<String, Object>) console("sentiment", "outputLocation=").get("results"))
                .containsEntry("completed", 3L).containsEntry("failed", 0L).containsEntry("uncorrelated", 0L));
        JsonObject consumer = (JsonObject) receiver.get("consumer");
        assertThat(consumer.getString("source"))
                .isEqualTo("S3 listing s3://results/sentiment/output/, s3://results/sentiment/failures/");
        assertThat(consumer.getLong("polls")).isPositive();
        assertThat(receiver.get("lastAwsError")).isNull();

        String text = (String) consoleOf().call(DevConsole.MediaType.TEXT);
        assertThat(text).contains("sagemaker-async://sentiment?inputLocation=s3://inputs/payloads (Started)",
                "    invocations: 2 inline, 1 s3, 1 failed, 1 refused",
                "    payload: 43 bytes inline, 160000 bytes uploaded in 1 uploads",
                "    results: 3 completed, 0 failed, 0 uncorrelated",
                "    consumer: S3 listing s3://results/sentiment/output/, s3://results/sentiment/failures/; ",
                "    last AWS error: ", " InternalFailure (500): ");
    }

    @Test
    void theConsoleCountsPendingCorrelationsAndWaitingExchangesUntilTheResultsArrive() {
        emulator().pauseWorkers();
        List<CompletableFuture<Exchange>> asked;
        try {
            asked = List.of(
                    template.asyncSend("direct:ask-recorder", exchange -> exchange.getMessage().setBody("one")),
                    template.asyncSend("direct:ask-recorder", exchange -> exchange.getMessage().setBody("two")));
            await().atMost(RESULT_TIMEOUT).untilAsserted(() -> {
                JsonObject asking = console("recorder", "waitForResult");
                assertThat(asking.getInteger("waitingExchanges")).isEqualTo(2);
                // the in-memory store is the component's: other endpoints' pending requests count too, none here
                assertThat(asking.getInteger("pendingCorrelations")).isEqualTo(2);
                assertThat(asking.getString("correlationStore")).isEqualTo("InMemoryCorrelationStore");
            });
        } finally {
            emulator().resumeWorkers();
        }
        asked.forEach(answer -> assertThat(answer.join().getException()).isNull());
        await().atMost(RESULT_TIMEOUT).untilAsserted(() -> {
            JsonObject done = console("recorder", "waitForResult");
            assertThat(done.getInteger("waitingExchanges")).isZero();
            assertThat(done.getInteger("pendingCorrelations")).isZero();
            assertThat((Map<String, Object>) done.get("results")).containsEntry("completed", 2L);
        });
    }

    @Test
    void metersCountInvocationsBytesUploadsResultsAndTheirDelay() throws Exception {
        getMockEndpoint("mock:echo").expectedMessageCount(2);
        template.sendBody("direct:echo", "short");
        template.sendBody("direct:echo", LARGE);
        template.send("direct:echo", exchange -> exchange.getMessage().setBody(""));
        assertSatisfiedWithin(getMockEndpoint("mock:echo"));

        Tags echo = Tags.of("camelContext", context.getName(), "endpoint", "echo");

        assertThat(count("sagemaker.async.invocations", echo.and("mode", "inline", "outcome", "accepted"))).isEqualTo(1);
        assertThat(count("sagemaker.async.invocations", echo.and("mode", "s3", "outcome", "accepted"))).isEqualTo(1);
        assertThat(count("sagemaker.async.invocations", echo.and("mode", "unknown", "outcome", "refused"))).isEqualTo(1);
        assertThat(count("sagemaker.async.invocations", echo.and("mode", "inline", "outcome", "failed"))).isZero();
        assertThat(count("sagemaker.async.payload.bytes", echo.and("mode", "inline"))).isEqualTo(5);
        assertThat(count("sagemaker.async.payload.bytes", echo.and("mode", "s3"))).isEqualTo(LARGE.length());
        assertThat(meters.get("sagemaker.async.upload").tags(echo).timer().count()).isEqualTo(1);
        await().atMost(RESULT_TIMEOUT).untilAsserted(() -> assertThat(
                count("sagemaker.async.results", echo.and("status", "completed", "correlated", "true"))).isEqualTo(2));
        assertThat(meters.get("sagemaker.async.result.delay").tags(echo).timer().count()).isEqualTo(2);
        assertThat(meters.get("sagemaker.async.result.delay").tags(echo).timer().max(TimeUnit.MILLISECONDS))
                .isPositive().isLessThan(RESULT_TIMEOUT.toMillis());
        assertThat(meters.get("sagemaker.async.correlations.pending").tags(echo).gauge().value()).isZero();
        assertThat(meters.get("sagemaker.async.waiting").tags(echo).gauge().value()).isZero();
    }

    @Test
    void anEndpointWithMetricsDisabledRegistersNoMeters() {
        assertThat(template.requestBody("direct:unmetered", "counted nowhere", String.class)).contains("\"bytes\":15");

        assertThat(meters.find("sagemaker.async.invocations").tag("endpoint", "digest").meters()).isEmpty();
        assertThat(((Map<String, Object>) console("digest", "metricsEnabled=false").get("invocations")).get("inline")).isEqualTo(1L);
    }

    private double count(String name, Tags tags) {
        return meters.get(name).tags(tags).counter().count();
    }

    private DevConsole consoleOf() {
        DevConsole console = PluginHelper.getDevConsoleResolver(context).resolveDevConsole("sagemaker-async");
        assertThat(console).as("the sagemaker-async console, found by its service file").isNotNull();
        return console;
    }

    /** The console's JSON of the one endpoint of this SageMaker endpoint whose URI holds {@code uriPart}. */
    @SuppressWarnings("unchecked")
    private JsonObject console(String endpointName, String uriPart) {
        List<JsonObject> endpoints = (List<JsonObject>) ((Map<String, Object>) consoleOf().call(DevConsole.MediaType.JSON))
                .get("endpoints");
        List<JsonObject> matching = endpoints.stream().filter(endpoint -> endpointName.equals(endpoint.getString("endpointName"))
                && endpoint.getString("uri").contains(uriPart)).toList();
        assertThat(matching).as("endpoints of " + endpointName + " with " + uriPart).hasSize(1);
        return matching.get(0);
    }

    @Test
    void theStatisticsCountTheStoreTheProducerWritesToNow() {
        SageMakerAsyncEndpoint endpoint = context.getEndpoint("sagemaker-async:sentiment?inputLocation=" + INPUTS,
                SageMakerAsyncEndpoint.class);
        InMemoryCorrelationStore later = new InMemoryCorrelationStore();
        later.put(new Correlation("one", "s3://results/sentiment/output/one.out", null, PayloadMode.inline, null,
                java.util.Map.of()));

        // a store set after the endpoint was initialized (as an autowired bean may be) is the one counted and shown
        endpoint.getConfiguration().setCorrelationStore(later);

        assertThat(endpoint.statistics().pendingCorrelations()).isOne();
        assertThat(endpoint.statistics().correlationStore()).isEqualTo("InMemoryCorrelationStore");
    }
}
