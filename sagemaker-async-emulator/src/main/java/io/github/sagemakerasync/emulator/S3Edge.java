package io.github.sagemakerasync.emulator;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The S3 API's HTTP edge, where clients connect: counts each request by operation, applies the configured latency and
 * faults, and refuses a request signed for another region (as S3 does; S3Proxy does not check) or with temporary
 * credentials whose session token is not theirs or has expired (S3Proxy knows their secrets, not their tokens), then
 * forwards the rest to S3Proxy, which listens on a port of its own behind it.
 * Bodies stream through both ways: a 1 GiB upload is never held.
 */
final class S3Edge extends ForwardingEdge {

    /** The region in a SigV4 credential scope, of the Authorization header or of a presigned URL's X-Amz-Credential. */
    private static final Pattern SCOPE_REGION = Pattern.compile("Credential=[^/,\\s]+/\\d{8}/([^/,\\s]+)/s3/aws4_request");
    private static final Pattern QUERY_SCOPE_REGION = Pattern.compile("(?:^|&)X-Amz-Credential=[^&]*?(?:/|%2F)\\d{8}(?:/|%2F)([^/&%]+)(?:/|%2F)s3");
    /** The access key of a SigV4 request, of the Authorization header or of a presigned URL. */
    private static final Pattern ACCESS_KEY = Pattern.compile("Credential=([^/,\\s]+)/");
    private static final Pattern QUERY_ACCESS_KEY = Pattern.compile("(?:^|&)X-Amz-Credential=([^&/%]+)(?:/|%2F)");
    private static final Pattern QUERY_SECURITY_TOKEN = Pattern.compile("(?:^|&)X-Amz-Security-Token=([^&]*)");

    private final RequestCounters counters;
    private final NetworkConditions conditions;
    private final String region;
    private final TemporaryCredentials temporaryCredentials;

    private S3Edge(URI upstream, RequestCounters counters, NetworkConditions conditions, String region,
                   TemporaryCredentials temporaryCredentials) {
        super(upstream);
        this.counters = counters;
        this.conditions = conditions;
        this.region = region;
        this.temporaryCredentials = temporaryCredentials;
    }

    /** Listens on 127.0.0.1:{@code port} (0: a free port) in front of the S3Proxy at {@code upstream}. */
    static S3Edge start(int port, URI upstream, RequestCounters counters, NetworkConditions conditions, String region,
                        TemporaryCredentials temporaryCredentials) throws Exception {
        S3Edge edge = new S3Edge(upstream, counters, conditions, region, temporaryCredentials);
        edge.listen("emulator-s3-edge", port);
        return edge;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String operation = S3Operations.name(request.getMethod(), request.getHttpURI().getPath(),
                request.getHttpURI().getQuery(), request.getHeaders().contains("x-amz-copy-source"));
        counters.increment(Api.S3, operation);
        Optional<InjectedFault> fault;
        try {
            fault = conditions.arrive(operation);
        } catch (InterruptedException e) {
            // the emulator stops
            Thread.currentThread().interrupt();
            callback.failed(e);
            return true;
        }
        if (fault.isPresent()) {
            sendFault(request, response, callback, fault.get());
            return true;
        }
        String signedFor = signedRegion(request);
        if (signedFor != null && !signedFor.equals(region)) {
            sendError(request, response, callback, 400, "AuthorizationHeaderMalformed", "The authorization header is "
                    + "malformed; the region '" + signedFor + "' is wrong; expecting '" + region + "'");
            return true;
        }
        String accessKey = accessKey(request);
        if (accessKey != null && TemporaryCredentials.isTemporary(accessKey)) {
            switch (temporaryCredentials.check(accessKey, securityToken(request))) {
                case VALID -> {
                    return super.handle(request, response, callback);
                }
                case EXPIRED -> sendError(request, response, callback, 400, "ExpiredToken", "The provided token has expired.");
                default -> sendError(request, response, callback, 400, "InvalidToken",
                        "The provided token is malformed or otherwise invalid.");
            }
            return true;
        }
        return super.handle(request, response, callback);
    }

    private static String accessKey(Request request) {
        return find(ACCESS_KEY, request.getHeaders().get(HttpHeader.AUTHORIZATION), QUERY_ACCESS_KEY,
                request.getHttpURI().getQuery());
    }

    private static String securityToken(Request request) {
        String header = request.getHeaders().get("X-Amz-Security-Token");
        if (header != null) {
            return header;
        }
        String query = request.getHttpURI().getQuery();
        Matcher token = query == null ? null : QUERY_SECURITY_TOKEN.matcher(query);
        return token != null && token.find() ? URLDecoder.decode(token.group(1), StandardCharsets.UTF_8) : null;
    }

    /** The first group of the header's match, else of the query's; null when neither matches. */
    private static String find(Pattern inHeader, String header, Pattern inQuery, String query) {
        Matcher matcher = header == null ? null : inHeader.matcher(header);
        if (matcher != null && matcher.find()) {
            return matcher.group(1);
        }
        matcher = query == null ? null : inQuery.matcher(query);
        return matcher != null && matcher.find() ? matcher.group(1) : null;
    }


    /** The region a SigV4 request was signed for, or null when it is not SigV4-signed. */
    private static String signedRegion(Request request) {
        return find(SCOPE_REGION, request.getHeaders().get(HttpHeader.AUTHORIZATION), QUERY_SCOPE_REGION,
                request.getHttpURI().getQuery());
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
