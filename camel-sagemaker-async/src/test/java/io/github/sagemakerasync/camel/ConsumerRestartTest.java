package io.github.sagemakerasync.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.processor.state.FileStateRepository;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * An application stopped while results are being delivered, and started again as a new CamelContext with a
 * persistent correlation store: no result is lost, none is delivered twice, all keep their correlation.
 */
class ConsumerRestartTest extends SageMakerAsyncTestSupport {

    private static final int REQUESTS = 100;
    private final FileStateRepository correlations = createRepository();
    private CamelContext restarted;

    private static FileStateRepository createRepository() {
        try {
            return FileStateRepository.fileStateRepository(Files.createTempFile("correlations", ".dat").toFile());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected void bindToRegistry(Registry registry) {
        registry.bind("correlations", new StateRepositoryCorrelationStore(correlations));
    }

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:sentiment").to("sagemaker-async:sentiment?correlationHeaders=requestNo");
                // a synchronous delay: the poll thread delivers one result at a time, so a stop finds most undelivered
                from(resultsUri()).delay(20).syncDelayed().to("mock:results");
            }
        };
    }

    private static String resultsUri() {
        return "sagemaker-async:sentiment?outputLocation=s3://results/sentiment/output"
                + "&failureLocation=s3://results/sentiment/failures&initialDelay=0&delay=50&maxMessagesPerPoll=10";
    }

    @AfterAll
    void stopRestarted() {
        if (restarted != null) {
            restarted.stop();
        }
    }

    @Test
    void restartedApplicationDeliversTheRestWithTheirCorrelation() throws Exception {
        correlations.start();
        MockEndpoint before = getMockEndpoint("mock:results");
        for (int i = 0; i < REQUESTS; i++) {
            template.sendBodyAndHeader("direct:sentiment", "good", "requestNo", i);
        }
        await().atMost(RESULT_TIMEOUT).until(() -> before.getReceivedCounter() >= 20);

        context.stop();
        List<Exchange> delivered = new ArrayList<>(before.getReceivedExchanges());
        assertThat(delivered).hasSizeLessThan(REQUESTS);

        restarted = new DefaultCamelContext();
        restarted.setStreamCaching(false);
        restarted.addComponent("sagemaker-async", componentFor(emulator()));
        restarted.getRegistry().bind("correlations", new StateRepositoryCorrelationStore(correlations));
        restarted.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(resultsUri()).to("mock:results");
            }
        });
        restarted.start();
        MockEndpoint after = restarted.getEndpoint("mock:results", MockEndpoint.class);
        await().atMost(RESULT_TIMEOUT).until(() -> delivered.size() + after.getReceivedCounter() >= REQUESTS);
        delivered.addAll(after.getReceivedExchanges());

        Map<String, Long> perRequest = delivered.stream().collect(Collectors.groupingBy(
                exchange -> String.valueOf(exchange.getMessage().getHeader("requestNo")), Collectors.counting()));
        assertThat(perRequest).hasSize(REQUESTS).doesNotContainKey("null")
                .allSatisfy((requestNo, count) -> assertThat(count).isOne());
        await().atMost(RESULT_TIMEOUT).until(() -> emulator().listObjects("s3://results/sentiment/output/").isEmpty());
    }

}
