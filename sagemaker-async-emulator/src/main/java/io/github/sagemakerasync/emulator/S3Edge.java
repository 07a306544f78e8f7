package io.github.sagemakerasync.emulator;

import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;

import org.gaul.s3proxy.S3Proxy;
import org.gaul.shaded.org.eclipse.jetty.http.HttpHeader;
import org.gaul.shaded.org.eclipse.jetty.server.Handler;
import org.gaul.shaded.org.eclipse.jetty.server.Request;
import org.gaul.shaded.org.eclipse.jetty.server.Response;
import org.gaul.shaded.org.eclipse.jetty.server.Server;
import org.gaul.shaded.org.eclipse.jetty.util.Callback;

/**
 * The S3 API's HTTP edge: counts each request by operation, then applies the configured latency and
 * faults before S3Proxy serves it.
 *
 * <p>S3Proxy offers no hook at the HTTP level (its blob-store middleware sees storage calls, several per
 * request), so this handler wraps the handler of S3Proxy's own (shaded) Jetty server, reached by
 * reflection before the server starts. The S3Proxy version is pinned and a test covers the counters.
 */
final class S3Edge extends Handler.Wrapper {

    private final RequestCounters counters;
    private final NetworkConditions conditions;

    private S3Edge(Handler s3Proxy, RequestCounters counters, NetworkConditions conditions) {
        super(s3Proxy);
        this.counters = counters;
        this.conditions = conditions;
    }

    /** Puts the edge in front of a built, not yet started, S3Proxy. */
    static void install(S3Proxy proxy, RequestCounters counters, NetworkConditions conditions) {
        try {
            Field serverField = S3Proxy.class.getDeclaredField("server");
            serverField.setAccessible(true);
            Server server = (Server) serverField.get(proxy);
            server.setHandler(new S3Edge(server.getHandler(), counters, conditions));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("This S3Proxy version has no Jetty server field to wrap", e);
        }
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String operation = S3Operations.name(request.getMethod(), request.getHttpURI().getPath(),
                request.getHttpURI().getQuery(), request.getHeaders().contains("x-amz-copy-source"));
        counters.increment(Api.S3, operation);
        Optional<InjectedFault> fault = conditions.arrive(operation);
        if (fault.isPresent()) {
            sendFault(request, response, callback, fault.get());
            return true;
        }
        return super.handle(request, response, callback);
    }

    private static void sendFault(Request request, Response response, Callback callback, InjectedFault fault) {
        int status;
        String code;
        String message;
        switch (fault) {
            case THROTTLING -> {
                status = 503;
                code = "SlowDown";
                message = "Please reduce your request rate.";
            }
            case SERVICE_UNAVAILABLE -> {
                status = 503;
                code = "ServiceUnavailable";
                message = "Service is unable to handle request.";
            }
            default -> {
                status = 500;
                code = "InternalError";
                message = "We encountered an internal error. Please try again.";
            }
        }
        String requestId = UUID.randomUUID().toString();
        response.setStatus(status);
        response.getHeaders().put("x-amz-request-id", requestId);
        if (request.getMethod().equals("HEAD")) {
            callback.succeeded();
            return;
        }
        String body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>"
                + message + "</Message><RequestId>" + requestId + "</RequestId></Error>";
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/xml");
        response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
    }
}
