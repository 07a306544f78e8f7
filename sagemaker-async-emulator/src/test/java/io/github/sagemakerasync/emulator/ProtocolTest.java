package io.github.sagemakerasync.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.sagemakerasync.emulator.junit.SageMakerAsyncEmulatorExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sagemakerruntime.model.SageMakerRuntimeException;

/** The wire protocol: authentication as AWS does it, and malformed requests answered with a 4xx, never a hang. */
class ProtocolTest {

    @RegisterExtension
    static final SageMakerAsyncEmulatorExtension EMULATOR = new SageMakerAsyncEmulatorExtension();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private URI invocationsUri() {
        return URI.create(EMULATOR.emulator().sageMakerEndpoint() + "/endpoints/sentiment/async-invocations");
    }

    @Test
    void unsignedRequestIsRejectedWithMissingAuthenticationToken() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(invocationsUri())
                .POST(HttpRequest.BodyPublishers.ofString("good")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("X-Amzn-ErrorType")).hasValue("MissingAuthenticationTokenException");
        assertThat(response.headers().firstValue("x-amzn-RequestId")).isPresent();
        assertThat(response.body()).isEqualTo("{\"message\":\"Missing Authentication Token\"}");
        assertThat(EMULATOR.emulator().unfinishedInvocations()).isZero();
    }

    @Test
    void wrongSecretIsAnInvalidSignature() {
        try (SageMakerRuntimeClient client = client("emulator", "not-the-secret", "us-east-1")) {
            assertThatThrownBy(() -> invoke(client)).isInstanceOfSatisfying(SageMakerRuntimeException.class, e -> {
                assertThat(e.statusCode()).isEqualTo(403);
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
                assertThat(e.awsErrorDetails().errorMessage())
                        .startsWith("The request signature we calculated does not match the signature you provided.");
            });
        }
    }

    @Test
    void unknownAccessKeyIsAnUnrecognizedClient() {
        try (SageMakerRuntimeClient client = client("someone-else", "emulator-secret", "us-east-1")) {
            assertThatThrownBy(() -> invoke(client)).isInstanceOfSatisfying(SageMakerRuntimeException.class, e -> {
                assertThat(e.statusCode()).isEqualTo(403);
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException");
            });
        }
    }

    @Test
    void requestSignedForAnotherRegionIsRejected() {
        try (SageMakerRuntimeClient client = client("emulator", "emulator-secret", "eu-west-1")) {
            assertThatThrownBy(() -> invoke(client)).isInstanceOfSatisfying(SageMakerRuntimeException.class, e -> {
                assertThat(e.statusCode()).isEqualTo(403);
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
                assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("Credential should be scoped to a valid region, not 'eu-west-1'. ");
            });
        }
    }

    @Test
    void anS3RequestSignedForAnotherRegionIsRejectedAsS3RejectsIt() {
        SageMakerAsyncEmulator emulator = EMULATOR.emulator();
        try (S3Client s3 = S3Client.builder().endpointOverride(emulator.s3Endpoint()).forcePathStyle(true)
                .region(Region.EU_WEST_1).credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(emulator.accessKeyId(), emulator.secretAccessKey()))).build()) {
            assertThatThrownBy(() -> s3.listObjectsV2(r -> r.bucket("sagemaker-async")))
                    .isInstanceOfSatisfying(S3Exception.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(400);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AuthorizationHeaderMalformed");
                        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The authorization header is malformed; "
                                + "the region 'eu-west-1' is wrong; expecting 'us-east-1'");
                    });
        }
        try (S3Client s3 = TestClients.s3(emulator)) {
            assertThat(s3.listObjectsV2(r -> r.bucket("sagemaker-async")).sdkHttpResponse().isSuccessful()).isTrue();
        }
    }

    @Test
    void unknownPathIsAnUnknownOperation() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create(EMULATOR.emulator().sageMakerEndpoint() + "/endpoints/sentiment/invocations"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("X-Amzn-ErrorType")).hasValue("UnknownOperationException");
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "PUT", "DELETE"})
    void wrongMethodIsAnUnknownOperation(String method) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(invocationsUri())
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(404);
    }

    @Test
    void hugeHeaderIsRefusedWith431() throws Exception {
        assertThat(rawStatusLine("POST /endpoints/sentiment/async-invocations HTTP/1.1\r\nHost: x\r\nX-Big: "
                + "a".repeat(64 * 1024) + "\r\nContent-Length: 0\r\n\r\n")).isEqualTo("HTTP/1.1 431 Request Header Fields Too Large");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "GARBAGE\r\n\r\n",
        "POST /endpoints/sentiment/async-invocations HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
        "POST /endpoints/sentiment/async-invocations HTTP/1.1\r\nNo colon here\r\n\r\n",
        "\u0000\u0001\u0002\r\n\r\n"})
    void malformedRequestGets400(String request) throws Exception {
        assertThat(rawStatusLine(request)).startsWith("HTTP/1.1 400");
    }

    @Test
    void nonNumericTtlIsAValidationError() throws Exception {
        // The SDK cannot send this; a hand-signed request can.
        try (SageMakerRuntimeClient client = TestClients.sageMaker(EMULATOR.emulator())) {
            assertThatThrownBy(() -> client.invokeEndpointAsync(r -> r.endpointName("sentiment")
                    .overrideConfiguration(o -> o.putHeader("X-Amzn-SageMaker-RequestTTLSeconds", "soon"))
                    .body(SdkBytes.fromUtf8String("x"))))
                    .isInstanceOfSatisfying(SageMakerRuntimeException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                            .isEqualTo("1 validation error detected: Value 'soon' at 'requestTTLSeconds' failed to "
                                    + "satisfy constraint: Member must be an integer"));
        }
    }

    @Test
    void aBodySwappedAfterSigningFailsTheSignatureWhateverHashIsDeclared() throws Exception {
        byte[] signed = "{\"text\":\"great\"}".getBytes(StandardCharsets.UTF_8);
        byte[] swapped = "{\"text\":\"awful\"}".getBytes(StandardCharsets.UTF_8);

        assertThat(sendSignedFor(signed, signed).statusCode()).isEqualTo(202);
        HttpResponse<String> refused = sendSignedFor(signed, swapped);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().firstValue("X-Amzn-ErrorType")).contains("InvalidSignatureException");
    }

    /** Signs a request for {@code signedBody}, declares its hash, and sends {@code sentBody}. */
    private HttpResponse<String> sendSignedFor(byte[] signedBody, byte[] sentBody) throws Exception {
        SageMakerAsyncEmulator emulator = EMULATOR.emulator();
        SdkHttpFullRequest request = SdkHttpFullRequest.builder().method(SdkHttpMethod.POST).uri(invocationsUri())
                .putHeader("X-Amzn-SageMaker-Content-Type", "application/json").build();
        SignedRequest signedRequest = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsCredentialsIdentity.create(emulator.accessKeyId(), emulator.secretAccessKey()))
                .request(request)
                .payload(ContentStreamProvider.fromByteArray(signedBody))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "sagemaker")
                .putProperty(AwsV4HttpSigner.REGION_NAME, emulator.region()));
        HttpRequest.Builder http = HttpRequest.newBuilder(invocationsUri()).POST(HttpRequest.BodyPublishers.ofByteArray(sentBody));
        signedRequest.request().headers().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Host") && !name.equalsIgnoreCase("Content-Length")) {
                values.forEach(value -> http.header(name, value));
            }
        });
        http.setHeader("X-Amz-Content-SHA256", HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(signedBody)));
        return HttpClient.newHttpClient().send(http.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void curlSignedRequestSucceedsAndItsOutputIsReadBack() throws Exception {
        assumeTrue(curlAvailable(), "curl is not installed");
        SageMakerAsyncEmulator emulator = EMULATOR.emulator();
        String user = emulator.accessKeyId() + ":" + emulator.secretAccessKey();
        Process curl = new ProcessBuilder("curl", "-s", "-i", "--aws-sigv4", "aws:amz:" + emulator.region() + ":sagemaker",
                "--user", user, "-H", "X-Amzn-SageMaker-Content-Type: text/plain",
                "-H", "X-Amzn-SageMaker-Inference-Id: curl-1",
                "--data-binary", "what a great and helpful tool", invocationsUri().toString())
                .redirectErrorStream(true).start();
        String response = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(curl.waitFor(30, TimeUnit.SECONDS)).isTrue();

        assertThat(response).startsWith("HTTP/1.1 202").contains("{\"InferenceId\":\"curl-1\"}");
        Matcher output = Pattern.compile("X-Amzn-SageMaker-OutputLocation: (\\S+)").matcher(response);
        assertThat(output.find()).isTrue();
        try (S3Client s3 = TestClients.s3(emulator)) {
            assertThat(TestClients.awaitObject(s3, output.group(1), Duration.ofSeconds(20)))
                    .isEqualTo("{\"label\":\"POSITIVE\",\"score\":1.0,\"positive\":2,\"negative\":0,\"tokens\":6}");
        }
    }

    private static boolean curlAvailable() {
        try {
            return new ProcessBuilder("curl", "--version").start().waitFor(10, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private String rawStatusLine(String request) throws IOException {
        try (Socket socket = new Socket(EMULATOR.emulator().sageMakerEndpoint().getHost(),
                EMULATOR.emulator().sageMakerEndpoint().getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c >= 0 && c != '\r'; c = in.read()) {
                line.append((char) c);
            }
            return line.toString();
        }
    }

    private SageMakerRuntimeClient client(String accessKey, String secret, String region) {
        return SageMakerRuntimeClient.builder()
                .endpointOverride(EMULATOR.emulator().sageMakerEndpoint())
                .region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secret)))
                .build();
    }

    private static void invoke(SageMakerRuntimeClient client) {
        client.invokeEndpointAsync(r -> r.endpointName("sentiment").body(SdkBytes.fromUtf8String("x")));
    }

}
