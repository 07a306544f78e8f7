package io.github.sagemakerasync.camel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/**
 * Correlations are recorded only where something can deliver them: the in-memory default store of a producer-only
 * application stays empty (it would otherwise fill to its bound and warn), while a consumer route, even one defined
 * after the sending route, or a store the user configured gets every accepted request.
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
        CamelContext application = new DefaultCamelContext();
        application.setStreamCaching(false);
        application.addComponent("sagemaker-async", componentFor(emulator()));
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
        CamelContext application = new DefaultCamelContext();
        application.setStreamCaching(false);
        application.addComponent("sagemaker-async", componentFor(emulator()));
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
}
