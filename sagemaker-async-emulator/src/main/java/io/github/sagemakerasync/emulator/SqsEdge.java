package io.github.sagemakerasync.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;

import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The SQS API's HTTP edge, as {@link S3Edge} is S3's: counts each request by operation, applies the configured
 * latency and faults, and forwards the rest, with Jetty's reverse proxy, to the ElasticMQ server behind it, on a port
 * of its own. The emulator's own publishing goes to ElasticMQ directly, so it is neither counted, delayed nor faulted.
 */
final class SqsEdge extends ForwardingEdge {

    /** SQS messages are at most 1 MiB; a batch of them with its JSON fits well below this. */
    private static final int MAX_REQUEST_BYTES = 16 * 1024 * 1024;
    private static final String JSON_TARGET_PREFIX = "AmazonSQS.";
    /** The request body, read to name the operation of a query-protocol request, then forwarded. */
    private static final String BODY = SqsEdge.class.getName() + ".body";

    private final RequestCounters counters;
    private final NetworkConditions conditions;

    private SqsEdge(URI upstream, RequestCounters counters, NetworkConditions conditions) {
        super(upstream);
        this.counters = counters;
        this.conditions = conditions;
    }

    /** Listens on 127.0.0.1:{@code port} in front of the SQS server at {@code upstream}. */
    static SqsEdge start(int port, URI upstream, RequestCounters counters, NetworkConditions conditions) throws Exception {
        SqsEdge edge = new SqsEdge(upstream, counters, conditions);
        edge.listen("emulator-sqs-edge", port);
        return edge;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String target = request.getHeaders().get("X-Amz-Target");
        Optional<InjectedFault> fault;
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] body = in.readNBytes(MAX_REQUEST_BYTES);
            request.setAttribute(BODY, body);
            String operation = operation(target, body);
            counters.increment(Api.SQS, operation);
            fault = conditions.arrive(operation);
        } catch (IOException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                // the emulator stops
                Thread.currentThread().interrupt();
            }
            callback.failed(e);
            return true;
        }
        if (fault.isPresent()) {
            sendFault(response, callback, fault.get(), target != null);
            return true;
        }
        return super.handle(request, response, callback);
    }

    /** The body was read to name the operation: that copy is what goes on. */
    @Override
    protected org.eclipse.jetty.client.Request.Content newProxyToServerRequestContent(Request clientToProxyRequest,
            Response proxyToClientResponse, org.eclipse.jetty.client.Request proxyToServerRequest) {
        return new BytesRequestContent((byte[]) clientToProxyRequest.getAttribute(BODY));
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

}
