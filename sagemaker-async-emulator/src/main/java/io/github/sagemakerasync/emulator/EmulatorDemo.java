package io.github.sagemakerasync.emulator;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The quickstart's demo: one inline invocation and one through S3, each signed with SigV4 and sent over
 * plain HTTP as any client would, then the model's output read back from S3 and printed.
 */
final class EmulatorDemo {

    private static final Duration RESULT_TIMEOUT = Duration.ofSeconds(30);
    private static final Set<String> HEADERS_SET_BY_HTTP_CLIENT = Set.of("host", "content-length");

    private final SageMakerAsyncEmulator emulator;
    private final PrintStream out;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    EmulatorDemo(SageMakerAsyncEmulator emulator, PrintStream out) {
        this.emulator = emulator;
        this.out = out;
    }

    void run() throws IOException, InterruptedException {
        String endpoint = emulator.endpoints().get(0).name();
        try (S3Client s3 = S3Client.builder()
                .endpointOverride(emulator.s3Endpoint())
                .forcePathStyle(true)
                .region(Region.of(emulator.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(emulator.accessKeyId(), emulator.secretAccessKey())))
                .build()) {
            String review = "{\"text\":\"I love this product: setup was easy and it works great.\"}";
            out.println("Inline invocation of '" + endpoint + "' with " + review);
            printResult(s3, invoke(endpoint, Map.of(), review.getBytes(StandardCharsets.UTF_8)));

            String complaint = "The app is slow, it crashes every day and support was not helpful.";
            S3Location input = new S3Location(SageMakerAsyncEmulator.DEFAULT_BUCKET, "input/complaint.txt");
            s3.putObject(r -> r.bucket(input.bucket()).key(input.key()).contentType("text/plain"),
                    RequestBody.fromString(complaint));
            out.println("Invocation of '" + endpoint + "' through S3, InputLocation " + input + " holding \""
                    + complaint + "\"");
            printResult(s3, invoke(endpoint, Map.of("X-Amzn-SageMaker-InputLocation", input.toString(),
                    "X-Amzn-SageMaker-Content-Type", "text/plain"), new byte[0]));
        }
    }

    private HttpResponse<String> invoke(String endpoint, Map<String, String> headers, byte[] body)
            throws IOException, InterruptedException {
        SdkHttpRequest.Builder request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(URI.create(emulator.sageMakerEndpoint() + "/endpoints/" + endpoint + "/async-invocations"));
        if (body.length > 0) {
            request.putHeader("X-Amzn-SageMaker-Content-Type", "application/json");
        }
        headers.forEach(request::putHeader);
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsCredentialsIdentity.create(emulator.accessKeyId(), emulator.secretAccessKey()))
                .request(request.build())
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "sagemaker")
                .putProperty(AwsV4HttpSigner.REGION_NAME, emulator.region()));
        HttpRequest.Builder httpRequest = HttpRequest.newBuilder(signed.request().getUri())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        signed.request().forEachHeader((name, values) -> {
            if (!HEADERS_SET_BY_HTTP_CLIENT.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                values.forEach(value -> httpRequest.header(name, value));
            }
        });
        HttpResponse<String> response = http.send(httpRequest.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 202) {
            throw new IOException("InvokeEndpointAsync answered " + response.statusCode() + ": " + response.body());
        }
        return response;
    }

    private void printResult(S3Client s3, HttpResponse<String> accepted) throws InterruptedException {
        String output = accepted.headers().firstValue("X-Amzn-SageMaker-OutputLocation").orElseThrow();
        String failure = accepted.headers().firstValue("X-Amzn-SageMaker-FailureLocation").orElseThrow();
        out.println("  accepted           " + accepted.body());
        out.println("  OutputLocation     " + output);
        long deadline = System.nanoTime() + RESULT_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            for (String location : List.of(output, failure)) {
                S3Location object = S3Location.parse(location);
                try {
                    String result = s3.getObjectAsBytes(r -> r.bucket(object.bucket()).key(object.key())).asUtf8String();
                    out.println("  " + (location.equals(output) ? "model output       " : "model failure      ") + result);
                    out.println();
                    return;
                } catch (NoSuchKeyException notYet) {
                    // the endpoint has not finished: look again shortly
                }
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("No result at " + output + " after " + RESULT_TIMEOUT);
    }
}
