package io.github.sagemakerasync.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.zaxxer.hikari.HikariDataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two CamelContexts, as two instances, each with its own JdbcCorrelationStore on one PostgreSQL table, send to one
 * endpoint with maxPendingInvocations 5: together they never have more than 5 requests in SageMaker, and every
 * message is answered once (by the first, which delivers the results of both).
 */
class MaxPendingInvocationsFleetTest extends SageMakerAsyncTestSupport {

    private static final int MAX = 5;
    private static final int PER_INSTANCE = 30;

    @RegisterExtension
    static final PostgresServer POSTGRES = new PostgresServer();

    @Test
    void twoInstancesSharingAStoreNeverPassTheBoundTogether() throws Exception {
        Map<String, AtomicInteger> answers = new ConcurrentHashMap<>();
        try (HikariDataSource firstPool = POSTGRES.pool();
             HikariDataSource secondPool = POSTGRES.pool();
             CamelContext first = instance(firstPool, answers);
             CamelContext second = instance(secondPool, null)) {
            MostUnfinished mostUnfinished = MostUnfinished.sample(0);
            emulator().pauseWorkers();
            try {
                for (int i = 0; i < PER_INSTANCE; i++) {
                    first.createProducerTemplate().sendBodyAndHeader("seda:reviews", "good", "review-id", "first-" + i);
                    second.createProducerTemplate().sendBodyAndHeader("seda:reviews", "bad", "review-id", "second-" + i);
                }
                await().atMost(RESULT_TIMEOUT).until(() -> MaxPendingInvocationsTest.invocations() >= MAX);
                Thread.sleep(1_000);
                assertThat(MaxPendingInvocationsTest.invocations()).as("sent by both while results are held").isEqualTo(MAX);

                emulator().resumeWorkers();
                await().atMost(RESULT_TIMEOUT.multipliedBy(2)).until(() -> answers.size() == 2 * PER_INSTANCE);
            } finally {
                emulator().resumeWorkers();
                mostUnfinished.close();
            }
            assertThat(mostUnfinished.most()).as("most requests in SageMaker at once").isEqualTo(MAX);
            assertThat(MaxPendingInvocationsTest.invocations()).isEqualTo(2 * PER_INSTANCE);
            Thread.sleep(500);
            assertThat(answers.values().stream().filter(count -> count.get() != 1).toList()).as("answered twice").isEmpty();
            assertThat(new JdbcCorrelationStore(firstPool).size()).as("correlations left").isZero();
        }
    }

    /** With answers, the instance also delivers results (one does: S3 listings are not shared between consumers). */
    private static CamelContext instance(HikariDataSource pool, Map<String, AtomicInteger> answers) throws Exception {
        JdbcCorrelationStore store = new JdbcCorrelationStore(pool);
        store.createTableIfMissing();
        CamelContext context = new DefaultCamelContext();
        context.getRegistry().bind("sagemaker-async", componentFor(emulator()));
        context.getRegistry().bind("correlations", store);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("seda:reviews?concurrentConsumers=20")
                        .to("sagemaker-async:sentiment?maxPendingInvocations=" + MAX + "&correlationHeaders=review-id");
                if (answers != null) {
                    from("sagemaker-async:sentiment?outputLocation=s3://results/sentiment/output"
                            + "&failureLocation=s3://results/sentiment/failures&initialDelay=0&delay=100")
                            .process(exchange -> answers.computeIfAbsent(exchange.getMessage().getHeader("review-id",
                                    String.class), id -> new AtomicInteger()).incrementAndGet());
                }
            }
        });
        context.start();
        return context;
    }
}
