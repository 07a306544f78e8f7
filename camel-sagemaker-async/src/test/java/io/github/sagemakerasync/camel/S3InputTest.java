package io.github.sagemakerasync.camel;

import static io.github.sagemakerasync.camel.SageMakerAsyncConstants.OUTPUT_LOCATION;
import static io.github.sagemakerasync.camel.SageMakerAsyncConstants.PAYLOAD_MODE;
import static io.github.sagemakerasync.camel.SageMakerAsyncConstants.UPLOADED_INPUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import io.github.sagemakerasync.emulator.Api;
import io.github.sagemakerasync.emulator.InjectedFault;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sagemakerruntime.model.InternalFailureException;

/** Payloads that go through S3: where and how they are uploaded, and what is left when something fails. */
class S3InputTest extends SageMakerAsyncTestSupport {

    private S3Client s3;

    @BeforeAll
    void openS3Client() {
        s3 = plainS3Client();
    }

    @AfterAll
    void closeS3Client() {
        s3.close();
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:csv").to("sagemaker-async:digest?payloadMode=s3&contentType=text/csv&inputLocation=s3://inputs/csv");
                from("direct:cleanup").to("sagemaker-async:digest?payloadMode=s3&inputLocation=s3://inputs/cleanup");
                from("direct:keep").to("sagemaker-async:digest?payloadMode=s3&keepInputOnFailure=true&inputLocation=s3://inputs/kept");
                from("direct:stream").to("sagemaker-async:digest?inputLocation=s3://inputs/broken&multipartPartSize=5242880");
                from("direct:object").to("sagemaker-async:digest");
            }
        };
    }

    @Test
    void uploadedObjectIsUnderThePrefixWithTheContentType() throws Exception {
        Exchange sent = template.request("direct:csv", exchange -> exchange.getMessage().setBody("a,b\n1,2\n"));

        String uploaded = sent.getMessage().getHeader(UPLOADED_INPUT, String.class);
        assertThat(uploaded).matches("s3://inputs/csv/[0-9a-f-]{36}");
        assertThat(emulator().objectMetadata(uploaded)).hasValueSatisfying(
                head -> assertThat(head.contentType()).isEqualTo("text/csv"));
        assertThat(awaitResult(sent.getMessage().getHeader(OUTPUT_LOCATION, String.class)))
                .isEqualTo(digestOf("a,b\n1,2\n".getBytes()));
    }

    @Test
    void failedInvocationDeletesTheUploadedInput() {
        emulator().sageMakerNetwork().failNext(10, InjectedFault.INTERNAL_ERROR);

        Exchange sent = template.request("direct:cleanup", exchange -> exchange.getMessage().setBody("payload"));

        assertThat(sent.getException()).isInstanceOf(InternalFailureException.class);
        assertThat(emulator().listObjects("s3://inputs/cleanup/")).isEmpty();
        assertThat(emulator().counters().get(Api.S3, "PutObject")).isEqualTo(1);
        assertThat(emulator().counters().get(Api.S3, "DeleteObject")).isEqualTo(1);
    }

    @Test
    void aDeleteThatS3FailsIsTriedAgainUntilTheUploadedInputIsGone() throws Exception {
        emulator().sageMakerNetwork().failNext(10, InjectedFault.INTERNAL_ERROR).holdRequests();
        CompletableFuture<Exchange> sending = template.asyncSend("direct:cleanup",
                exchange -> exchange.getMessage().setBody("payload"));
        // uploaded, and the invocation is in flight: now S3 fails more deletes than the SDK makes attempts at one
        await().atMost(RESULT_TIMEOUT).until(() -> emulator().counters().get(Api.SAGEMAKER, "InvokeEndpointAsync") == 1);
        assertThat(emulator().listObjects("s3://inputs/cleanup/")).hasSize(1);
        emulator().s3Network().failNext(6, InjectedFault.INTERNAL_ERROR, "DeleteObject");
        emulator().sageMakerNetwork().releaseRequests();

        Exchange sent = sending.get();

        assertThat(sent.getException()).isInstanceOf(InternalFailureException.class);
        await().atMost(RESULT_TIMEOUT).until(() -> emulator().listObjects("s3://inputs/cleanup/").isEmpty());
        // the first delete made at most the SDK's 4 attempts: the rest were the background retries
        assertThat(emulator().counters().get(Api.S3, "DeleteObject")).isGreaterThan(4);
    }

    @Test
    void keepInputOnFailureKeepsTheUploadedInput() {
        emulator().sageMakerNetwork().failNext(10, InjectedFault.INTERNAL_ERROR);

        Exchange sent = template.request("direct:keep", exchange -> exchange.getMessage().setBody("payload"));

        assertThat(sent.getException()).isInstanceOf(InternalFailureException.class);
        assertThat(emulator().listObjects("s3://inputs/kept/")).hasSize(1);
        assertThat(emulator().counters().get(Api.S3, "DeleteObject")).isZero();
    }

    @Test
    void streamThatFailsDuringAMultipartUploadLeavesNothingBehind() {
        Exchange sent = template.request("direct:stream",
                exchange -> exchange.getMessage().setBody(new GeneratedStream(12L * 1024 * 1024, true)));

        assertThat(sent.getException()).hasRootCauseInstanceOf(IOException.class).rootCause().hasMessage("disk unplugged");
        assertThat(emulator().counters().get(Api.SAGEMAKER, "InvokeEndpointAsync")).isZero();
        await().atMost(RESULT_TIMEOUT).until(() -> s3.listMultipartUploads(r -> r.bucket("inputs")).uploads().isEmpty());
        assertThat(emulator().listObjects("s3://inputs/broken/")).isEmpty();
    }

    @Test
    void streamThatFailsWhileTheUploadIsBeingCreatedLeavesNothingBehind() {
        // S3 answers slowly and the stream breaks once S3 has received CreateMultipartUpload, while it is in flight:
        // the SDK then cancels it and never aborts the upload S3 goes on to create
        emulator().s3Network().latency(Duration.ofSeconds(1));
        GeneratedStream breaksDuringCreation = new GeneratedStream(12L * 1024 * 1024, true, () -> await()
                .atMost(RESULT_TIMEOUT).until(() -> emulator().counters().get(Api.S3, "CreateMultipartUpload") == 1));

        Exchange sent = template.request("direct:stream", exchange -> exchange.getMessage().setBody(breaksDuringCreation));

        assertThat(sent.getException()).hasRootCauseInstanceOf(IOException.class).rootCause().hasMessage("disk unplugged");
        assertThat(emulator().counters().get(Api.S3, "CreateMultipartUpload")).isEqualTo(1);
        await().atMost(RESULT_TIMEOUT).until(() -> emulator().counters().get(Api.S3, "AbortMultipartUpload") > 0);
        emulator().s3Network().reset();
        await().atMost(RESULT_TIMEOUT).until(() -> s3.listMultipartUploads(r -> r.bucket("inputs")).uploads().isEmpty());
    }

    @Test
    void inputObjectHeaderSendsThatLocationAndUploadsNothing() throws Exception {
        s3.putObject(r -> r.bucket("inputs").key("ready/review.txt"), RequestBody.fromString("already uploaded"));
        emulator().counters().reset();

        Exchange sent = template.request("direct:object", exchange -> {
            exchange.getMessage().setBody(null);
            exchange.getMessage().setHeader(SageMakerAsyncConstants.INPUT_OBJECT, "s3://inputs/ready/review.txt");
        });

        assertThat(sent.getException()).isNull();
        assertThat(sent.getMessage().getHeader(PAYLOAD_MODE)).isEqualTo("s3");
        assertThat(sent.getMessage().getHeader(UPLOADED_INPUT)).isNull();
        assertThat(emulator().counters().snapshot()).containsOnlyKeys("SAGEMAKER:InvokeEndpointAsync");
        assertThat(awaitResult(sent.getMessage().getHeader(OUTPUT_LOCATION, String.class)))
                .isEqualTo(digestOf("already uploaded".getBytes()));
    }
}
