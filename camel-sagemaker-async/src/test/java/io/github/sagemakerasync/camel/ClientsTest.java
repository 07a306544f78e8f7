package io.github.sagemakerasync.camel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.spi.Registry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeAsyncClient;

/**
 * Clients in the registry are used as they are and never closed by the component; the request options reach S3 on
 * them.
 */
class ClientsTest extends SageMakerAsyncTestSupport {

    private final List<SdkRequest> s3Requests = new CopyOnWriteArrayList<>();
    private SageMakerRuntimeAsyncClient sageMaker;
    private S3AsyncClient s3;

    @Override
    protected void bindToRegistry(Registry registry) {
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(
                AwsBasicCredentials.create(emulator().accessKeyId(), emulator().secretAccessKey()));
        sageMaker = SageMakerRuntimeAsyncClient.builder()
                .endpointOverride(emulator().sageMakerEndpoint())
                .region(Region.of(emulator().region()))
                .credentialsProvider(credentials)
                .build();
        s3 = S3AsyncClient.builder()
                .endpointOverride(emulator().s3Endpoint())
                .forcePathStyle(true)
                .region(Region.of(emulator().region()))
                .credentialsProvider(credentials)
                .multipartEnabled(true)
                .overrideConfiguration(o -> o.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                        s3Requests.add(context.request());
                    }
                }))
                .build();
        registry.bind("mySageMaker", sageMaker);
        registry.bind("myS3", s3);
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:encrypted").to("sagemaker-async:digest?payloadMode=s3&inputLocation=" + INPUTS
                        + "&serverSideEncryption=AES256&expectedBucketOwner=000000000000&contentType=text/csv");
                // inputs in one account's bucket, results in another's (the emulator's S3 does not check owners)
                from("direct:owners").to("sagemaker-async:digest?payloadMode=s3&inputLocation=" + INPUTS
                        + "&expectedBucketOwner=111111111111&resultExpectedBucketOwner=222222222222"
                        + "&waitForResult=true&resultPollDelay=50");
            }
        };
    }

    @BeforeEach
    void forgetRequests() {
        s3Requests.clear();
    }

    @AfterAll
    void closeClients() {
        sageMaker.close();
        s3.close();
    }

    @Test
    void registryClientsAreUsed() {
        SageMakerAsyncEndpoint endpoint = context.getEndpoint("sagemaker-async:digest?payloadMode=s3&inputLocation="
                + INPUTS + "&serverSideEncryption=AES256&expectedBucketOwner=000000000000&contentType=text/csv",
                SageMakerAsyncEndpoint.class);

        assertThat(endpoint.clients().sageMaker()).isSameAs(sageMaker);
        assertThat(endpoint.clients().s3()).isSameAs(s3);
    }

    @Test
    void uploadOptionsReachS3() {
        Exchange sent = template.request("direct:encrypted", exchange -> exchange.getMessage().setBody("a,b"));

        assertThat(sent.getException()).isNull();
        assertThat(s3Requests).filteredOn(PutObjectRequest.class::isInstance).singleElement()
                .isInstanceOfSatisfying(PutObjectRequest.class, put -> {
                    assertThat(put.serverSideEncryptionAsString()).isEqualTo("AES256");
                    assertThat(put.expectedBucketOwner()).isEqualTo("000000000000");
                    assertThat(put.contentType()).isEqualTo("text/csv");
                    assertThat(put.contentLength()).isEqualTo(3L);
                    assertThat(put.key()).startsWith("payloads/");
                });
    }

    @Test
    void inputAndResultBucketsAreCheckedForTheirOwnOwners() {
        Exchange answered = template.request("direct:owners", exchange -> exchange.getMessage().setBody("a,b"));

        assertThat(answered.getException()).isNull();
        assertThat(s3Requests).filteredOn(PutObjectRequest.class::isInstance)
                .extracting(request -> ((PutObjectRequest) request).expectedBucketOwner()).containsOnly("111111111111");
        assertThat(s3Requests).filteredOn(request -> request instanceof ListObjectsV2Request || request instanceof GetObjectRequest)
                .isNotEmpty()
                .extracting(request -> request.getValueForField("ExpectedBucketOwner", String.class).orElse(null))
                .containsOnly("222222222222");
    }

    @Test
    void stoppingTheEndpointLeavesRegistryClientsOpen() throws Exception {
        SageMakerAsyncEndpoint endpoint = context.getEndpoint("sagemaker-async:sentiment", SageMakerAsyncEndpoint.class);
        endpoint.start();
        endpoint.stop();

        // still usable: the component closes only the clients it built
        s3.listObjectsV2(r -> r.bucket("inputs")).join();
        sageMaker.invokeEndpointAsync(r -> r.endpointName("sentiment").body(
                SdkBytes.fromUtf8String("good"))).join();
    }
}
