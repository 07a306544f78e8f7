package io.github.sagemakerasync.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.sagemakerasync.emulator.junit.SageMakerAsyncEmulatorExtension;
import io.github.sagemakerasync.emulator.model.ModelOutput;
import io.github.sagemakerasync.emulator.model.SentimentModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointAsyncResponse;

/** Each endpoint's queue and workers: request TTL, pausing, and the concurrency limit. */
class QueueTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final AdjustableClock CLOCK = new AdjustableClock();
    private static final AtomicInteger RUNNING = new AtomicInteger();
    private static final AtomicInteger MAX_RUNNING = new AtomicInteger();

    @RegisterExtension
    final SageMakerAsyncEmulatorExtension emulator = new SageMakerAsyncEmulatorExtension(SageMakerAsyncEmulator.builder()
            .clock(CLOCK)
            .endpoint(AsyncEndpointConfig.builder("sentiment")
                    .s3OutputPath("s3://results/output").s3FailurePath("s3://results/failures")
                    .model(new SentimentModel()).build())
            .endpoint(AsyncEndpointConfig.builder("two-workers")
                    .s3OutputPath("s3://results/two/output")
                    .maxConcurrentInvocationsPerInstance(2)
                    .model(input -> {
                        MAX_RUNNING.accumulateAndGet(RUNNING.incrementAndGet(), Math::max);
                        try {
                            Thread.sleep(100);
                            return ModelOutput.text("done");
                        } finally {
                            RUNNING.decrementAndGet();
                        }
                    }).build()));

    private SageMakerRuntimeClient sageMaker;
    private S3Client s3;

    @BeforeEach
    void clients() {
        sageMaker = TestClients.sageMaker(emulator.emulator());
        s3 = TestClients.s3(emulator.emulator());
    }

    @AfterEach
    void close() {
        sageMaker.close();
        s3.close();
    }

    @Test
    void requestOlderThanItsTtlWhenAWorkerReachesItExpiresToTheFailurePath() throws Exception {
        emulator.emulator().pauseWorkers();
        InvokeEndpointAsyncResponse expiring = invoke(60);
        InvokeEndpointAsyncResponse surviving = invoke(120);

        CLOCK.advance(Duration.ofSeconds(61));
        emulator.emulator().resumeWorkers();

        assertThat(TestClients.awaitObject(s3, expiring.failureLocation(), TIMEOUT))
                .isEqualTo("Request expired: it waited 61 seconds in the queue, longer than its RequestTTLSeconds of 60");
        assertThat(TestClients.exists(s3, expiring.outputLocation())).isFalse();
        assertThat(TestClients.awaitObject(s3, surviving.outputLocation(), TIMEOUT)).contains("POSITIVE");
    }

    @Test
    void pausedWorkersQueueRequestsUntilResumed() throws Exception {
        emulator.emulator().pauseWorkers();
        InvokeEndpointAsyncResponse response = invoke(60);

        assertThat(emulator.emulator().awaitIdle(Duration.ofMillis(300))).isFalse();
        assertThat(emulator.emulator().unfinishedInvocations()).isEqualTo(1);
        assertThat(TestClients.exists(s3, response.outputLocation())).isFalse();

        emulator.emulator().resumeWorkers();
        assertThat(emulator.emulator().awaitIdle(TIMEOUT)).isTrue();
        assertThat(TestClients.exists(s3, response.outputLocation())).isTrue();
    }

    @Test
    void noMoreThanMaxConcurrentInvocationsRunAtOnce() throws Exception {
        for (int i = 0; i < 8; i++) {
            sageMaker.invokeEndpointAsync(r -> r.endpointName("two-workers").body(SdkBytes.fromUtf8String("x")));
        }

        assertThat(emulator.emulator().awaitIdle(TIMEOUT)).isTrue();
        assertThat(MAX_RUNNING.get()).isEqualTo(2);
        assertThat(s3.listObjectsV2(r -> r.bucket("results").prefix("two/output/")).keyCount()).isEqualTo(8);
    }

    private InvokeEndpointAsyncResponse invoke(int ttlSeconds) {
        return sageMaker.invokeEndpointAsync(r -> r.endpointName("sentiment").requestTTLSeconds(ttlSeconds)
                .body(SdkBytes.fromUtf8String("good")));
    }
}
