package io.github.sagemakerasync.emulator.model;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * A model served by a real inference container, called as SageMaker calls one: {@code POST /invocations}
 * with the payload and the {@code Content-Type}, {@code Accept} and {@code X-Amzn-SageMaker-Custom-Attributes}
 * headers; {@code GET /ping} for health.
 *
 * <p>A non-2xx answer fails the request: its body, with its content type, becomes the failure object, and the
 * reason is in SageMaker's words: {@code Received client error (400) from primary with message "..."}.
 */
public final class ContainerModel implements InferenceModel {

    private static final Duration PING_TIMEOUT = Duration.ofSeconds(2);
    private static final int MAX_ERROR_TEXT = 1024;

    private final URI baseUri;
    private final HttpClient http;

    /** @param baseUri the container's address, for example {@code http://127.0.0.1:8080} */
    public ContainerModel(URI baseUri) {
        this.baseUri = Objects.requireNonNull(baseUri, "baseUri");
        // SageMaker gives a container 250 ms to accept a connection
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofMillis(250))
                .build();
    }

    @Override
    public ModelOutput invoke(ModelInput input) throws IOException, InterruptedException, ModelError {
        HttpRequest.Builder request = HttpRequest.newBuilder(baseUri.resolve("/invocations"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(input::body));
        if (input.contentType() != null) {
            request.header("Content-Type", input.contentType());
        }
        if (input.accept() != null) {
            request.header("Accept", input.accept());
        }
        if (input.customAttributes() != null) {
            request.header("X-Amzn-SageMaker-Custom-Attributes", input.customAttributes());
        }
        HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        int status = response.statusCode();
        String contentType = response.headers().firstValue("Content-Type").orElse("application/octet-stream");
        if (status / 100 != 2) {
            String kind = status / 100 == 4 ? "client" : "server";
            throw new ModelError("Received " + kind + " error (" + status + ") from primary with message \""
                    + errorText(response.body()) + "\"", new ModelOutput(response.body(), contentType));
        }
        return new ModelOutput(response.body(), contentType);
    }

    /** True when the container answers {@code GET /ping} with 200 within SageMaker's 2 s. */
    public boolean ping() {
        HttpRequest request = HttpRequest.newBuilder(baseUri.resolve("/ping")).timeout(PING_TIMEOUT).GET().build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String errorText(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        return text.length() <= MAX_ERROR_TEXT ? text : text.substring(0, MAX_ERROR_TEXT) + "...";
    }

    @Override
    public String toString() {
        return "ContainerModel[" + baseUri + "]";
    }
}
