package io.github.sagemakerasync.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.sagemakerasync.emulator.junit.SageMakerAsyncEmulatorExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sagemakerruntime.model.InternalFailureException;
import software.amazon.awssdk.services.sagemakerruntime.model.SageMakerRuntimeException;
import software.amazon.awssdk.services.sagemakerruntime.model.ServiceUnavailableException;

/** The test knobs: request counters, injected faults and added latency, on both APIs. */
class FaultsAndCountersTest {

    @RegisterExtension
    static final SageMakerAsyncEmulatorExtension EMULATOR = new SageMakerAsyncEmulatorExtension();

    private static SageMakerRuntimeClient sageMaker;
    private static SageMakerRuntimeClient sageMakerWithoutRetries;
    private static S3Client s3;
    private static S3Client s3WithoutRetries;

    @BeforeAll
    static void clients() {
        sageMaker = TestClients.sageMaker(EMULATOR.emulator());
        sageMakerWithoutRetries = TestClients.sageMakerWithoutRetries(EMULATOR.emulator());
        s3 = TestClients.s3(EMULATOR.emulator());
        s3WithoutRetries = S3Client.builder()
                .endpointOverride(EMULATOR.emulator().s3Endpoint()).forcePathStyle(true)
                .region(Region.of(EMULATOR.emulator().region()))
                .credentialsProvider(TestClients.credentials(EMULATOR.emulator()))
                .overrideConfiguration(c -> c.retryStrategy(DefaultRetryStrategy.doNotRetry()))
                .build();
    }

    @AfterAll
    static void close() {
        sageMaker.close();
        sageMakerWithoutRetries.close();
        s3.close();
        s3WithoutRetries.close();
    }

    @BeforeEach
    void reset() throws InterruptedException {
        EMULATOR.emulator().awaitIdle(Duration.ofSeconds(20));
        EMULATOR.emulator().sageMakerNetwork().reset();
        EMULATOR.emulator().s3Network().reset();
        EMULATOR.emulator().counters().reset();
    }

    @Test
    void countsSageMakerAndS3RequestsByOperation() {
        sageMaker.invokeEndpointAsync(r -> r.endpointName("sentiment").body(SdkBytes.fromUtf8String("x")));
        s3.putObject(r -> r.bucket("sagemaker-async").key("count/a"), RequestBody.fromString("a"));
        s3.getObjectAsBytes(r -> r.bucket("sagemaker-async").key("count/a"));
        s3.headObject(r -> r.bucket("sagemaker-async").key("count/a"));
        s3.listObjectsV2(r -> r.bucket("sagemaker-async").prefix("count/"));
        s3.copyObject(r -> r.sourceBucket("sagemaker-async").sourceKey("count/a")
                .destinationBucket("sagemaker-async").destinationKey("count/b"));
        s3.deleteObject(r -> r.bucket("sagemaker-async").key("count/b"));

        assertThat(EMULATOR.emulator().counters().snapshot()).isEqualTo(Map.of(
                "SAGEMAKER:InvokeEndpointAsync", 1L,
                "S3:PutObject", 1L,
                "S3:GetObject", 1L,
                "S3:HeadObject", 1L,
                "S3:ListObjectsV2", 1L,
                "S3:CopyObject", 1L,
                "S3:DeleteObject", 1L));
        assertThat(EMULATOR.emulator().counters().total(Api.S3)).isEqualTo(6);
    }

    @Test
    void countsMultipartUploadOperations() {
        String uploadId = s3.createMultipartUpload(r -> r.bucket("sagemaker-async").key("multi/a")).uploadId();
        String etag = s3.uploadPart(r -> r.bucket("sagemaker-async").key("multi/a").uploadId(uploadId).partNumber(1),
                RequestBody.fromString("part")).eTag();
        s3.completeMultipartUpload(r -> r.bucket("sagemaker-async").key("multi/a").uploadId(uploadId)
                .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(etag).build())));
        String aborted = s3.createMultipartUpload(r -> r.bucket("sagemaker-async").key("multi/b")).uploadId();
        s3.abortMultipartUpload(r -> r.bucket("sagemaker-async").key("multi/b").uploadId(aborted));

        assertThat(EMULATOR.emulator().counters().snapshot()).isEqualTo(Map.of(
                "S3:CreateMultipartUpload", 2L,
                "S3:UploadPart", 1L,
                "S3:CompleteMultipartUpload", 1L,
                "S3:AbortMultipartUpload", 1L));
    }

    @Test
    void injectedThrottlingIsRetriedByTheSdkAndEveryAttemptIsCounted() {
        EMULATOR.emulator().sageMakerNetwork().failNext(2, InjectedFault.THROTTLING);

        sageMaker.invokeEndpointAsync(r -> r.endpointName("sentiment").body(SdkBytes.fromUtf8String("x")));

        assertThat(EMULATOR.emulator().counters().get(Api.SAGEMAKER, "InvokeEndpointAsync")).isEqualTo(3);
    }

    @Test
    void sageMakerFaultsArriveAsTheSdksExceptions() {
        EMULATOR.emulator().sageMakerNetwork().failNext(1, InjectedFault.THROTTLING);
        assertThatThrownBy(this::invokeWithoutRetries).isInstanceOfSatisfying(SageMakerRuntimeException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
            assertThat(e.isThrottlingException()).isTrue();
        });

        EMULATOR.emulator().sageMakerNetwork().failNext(1, InjectedFault.SERVICE_UNAVAILABLE);
        assertThatThrownBy(this::invokeWithoutRetries).isInstanceOf(ServiceUnavailableException.class);

        EMULATOR.emulator().sageMakerNetwork().failNext(1, InjectedFault.INTERNAL_ERROR);
        assertThatThrownBy(this::invokeWithoutRetries).isInstanceOf(InternalFailureException.class);

        assertThat(EMULATOR.emulator().unfinishedInvocations()).isZero();
    }

    @Test
    void everySecondThrottlingAnswerHasNoMessageAsAwsMaySendIt() {
        List<String> messages = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            EMULATOR.emulator().sageMakerNetwork().failNext(1, InjectedFault.THROTTLING);
            SageMakerRuntimeException e = catchThrowableOfType(SageMakerRuntimeException.class, this::invokeWithoutRetries);
            assertThat(e.isThrottlingException()).isTrue();
            messages.add(e.awsErrorDetails().errorMessage());
        }

        assertThat(messages).containsExactlyInAnyOrder("Rate exceeded", null);
    }

    @Test
    void s3FaultsAreS3Errors() {
        EMULATOR.emulator().s3Network().failNext(1, InjectedFault.THROTTLING);
        assertThatThrownBy(() -> s3WithoutRetries.listObjectsV2(r -> r.bucket("sagemaker-async")))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(503);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SlowDown");
                });

        EMULATOR.emulator().s3Network().failNext(1, InjectedFault.INTERNAL_ERROR);
        s3.listObjectsV2(r -> r.bucket("sagemaker-async"));
        assertThat(EMULATOR.emulator().counters().get(Api.S3, "ListObjectsV2")).isEqualTo(3);
    }

    @Test
    void faultsForOneOperationLeaveTheOthersAlone() {
        EMULATOR.emulator().s3Network().failNext(1, InjectedFault.INTERNAL_ERROR, "DeleteObject");

        s3WithoutRetries.putObject(r -> r.bucket("sagemaker-async").key("only/delete"), RequestBody.fromString("x"));
        s3WithoutRetries.listObjectsV2(r -> r.bucket("sagemaker-async"));
        assertThatThrownBy(() -> s3WithoutRetries.deleteObject(r -> r.bucket("sagemaker-async").key("only/delete")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(500));
        s3WithoutRetries.deleteObject(r -> r.bucket("sagemaker-async").key("only/delete"));

        assertThat(EMULATOR.emulator().listObjects("s3://sagemaker-async/only/")).isEmpty();
    }

    @Test
    void faultRateOfOneFailsEveryRequest() {
        EMULATOR.emulator().sageMakerNetwork().faultRate(1.0, InjectedFault.SERVICE_UNAVAILABLE);

        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(this::invokeWithoutRetries).isInstanceOf(ServiceUnavailableException.class);
        }
    }

    @Test
    void faultRateOutsideZeroToOneIsRefused() {
        assertThatThrownBy(() -> EMULATOR.emulator().s3Network().faultRate(1.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("fault rate must be between 0 and 1, was 1.5");
    }

    @Test
    void latencyDelaysEveryRequestAtLeastThatLong() {
        EMULATOR.emulator().sageMakerNetwork().latency(Duration.ofMillis(300));
        EMULATOR.emulator().s3Network().latency(Duration.ofMillis(200));

        long start = System.nanoTime();
        sageMaker.invokeEndpointAsync(r -> r.endpointName("sentiment").body(SdkBytes.fromUtf8String("x")));
        long afterInvoke = System.nanoTime();
        s3.listObjectsV2(r -> r.bucket("sagemaker-async"));
        long afterList = System.nanoTime();

        // a lower bound only: a busy machine makes requests slower, never faster
        assertThat(Duration.ofNanos(afterInvoke - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(Duration.ofNanos(afterList - afterInvoke)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
    }

    @Test
    void heldRequestsWaitUntilReleased() throws Exception {
        EMULATOR.emulator().sageMakerNetwork().holdRequests();
        CompletableFuture<?> call = CompletableFuture.runAsync(() ->
                sageMaker.invokeEndpointAsync(r -> r.endpointName("sentiment").body(SdkBytes.fromUtf8String("x"))));

        await().until(() -> EMULATOR.emulator().counters().get(Api.SAGEMAKER, "InvokeEndpointAsync") == 1);
        Thread.sleep(200);
        assertThat(call).isNotDone();

        EMULATOR.emulator().sageMakerNetwork().releaseRequests();
        call.get(20, TimeUnit.SECONDS);
    }

    private void invokeWithoutRetries() {
        sageMakerWithoutRetries.invokeEndpointAsync(r -> r.endpointName("sentiment").body(SdkBytes.fromUtf8String("x")));
    }
}
