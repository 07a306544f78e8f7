package io.github.sagemakerasync.emulator;

import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.gaul.s3proxy.S3Proxy;
import org.gaul.shaded.org.eclipse.jetty.http.HttpHeader;
import org.gaul.shaded.org.eclipse.jetty.server.Handler;
import org.gaul.shaded.org.eclipse.jetty.server.Request;
import org.gaul.shaded.org.eclipse.jetty.server.Response;
import org.gaul.shaded.org.eclipse.jetty.server.Server;
import org.gaul.shaded.org.eclipse.jetty.util.Callback;

/**
 * The S3 API's HTTP edge: counts each request by operation, applies the configured latency and faults, and refuses a
 * request signed for another region (as S3 does; S3Proxy does not check), before S3Proxy serves it.
 *
 * <p>S3Proxy offers no hook at the HTTP level (its blob-store middleware sees storage calls, several per
 * request), so this handler wraps the handler of S3Proxy's own (shaded) Jetty server, reached by
 * reflection before the server starts. The S3Proxy version is pinned and a test covers the counters.
 */
final class S3Edge extends Handler.Wrapper {

    /** The region in a SigV4 credential scope, of the Authorization header or of a presigned URL's X-Amz-Credential. */
    private static final Pattern SCOPE_REGION = Pattern.compile("Credential=[^/,\\s]+/\\d{8}/([^/,\\s]+)/s3/aws4_request");
    private static final Pattern QUERY_SCOPE_REGION = Pattern.compile("(?:^|&)X-Amz-Credential=[^&]*?(?:/|%2F)\\d{8}(?:/|%2F)([^/&%]+)(?:/|%2F)s3");

    private final RequestCounters counters;
    private final NetworkConditions conditions;
    private final String region;

    private S3Edge(Handler s3Proxy, RequestCounters counters, NetworkConditions conditions, String region) {
        super(s3Proxy);
        this.counters = counters;
        this.conditions = conditions;
        this.region = region;
    }

    /** Puts the edge in front of a built, not yet started, S3Proxy serving {@code region}. */
    static void install(S3Proxy proxy, RequestCounters counters, NetworkConditions conditions, String region) {
        try {
            Field serverField = S3Proxy.class.getDeclaredField("server");
            serverField.setAccessible(true);
            Server server = (Server) serverField.get(proxy);
            server.setHandler(new S3Edge(server.getHandler(), counters, conditions, region));
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
        String signedFor = signedRegion(request);
        if (signedFor != null && !signedFor.equals(region)) {
            // S3Proxy checks the signature but not the scope's region; S3 refuses a request signed for another region
            sendError(request, response, callback, 400, "AuthorizationHeaderMalformed", "The authorization header is "
                    + "malformed; the region '" + signedFor + "' is wrong; expecting '" + region + "'");
            return true;
        }
        return super.handle(request, response, callback);
    }

    /** The region a SigV4 request was signed for, or null when it is not SigV4-signed. */
    private static String signedRegion(Request request) {
        String authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        Matcher scope = authorization == null ? null : SCOPE_REGION.matcher(authorization);
        if (scope != null && scope.find()) {
            return scope.group(1);
        }
        String query = request.getHttpURI().getQuery();
        Matcher presigned = query == null ? null : QUERY_SCOPE_REGION.matcher(query);
        return presigned != null && presigned.find() ? presigned.group(1) : null;
    }

    private static void sendFault(Request request, Response response, Callback callback, InjectedFault fault) {
        switch (fault) {
            case THROTTLING -> sendError(request, response, callback, 503, "SlowDown", "Please reduce your request rate.");
            case SERVICE_UNAVAILABLE -> sendError(request, response, callback, 503, "ServiceUnavailable",
                    "Service is unable to handle request.");
            default -> sendError(request, response, callback, 500, "InternalError",
                    "We encountered an internal error. Please try again.");
        }
    }

    private static void sendError(Request request, Response response, Callback callback, int status, String code,
                                  String message) {
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
