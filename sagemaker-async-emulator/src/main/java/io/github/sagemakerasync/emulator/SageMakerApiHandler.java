package io.github.sagemakerasync.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The SageMaker runtime API over HTTP: {@code POST /endpoints/{EndpointName}/async-invocations}; and, on the same port,
 * the two SageMaker API operations that describe an endpoint ({@link EndpointDescriptions}) and the STS operations
 * that issue temporary credentials ({@link SecurityTokenService}).
 *
 * <p>In order: count the request, apply latency and injected faults, check the SigV4 signature, read and
 * validate the members, find the endpoint, queue the invocation and answer 202 with its locations.
 * Every error is answered in AWS's rest-json form; nothing a client sends can crash or hang the handler.
 */
final class SageMakerApiHandler extends Handler.Abstract {

    private static final Logger LOG = LoggerFactory.getLogger(SageMakerApiHandler.class);
    private static final Pattern ASYNC_INVOCATIONS = Pattern.compile("^/endpoints/([^/]+)/async-invocations$");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String ACCOUNT_ID = EndpointDescriptions.ACCOUNT_ID;
    private static final String API_TARGET_PREFIX = "SageMaker.";
    private static final int MAX_API_REQUEST_BYTES = 64 * 1024;
    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() { };

    private final Map<String, EndpointRuntime> endpoints;
    private final SigV4Verifier signatures;
    private final RequestCounters counters;
    private final NetworkConditions conditions;
    private final EndpointDescriptions descriptions;
    private final SecurityTokenService sts;
    private final AtomicLong throttles = new AtomicLong();

    SageMakerApiHandler(Map<String, EndpointRuntime> endpoints, EndpointDescriptions descriptions, SecurityTokenService sts,
                        SigV4Verifier signatures, RequestCounters counters, NetworkConditions conditions) {
        this.endpoints = endpoints;
        this.descriptions = descriptions;
        this.sts = sts;
        this.signatures = signatures;
        this.counters = counters;
        this.conditions = conditions;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String requestId = UUID.randomUUID().toString();
        response.getHeaders().put("x-amzn-RequestId", requestId);
        if (isStsCall(request)) {
            securityTokenService(request, response, callback, requestId);
            return true;
        }
        Matcher path = ASYNC_INVOCATIONS.matcher(request.getHttpURI().getPath());
        boolean isPost = request.getMethod().equals("POST");
        boolean isInvokeAsync = path.matches() && isPost;
        String target = request.getHeaders().get("X-Amz-Target");
        boolean isApiCall = isPost && request.getHttpURI().getPath().equals("/") && target != null
                && target.startsWith(API_TARGET_PREFIX);
        try {
            String operation = isApiCall ? target.substring(API_TARGET_PREFIX.length()) : null;
            // counted under a known name only: a client cannot grow the counters with made-up targets
            String counted = isInvokeAsync ? "InvokeEndpointAsync"
                    : operation != null && EndpointDescriptions.OPERATIONS.contains(operation) ? operation : "Unknown";
            counters.increment(Api.SAGEMAKER, counted);
            Optional<InjectedFault> fault = conditions.arrive(counted);
            if (fault.isPresent()) {
                throw faultError(fault.get());
            }
            if (isInvokeAsync) {
                invokeEndpointAsync(request, response, callback, URLDecoder.decode(path.group(1), StandardCharsets.UTF_8));
            } else if (isApiCall) {
                describe(request, response, callback, operation);
            } else {
                throw ApiError.unknownOperation();
            }
        } catch (ApiError e) {
            sendError(response, callback, e, isApiCall);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            sendError(response, callback, ApiError.internalFailure("Interrupted"), isApiCall);
        } catch (IOException | RuntimeException e) {
            LOG.debug("Request {} failed", requestId, e);
            sendError(response, callback, ApiError.internalFailure("An internal error occurred: " + e.getClass().getSimpleName()),
                    isApiCall);
        }
        return true;
    }

    /** STS's query protocol: {@code POST /} with a form body and no {@code X-Amz-Target}. */
    private static boolean isStsCall(Request request) {
        String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        return request.getMethod().equals("POST") && request.getHttpURI().getPath().equals("/")
                && request.getHeaders().get("X-Amz-Target") == null && contentType != null
                && contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
    }

    /** Counted under {@link Api#STS}; no latency or fault: the knobs act on the SageMaker API. */
    private void securityTokenService(Request request, Response response, Callback callback, String requestId) {
        try {
            byte[] body = readApiRequest(request);
            Map<String, String> form = SecurityTokenService.form(body);
            String operation = SecurityTokenService.operation(form);
            counters.increment(Api.STS, SecurityTokenService.OPERATIONS.contains(operation) ? operation : "Unknown");
            String answer = sts.answer(form, request.getMethod(), request.getHttpURI().getPath(),
                    request.getHttpURI().getQuery(), request.getHeaders()::getValuesList, body);
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/xml");
            Content.Sink.write(response, true, answer, callback);
        } catch (ApiError e) {
            response.setStatus(e.status());
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/xml");
            Content.Sink.write(response, true, SecurityTokenService.errorResponse(e, requestId), callback);
        } catch (IOException | RuntimeException e) {
            LOG.debug("Request {} failed", requestId, e);
            response.setStatus(500);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/xml");
            Content.Sink.write(response, true, SecurityTokenService.errorResponse(
                    new ApiError(500, "InternalFailure", "An internal error occurred"), requestId), callback);
        }
    }

    private void invokeEndpointAsync(Request request, Response response, Callback callback, String endpointName)
            throws IOException {
        HttpFields headers = request.getHeaders();
        Function<String, List<String>> allValues = headers::getValuesList;
        byte[] body = readBody(request);
        boolean readInFull = body == null || body.length <= InvocationRequestReader.MAX_INLINE_BODY_BYTES;
        signatures.verify(request.getMethod(), request.getHttpURI().getPath(), request.getHttpURI().getQuery(),
                allValues, readInFull ? (body == null ? new byte[0] : body) : null);
        InvocationRequest invocation = InvocationRequestReader.read(endpointName, headers::get, body);
        EndpointRuntime endpoint = endpoints.get(endpointName);
        if (endpoint == null) {
            throw ApiError.validation("Endpoint " + endpointName + " of account " + ACCOUNT_ID + " not found.");
        }
        AcceptedInvocation accepted = endpoint.submit(invocation);
        response.setStatus(202);
        response.getHeaders().put("X-Amzn-SageMaker-OutputLocation", accepted.outputLocation().toString());
        if (accepted.failureLocation() != null) {
            response.getHeaders().put("X-Amzn-SageMaker-FailureLocation", accepted.failureLocation().toString());
        }
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        Content.Sink.write(response, true, JSON.writeValueAsString(Map.of("InferenceId", accepted.inferenceId())), callback);
    }

    private void describe(Request request, Response response, Callback callback, String operation) throws IOException {
        byte[] body = readApiRequest(request);
        signatures.verify(request.getMethod(), request.getHttpURI().getPath(), request.getHttpURI().getQuery(),
                request.getHeaders()::getValuesList, body);
        Map<String, Object> input;
        try {
            input = body.length == 0 ? Map.of() : JSON.readValue(body, JSON_OBJECT);
        } catch (RuntimeException e) {
            throw new ApiError(400, "SerializationException", "The request body is not a JSON object");
        }
        Map<String, Object> output = descriptions.answer(operation, input);
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/x-amz-json-1.1");
        Content.Sink.write(response, true, JSON.writeValueAsString(output), callback);
    }

    /** The body of an API call (SageMaker's json 1.1, STS's form), refused when larger than 64 KiB. */
    private static byte[] readApiRequest(Request request) throws IOException {
        byte[] body;
        try (InputStream in = Content.Source.asInputStream(request)) {
            body = in.readNBytes(MAX_API_REQUEST_BYTES + 1);
        }
        if (body.length > MAX_API_REQUEST_BYTES) {
            throw new ApiError(413, "ValidationException", "The request is larger than " + MAX_API_REQUEST_BYTES + " bytes");
        }
        return body;
    }

    /**
     * The payload, or null when there is none; reads at most one byte past the inline limit, so an
     * oversized body is known without being held.
     */
    private static byte[] readBody(Request request) throws IOException {
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] body = in.readNBytes(InvocationRequestReader.MAX_INLINE_BODY_BYTES + 1);
            return body.length == 0 ? null : body;
        }
    }

    private ApiError faultError(InjectedFault fault) {
        return switch (fault) {
            // AWS's throttling message can be null ({"message":null}): every second one here has none
            case THROTTLING -> new ApiError(400, "ThrottlingException",
                    throttles.getAndIncrement() % 2 == 0 ? "Rate exceeded" : null);
            case SERVICE_UNAVAILABLE -> new ApiError(503, "ServiceUnavailable", "Service is unavailable. Please try again.");
            case INTERNAL_ERROR -> ApiError.internalFailure("An internal error occurred. Please try again.");
        };
    }

    /**
     * @param withType whether the body names the error as {@code __type} too, as the json 1.1 protocol (the SageMaker
     *                 API) does, where boto3 reads it; the runtime API's rest-json names it in the
     *                 {@code X-Amzn-ErrorType} header
     */
    private static void sendError(Response response, Callback callback, ApiError error, boolean withType) {
        response.setStatus(error.status());
        response.getHeaders().put("X-Amzn-ErrorType", error.errorType());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, withType ? "application/x-amz-json-1.1" : "application/json");
        Map<String, Object> body = new LinkedHashMap<>();
        if (withType) {
            body.put("__type", error.errorType());
        }
        // a null message is sent as null, as AWS sends a throttling error: {"message":null}
        body.put("message", error.getMessage());
        Content.Sink.write(response, true, JSON.writeValueAsString(body), callback);
    }
}
