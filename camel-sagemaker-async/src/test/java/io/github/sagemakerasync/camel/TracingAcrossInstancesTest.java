package io.github.sagemakerasync.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariDataSource;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The request's trace continues where its result is delivered: on another instance sharing a JdbcCorrelationStore, and
 * on an instance started after the sender stopped, with the LocalCorrelationStore file it left.
 */
class TracingAcrossInstancesTest extends SageMakerAsyncTestSupport {

    private static final String RESULT_SPAN = "SageMaker async result sentiment";

    @RegisterExtension
    static final PostgresServer POSTGRES = new PostgresServer();

    @BeforeEach
    void forgetSpans() {
        Tracing.SPANS.reset();
    }

    @Test
    void aResultDeliveredByAnotherInstanceContinuesTheRequestsTrace() throws Exception {
        try (HikariDataSource senderPool = POSTGRES.pool();
             HikariDataSource receiverPool = POSTGRES.pool()) {
            JdbcCorrelationStore senderStore = new JdbcCorrelationStore(senderPool);
            senderStore.createTableIfMissing();
            CountDownLatch delivered = new CountDownLatch(1);
            try (CamelContext sender = instance(senderStore, true, null);
                 CamelContext receiver = instance(new JdbcCorrelationStore(receiverPool), false, delivered)) {
                sender.createProducerTemplate().sendBody("direct:reviews", "good and fast");

                assertThat(delivered.await(RESULT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("delivered").isTrue();
                await().atMost(RESULT_TIMEOUT).until(() -> Tracing.finished(RESULT_SPAN));
            }
        }
        System.out.println("Request sent by one instance, answered on another:\n" + Tracing.describe());
        assertOneTrace();
    }

    @Test
    void aResultDeliveredAfterTheSenderStoppedContinuesTheRequestsTrace(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("correlations");
        emulator().pauseWorkers();
        try {
            try (LocalCorrelationStore store = LocalCorrelationStore.open(file);
                 CamelContext sender = instance(store, true, null)) {
                sender.createProducerTemplate().sendBody("direct:reviews", "good and fast");
            }
        } finally {
            emulator().resumeWorkers();
        }
        CountDownLatch delivered = new CountDownLatch(1);
        try (LocalCorrelationStore store = LocalCorrelationStore.open(file);
             CamelContext restarted = instance(store, false, delivered)) {
            assertThat(delivered.await(RESULT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("delivered").isTrue();
            await().atMost(RESULT_TIMEOUT).until(() -> Tracing.finished(RESULT_SPAN));
        }
        assertOneTrace();
    }

    private static void assertOneTrace() {
        SpanData sent = Tracing.span("InvokeEndpointAsync sentiment");
        SpanData result = Tracing.span(RESULT_SPAN);
        assertThat(result.getTraceId()).isEqualTo(sent.getTraceId());
        assertThat(result.getParentSpanId()).isEqualTo(sent.getSpanId());
    }

    /** A traced instance: the sender has a route to the endpoint, the other delivers its results. */
    private static CamelContext instance(CorrelationStore store, boolean sends, CountDownLatch delivered) throws Exception {
        CamelContext context = new DefaultCamelContext();
        context.getRegistry().bind("sagemaker-async", componentFor(emulator()));
        context.getRegistry().bind("correlations", store);
        Tracing.trace(context);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                if (sends) {
                    from("direct:reviews").to("sagemaker-async:sentiment");
                } else {
                    from("sagemaker-async:sentiment?outputLocation=s3://results/sentiment/output"
                            + "&failureLocation=s3://results/sentiment/failures&initialDelay=0&delay=100")
                            .process(exchange -> delivered.countDown());
                }
            }
        });
        context.start();
        return context;
    }
}
