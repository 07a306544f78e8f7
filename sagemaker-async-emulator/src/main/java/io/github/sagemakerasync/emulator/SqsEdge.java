package io.github.sagemakerasync.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The SQS API's HTTP edge, as {@link S3Edge} is S3's: counts each request by operation, applies the configured
 * latency and faults, and forwards the rest to the ElasticMQ server behind it, on a port of its own. The emulator's own
 * publishing goes to ElasticMQ directly, so it is neither counted, delayed nor faulted.
 */
final class SqsEdge extends Handler.Abstract implements AutoCloseable {

    /** SQS messages are at most 1 MiB; a batch of them with its JSON fits well below this. */
    private static final int MAX_REQUEST_BYTES = 16 * 1024 * 1024;
    /** Not forwarded: the connection's own headers, and those java.net.http sets itself. */
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "content-length", "expect", "host", "upgrade",
            "keep-alive", "transfer-encoding", "te", "trailer", "proxy-connection", "proxy-authorization");
    private static final String JSON_TARGET_PREFIX = "AmazonSQS.";

    private final URI upstream;
    private final RequestCounters counters;
    private final NetworkConditions conditions;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private Server server;

    private SqsEdge(URI upstream, RequestCounters counters, NetworkConditions conditions) {
        this.upstream = upstream;
        this.counters = counters;
        this.conditions = conditions;
    }

    /** Listens on 127.0.0.1:{@code port} in front of the SQS server at {@code upstream}. */
    static SqsEdge start(int port, URI upstream, RequestCounters counters, NetworkConditions conditions) throws Exception {
        SqsEdge edge = new SqsEdge(upstream, counters, conditions);
        QueuedThreadPool threads = new QueuedThreadPool(64, 4);
        threads.setName("emulator-sqs-edge");
        threads.setDaemon(true);
        edge.server = new Server(threads);
        HttpConfiguration configuration = new HttpConfiguration();
        configuration.setSendServerVersion(false);
        ServerConnector connector = new ServerConnector(edge.server, new HttpConnectionFactory(configuration));
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        edge.server.addConnector(connector);
        edge.server.setHandler(edge);
        edge.server.start();
        return edge;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        byte[] body;
        try (InputStream in = Content.Source.asInputStream(request)) {
            body = in.readNBytes(MAX_REQUEST_BYTES);
        }
        String target = request.getHeaders().get("X-Amz-Target");
        String operation = operation(target, body);
        counters.increment(Api.SQS, operation);
        Optional<InjectedFault> fault = conditions.arrive(operation);
        if (fault.isPresent()) {
            sendFault(response, callback, fault.get(), target != null);
            return true;
        }
        forward(request, body, response, callback);
        return true;
    }

    /** The operation: from X-Amz-Target (AWS JSON protocol, today's SDKs) or the form's Action (query protocol). */
    static String operation(String target, byte[] body) {
        if (target != null) {
            return target.startsWith(JSON_TARGET_PREFIX) ? target.substring(JSON_TARGET_PREFIX.length()) : "Unknown";
        }
        for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
            if (pair.startsWith("Action=")) {
                return URLDecoder.decode(pair.substring("Action=".length()), StandardCharsets.UTF_8);
            }
        }
        return "Unknown";
    }

    private void forward(Request request, byte[] body, Response response, Callback callback) throws InterruptedException {
        String pathAndQuery = request.getHttpURI().getPathQuery();
        HttpRequest.Builder forwarded = HttpRequest.newBuilder(upstream.resolve(pathAndQuery == null ? "/" : pathAndQuery))
                .method(request.getMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        for (HttpField field : request.getHeaders()) {
            if (!HOP_BY_HOP.contains(field.getLowerCaseName())) {
                forwarded.header(field.getName(), field.getValue());
            }
        }
        HttpResponse<byte[]> answer;
        try {
            answer = http.send(forwarded.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            sendFault(response, callback, InjectedFault.INTERNAL_ERROR, request.getHeaders().contains("X-Amz-Target"));
            return;
        }
        response.setStatus(answer.statusCode());
        answer.headers().map().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> response.getHeaders().add(name, value));
            }
        });
        response.write(true, ByteBuffer.wrap(answer.body()), callback);
    }

    /**
     * SQS's answer to a fault, in the protocol the client speaks: the JSON protocol's {@code __type} and
     * {@code x-amzn-query-error}, or the query protocol's XML. Codes from the SQS API reference's common errors.
     */
    private static void sendFault(Response response, Callback callback, InjectedFault fault, boolean json) {
        String requestId = UUID.randomUUID().toString();
        int status;
        String code;
        String message;
        switch (fault) {
            case THROTTLING -> {
                status = 400;
                code = "ThrottlingException";
                message = "Rate exceeded";
            }
            case SERVICE_UNAVAILABLE -> {
                status = 503;
                code = "ServiceUnavailable";
                message = "Service is unavailable. Please try again.";
            }
            default -> {
                status = 500;
                code = "InternalFailure";
                message = "An internal error occurred. Please try again.";
            }
        }
        String side = status < 500 ? "Sender" : "Receiver";
        response.setStatus(status);
        response.getHeaders().put("x-amzn-RequestId", requestId);
        String body;
        if (json) {
            response.getHeaders().put("x-amzn-query-error", code + ";" + side);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/x-amz-json-1.0");
            body = "{\"__type\":\"com.amazonaws.sqs#" + code + "\",\"message\":\"" + message + "\"}";
        } else {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/xml");
            body = "<?xml version=\"1.0\"?><ErrorResponse><Error><Type>" + side + "</Type><Code>" + code + "</Code><Message>"
                    + message + "</Message></Error><RequestId>" + requestId + "</RequestId></ErrorResponse>";
        }
        response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
    }

    @Override
    public void close() throws Exception {
        if (server != null) {
            server.stop();
        }
    }
}
