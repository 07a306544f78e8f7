package io.github.sagemakerasync.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.sagemakerasync.emulator.model.InferenceModel;
import io.github.sagemakerasync.emulator.model.ModelOutput;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;

/** Instances, workers and autoscaling as AWS has them: to zero and back, with CloudWatch's backlog metrics. */
class ScalingTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** A model that holds each request until the test lets it go, counting those running at once. */
    private static final class HeldModel implements InferenceModel {
        final Semaphore go = new Semaphore(0);
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger mostRunning = new AtomicInteger();

        @Override
        public ModelOutput invoke(io.github.sagemakerasync.emulator.model.ModelInput input) throws Exception {
            mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                go.acquire();
                return ModelOutput.text("done");
            } finally {
                running.decrementAndGet();
            }
        }
    }

    @Test
    void instancesTimesWorkersRunAtOnceAndTheBacklogIsMeasured() throws Exception {
        HeldModel model = new HeldModel();
        try (SageMakerAsyncEmulator emulator = SageMakerAsyncEmulator.builder()
                .endpoint(AsyncEndpointConfig.builder("fixed").s3OutputPath("s3://results/fixed")
                        .instances(2).maxConcurrentInvocationsPerInstance(3).model(model).build())
                .start();
             SageMakerRuntimeClient sageMaker = TestClients.sageMaker(emulator)) {
            for (int i = 0; i < 10; i++) {
                sageMaker.invokeEndpointAsync(r -> r.endpointName("fixed").body(SdkBytes.fromUtf8String("x")));
            }

            await().atMost(TIMEOUT).until(() -> model.running.get() == 6);
            Thread.sleep(300);
            EndpointMetrics metrics = emulator.metrics("fixed");
            assertThat(model.mostRunning.get()).isEqualTo(6);
            assertThat(metrics.approximateBacklogSize()).isEqualTo(10);
            assertThat(metrics.approximateBacklogSizePerInstance()).isEqualTo(5.0);
            assertThat(metrics.currentInstanceCount()).isEqualTo(2);
            assertThat(metrics.hasBacklogWithoutCapacity()).isZero();

            model.go.release(10);
            assertThat(emulator.awaitIdle(TIMEOUT)).isTrue();
            assertThat(emulator.metrics("fixed").approximateBacklogSize()).isZero();
        }
    }

    @Test
    void theEndpointScalesOutWithItsBacklogAndInToZeroWhenIdle() throws Exception {
        HeldModel model = new HeldModel();
        AdjustableClock clock = new AdjustableClock();
        try (SageMakerAsyncEmulator emulator = SageMakerAsyncEmulator.builder().clock(clock)
                .endpoint(AsyncEndpointConfig.builder("scaled").s3OutputPath("s3://results/scaled")
                        .maxConcurrentInvocationsPerInstance(1).model(model)
                        .autoScaling(AutoScaling.of(0, 3, 2).withScaleOutDelay(Duration.ofMinutes(2))
                                .withScaleInCooldown(Duration.ofMinutes(5)))
                        .build())
                .start();
             SageMakerRuntimeClient sageMaker = TestClients.sageMaker(emulator);
             SageMakerClient api = TestClients.sageMakerApi(emulator)) {
            assertThat(emulator.metrics("scaled").currentInstanceCount()).isOne();
            for (int i = 0; i < 6; i++) {
                sageMaker.invokeEndpointAsync(r -> r.endpointName("scaled").body(SdkBytes.fromUtf8String("x")));
            }
            // a backlog of 6, 2 per instance wanted: 3 instances launched, serving after their 2 minutes (the clock
            // moves less than the 15 minutes a request's signature is good for)
            await().atMost(TIMEOUT).until(() -> emulator.metrics("scaled").desiredInstanceCount() == 3);
            assertThat(emulator.metrics("scaled").currentInstanceCount()).isOne();
            assertThat(model.running.get()).isOne();
            clock.advance(Duration.ofMinutes(2));
            await().atMost(TIMEOUT).until(() -> model.running.get() == 3);
            assertThat(api.describeEndpoint(r -> r.endpointName("scaled")).productionVariants().get(0)
                    .currentInstanceCount()).isEqualTo(3);

            model.go.release(6);
            assertThat(emulator.awaitIdle(TIMEOUT)).isTrue();
            // idle: after the cooldown, down to the minimum, 0
            Thread.sleep(300);
            assertThat(emulator.metrics("scaled").currentInstanceCount()).isEqualTo(3);
            clock.advance(Duration.ofMinutes(5));
            await().atMost(TIMEOUT).until(() -> emulator.metrics("scaled").currentInstanceCount() == 0);
            assertThat(api.describeEndpoint(r -> r.endpointName("scaled")).productionVariants().get(0)
                    .currentInstanceCount()).isZero();
            assertThat(model.mostRunning.get()).isEqualTo(3);
        }
    }

    @Test
    void fromZeroOnlyTheStepPolicyLaunchesAnInstanceElseRequestsExpire() throws Exception {
        AdjustableClock clock = new AdjustableClock();
        try (SageMakerAsyncEmulator emulator = SageMakerAsyncEmulator.builder().clock(clock)
                .endpoint(AsyncEndpointConfig.builder("stepped").s3OutputPath("s3://results/stepped/output")
                        .s3FailurePath("s3://results/stepped/failures").instances(0)
                        .autoScaling(AutoScaling.of(0, 2, 5).withScaleOutDelay(Duration.ofMinutes(3)))
                        .model(input -> ModelOutput.text("answered")).build())
                .endpoint(AsyncEndpointConfig.builder("tracking-only").s3OutputPath("s3://results/tracking/output")
                        .s3FailurePath("s3://results/tracking/failures").instances(0)
                        .autoScaling(AutoScaling.of(0, 2, 5).withoutScaleFromZero())
                        .model(input -> ModelOutput.text("answered")).build())
                .start();
             SageMakerRuntimeClient sageMaker = TestClients.sageMaker(emulator);
             S3Client s3 = TestClients.s3(emulator)) {
            String stepped = sageMaker.invokeEndpointAsync(r -> r.endpointName("stepped")
                    .body(SdkBytes.fromUtf8String("x"))).outputLocation();
            String tracking = sageMaker.invokeEndpointAsync(r -> r.endpointName("tracking-only").requestTTLSeconds(600)
                    .body(SdkBytes.fromUtf8String("x"))).failureLocation();

            await().atMost(TIMEOUT).until(() -> emulator.metrics("tracking-only").hasBacklogWithoutCapacity() == 1);
            assertThat(emulator.metrics("stepped").hasBacklogWithoutCapacity()).isOne();
            clock.advance(Duration.ofMinutes(3));
            // the step policy's instance serves after its launch; target tracking alone never leaves zero
            assertThat(TestClients.awaitObject(s3, stepped, TIMEOUT)).isEqualTo("answered");
            assertThat(emulator.metrics("tracking-only").currentInstanceCount()).isZero();
            assertThat(emulator.metrics("tracking-only").approximateAgeOfOldestRequest()).isGreaterThanOrEqualTo(180);

            clock.advance(Duration.ofMinutes(8));
            assertThat(TestClients.awaitObject(s3, tracking, TIMEOUT))
                    .matches("Request expired: it waited 6[6-9]\\d seconds in the queue, longer than its RequestTTLSeconds of 600");
            EndpointMetrics expired = emulator.metrics("tracking-only");
            assertThat(expired.expiredRequests()).isOne();
            assertThat(expired.approximateBacklogSize()).isZero();
            assertThat(expired.hasBacklogWithoutCapacity()).isZero();
        }
    }

    @Test
    void instanceCountsOutsideTheirBoundsAreRefused() {
        assertThatThrownBy(() -> AsyncEndpointConfig.builder("e").s3OutputPath("s3://b/o").instances(0)
                .model(input -> ModelOutput.text("x")).build())
                .hasMessage("Endpoint e: 0 instances at start, at least 1 without autoScaling");
        assertThatThrownBy(() -> AsyncEndpointConfig.builder("e").s3OutputPath("s3://b/o").instances(5)
                .autoScaling(AutoScaling.of(1, 4, 1)).model(input -> ModelOutput.text("x")).build())
                .hasMessage("Endpoint e: 5 instances at start, outside its autoScaling's 1 to 4");
        assertThatThrownBy(() -> AutoScaling.of(2, 1, 1))
                .hasMessage("AutoScaling needs 0 <= minInstances <= maxInstances and maxInstances >= 1, was 2 to 1");
        assertThatThrownBy(() -> AutoScaling.of(0, 1, 0))
                .hasMessage("targetBacklogPerInstance must be above 0, was 0.0");
    }
}
