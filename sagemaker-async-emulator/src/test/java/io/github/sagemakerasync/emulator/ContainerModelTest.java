package io.github.sagemakerasync.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.sagemakerasync.emulator.model.ContainerModel;
import io.github.sagemakerasync.emulator.model.ModelError;
import io.github.sagemakerasync.emulator.model.ModelInput;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointAsyncResponse;

/** An endpoint served by a model container over the SageMaker container contract. */
class ContainerModelTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final Map<String, Map<String, String>> RECEIVED = new ConcurrentHashMap<>();
    private static final byte[] CRASH_TRACE = {0, (byte) 0xff, (byte) 0xfe, 42, 10, (byte) 0x80};

    private static HttpServer container;
    private static SageMakerAsyncEmulator emulator;
    private static SageMakerRuntimeClient sageMaker;
    private static S3Client s3;

    @BeforeAll
    static void start() throws Exception {
        container = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        container.createContext("/ping", exchange -> respond(exchange, 200, "text/plain", ""));
        container.createContext("/invocations", ContainerModelTest::invocation);
        container.start();
        URI containerUri = URI.create("http://127.0.0.1:" + container.getAddress().getPort());
        emulator = SageMakerAsyncEmulator.builder()
                .endpoint(AsyncEndpointConfig.builder("container")
                        .s3OutputPath("s3://results/output").s3FailurePath("s3://results/failures")
                        .model(new ContainerModel(containerUri)).build())
                .start();
        sageMaker = TestClients.sageMaker(emulator);
        s3 = TestClients.s3(emulator);
    }

    /**
     * A container that answers with the upper-cased payload, 400 with a JSON error for the payload "reject", 500
     * with binary bytes for "crash".
     */
    private static void invocation(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> headers = new ConcurrentHashMap<>();
        for (String name : new String[] {"Content-Type", "Accept", "X-Amzn-SageMaker-Custom-Attributes"}) {
            String value = exchange.getRequestHeaders().getFirst(name);
            if (value != null) {
                headers.put(name, value);
            }
        }
        RECEIVED.put(body, headers);
        if (!exchange.getRequestMethod().equals("POST")) {
            respond(exchange, 405, "text/plain", "POST only");
        } else if (body.equals("reject")) {
            respond(exchange, 400, "application/json", "{\"error\":\"payload rejected by model\"}");
        } else if (body.equals("crash")) {
            exchange.getResponseHeaders().set("Content-Type", "application/x-model-trace");
            exchange.sendResponseHeaders(500, CRASH_TRACE.length);
            exchange.getResponseBody().write(CRASH_TRACE);
            exchange.close();
        } else {
            respond(exchange, 200, "text/x-upper", body.toUpperCase());
        }
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @AfterAll
    static void stop() {
        sageMaker.close();
        s3.close();
        emulator.close();
        container.stop(0);
    }

    @Test
    void containerAnswerIsWrittenWithItsContentType() throws Exception {
        InvokeEndpointAsyncResponse response = sageMaker.invokeEndpointAsync(r -> r.endpointName("container")
                .contentType("text/plain").accept("text/x-upper").customAttributes("tenant=7")
                .body(SdkBytes.fromUtf8String("hello container")));

        assertThat(TestClients.awaitObject(s3, response.outputLocation(), TIMEOUT)).isEqualTo("HELLO CONTAINER");
        S3Location output = S3Location.parse(response.outputLocation());
        assertThat(s3.headObject(r -> r.bucket(output.bucket()).key(output.key())).contentType()).isEqualTo("text/x-upper");
        assertThat(RECEIVED.get("hello container")).isEqualTo(Map.of(
                "Content-Type", "text/plain",
                "Accept", "text/x-upper",
                "X-Amzn-SageMaker-Custom-Attributes", "tenant=7"));
    }

    @Test
    void containerErrorIsTheFailureObjectWithItsContentType() throws Exception {
        InvokeEndpointAsyncResponse response = sageMaker.invokeEndpointAsync(r -> r.endpointName("container")
                .body(SdkBytes.fromUtf8String("reject")));

        assertThat(TestClients.awaitObject(s3, response.failureLocation(), TIMEOUT))
                .isEqualTo("{\"error\":\"payload rejected by model\"}");
        S3Location failure = S3Location.parse(response.failureLocation());
        assertThat(s3.headObject(r -> r.bucket(failure.bucket()).key(failure.key())).contentType())
                .isEqualTo("application/json");
    }

    @Test
    void aBinaryContainerErrorIsKeptByteForByte() throws Exception {
        InvokeEndpointAsyncResponse response = sageMaker.invokeEndpointAsync(r -> r.endpointName("container")
                .body(SdkBytes.fromUtf8String("crash")));

        await().atMost(TIMEOUT).until(() -> TestClients.exists(s3, response.failureLocation()));
        S3Location failure = S3Location.parse(response.failureLocation());
        var object = s3.getObjectAsBytes(r -> r.bucket(failure.bucket()).key(failure.key()));
        assertThat(object.asByteArray()).isEqualTo(CRASH_TRACE);
        assertThat(object.response().contentType()).isEqualTo("application/x-model-trace");
    }

    @Test
    void aContainerErrorIsReportedInSageMakersWords() {
        ModelInput input = new ModelInput("container", "id-1", null, null, null,
                new ByteArrayInputStream("reject".getBytes(StandardCharsets.UTF_8)));

        assertThatThrownBy(() -> new ContainerModel(URI.create("http://127.0.0.1:" + container.getAddress().getPort()))
                .invoke(input))
                .isInstanceOf(ModelError.class)
                .hasMessage("Received client error (400) from primary with message \"{\"error\":\"payload rejected by model\"}\"");
    }

    @Test
    void pingTellsWhetherTheContainerIsHealthy() {
        assertThat(new ContainerModel(URI.create("http://127.0.0.1:" + container.getAddress().getPort())).ping()).isTrue();
        assertThat(new ContainerModel(URI.create("http://127.0.0.1:1")).ping()).isFalse();
    }
}
