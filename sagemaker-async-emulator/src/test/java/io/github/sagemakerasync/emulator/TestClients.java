package io.github.sagemakerasync.emulator;

import java.time.Duration;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeAsyncClient;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;

/** AWS SDK v2 clients pointed at an emulator, as a user configures them. */
final class TestClients {

    private TestClients() {
    }

    static SageMakerRuntimeClient sageMaker(SageMakerAsyncEmulator emulator) {
        return SageMakerRuntimeClient.builder()
                .endpointOverride(emulator.sageMakerEndpoint())
                .region(Region.of(emulator.region()))
                .credentialsProvider(credentials(emulator))
                .build();
    }

    static SageMakerRuntimeClient sageMakerWithoutRetries(SageMakerAsyncEmulator emulator) {
        return SageMakerRuntimeClient.builder()
                .endpointOverride(emulator.sageMakerEndpoint())
                .region(Region.of(emulator.region()))
                .credentialsProvider(credentials(emulator))
                .overrideConfiguration(c -> c.retryStrategy(DefaultRetryStrategy.doNotRetry()))
                .build();
    }

    static SageMakerRuntimeAsyncClient sageMakerAsync(SageMakerAsyncEmulator emulator) {
        return SageMakerRuntimeAsyncClient.builder()
                .endpointOverride(emulator.sageMakerEndpoint())
                .region(Region.of(emulator.region()))
                .credentialsProvider(credentials(emulator))
                .build();
    }

    /** The control plane (DescribeEndpoint, DescribeEndpointConfig), served on the same port as the runtime. */
    static SageMakerClient sageMakerApi(SageMakerAsyncEmulator emulator) {
        return SageMakerClient.builder()
                .endpointOverride(emulator.sageMakerEndpoint())
                .region(Region.of(emulator.region()))
                .credentialsProvider(credentials(emulator))
                .build();
    }

    static SqsClient sqs(SageMakerAsyncEmulator emulator) {
        return SqsClient.builder()
                .endpointOverride(emulator.sqsEndpoint())
                .region(Region.of(emulator.region()))
                .credentialsProvider(credentials(emulator))
                .build();
    }

    static S3Client s3(SageMakerAsyncEmulator emulator) {
        return S3Client.builder()
                .endpointOverride(emulator.s3Endpoint())
                .forcePathStyle(true)
                .region(Region.of(emulator.region()))
                .credentialsProvider(credentials(emulator))
                .build();
    }

    static StaticCredentialsProvider credentials(SageMakerAsyncEmulator emulator) {
        return StaticCredentialsProvider.create(
                AwsBasicCredentials.create(emulator.accessKeyId(), emulator.secretAccessKey()));
    }

    static void put(S3Client s3, String location, String content, String contentType) {
        S3Location object = S3Location.parse(location);
        s3.putObject(r -> r.bucket(object.bucket()).key(object.key()).contentType(contentType),
                RequestBody.fromString(content));
    }

    /** The object's content once it exists; fails after the timeout. */
    static String awaitObject(S3Client s3, String location, Duration timeout) throws InterruptedException {
        S3Location object = S3Location.parse(location);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                return s3.getObjectAsBytes(r -> r.bucket(object.bucket()).key(object.key())).asUtf8String();
            } catch (NoSuchKeyException e) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("No object at " + location + " after " + timeout);
                }
                Thread.sleep(10);
            }
        }
    }

    static boolean exists(S3Client s3, String location) {
        S3Location object = S3Location.parse(location);
        try {
            s3.headObject(r -> r.bucket(object.bucket()).key(object.key()));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        }
    }
}
