package io.github.sagemakerasync.camel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.camel.Endpoint;
import org.apache.camel.spi.annotations.DevConsole;
import org.apache.camel.support.console.AbstractDevConsole;
import org.apache.camel.util.URISupport;
import org.apache.camel.util.json.JsonObject;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * The developer console of sagemaker-async ({@code camel.main.devConsoleEnabled=true}; in Camel JBang
 * {@code camel get sagemaker-async}): per endpoint, invocations by payload mode, payload bytes and uploads, results
 * delivered and their delay, correlations pending and exchanges waiting, its consumer's source and last poll, and the
 * last AWS error. The text form is the JSON form, laid out for reading. No payload, header value or secret is shown:
 * endpoint URIs are sanitized.
 */
@DevConsole(name = "sagemaker-async", displayName = "AWS SageMaker Async",
            description = "Invocations, results, correlations and errors of sagemaker-async endpoints")
public class SageMakerAsyncConsole extends AbstractDevConsole {

    public SageMakerAsyncConsole() {
        super("camel", "sagemaker-async", "AWS SageMaker Async",
                "Invocations, results, correlations and errors of sagemaker-async endpoints");
    }

    @Override
    protected Map<String, Object> doCallJson(Map<String, Object> options) {
        List<JsonObject> endpoints = new ArrayList<>();
        for (Endpoint endpoint : getCamelContext().getEndpoints()) {
            if (endpoint instanceof SageMakerAsyncEndpoint ours) {
                endpoints.add(describe(ours));
            }
        }
        JsonObject root = new JsonObject();
        root.put("endpoints", endpoints);
        return root;
    }

    private static JsonObject describe(SageMakerAsyncEndpoint endpoint) {
        EndpointStatistics statistics = endpoint.statistics();
        SageMakerAsyncConfiguration options = endpoint.getConfiguration();
        JsonObject json = new JsonObject();
        json.put("uri", URISupport.sanitizeUri(endpoint.getEndpointUri()));
        json.put("endpointName", options.getEndpointName());
        json.put("status", endpoint.getStatus().name());

        JsonObject invocations = new JsonObject();
        invocations.put("inline", statistics.inlineAccepted());
        invocations.put("s3", statistics.s3Accepted());
        invocations.put("failed", statistics.failed());
        invocations.put("refused", statistics.refused());
        json.put("invocations", invocations);

        JsonObject payload = new JsonObject();
        payload.put("inlineBytes", statistics.inlineBytes());
        payload.put("uploadedBytes", statistics.uploadedBytes());
        payload.put("uploads", statistics.uploads());
        payload.put("meanUploadMillis", statistics.meanUploadMillis());
        json.put("payload", payload);

        JsonObject results = new JsonObject();
        results.put("completed", statistics.completed());
        results.put("failed", statistics.failures());
        results.put("uncorrelated", statistics.uncorrelated());
        results.put("meanDelayMillis", statistics.meanDelayMillis());
        json.put("results", results);

        json.put("correlationStore", statistics.correlationStore());
        json.put("pendingCorrelations", statistics.pendingCorrelations());
        json.put("waitingExchanges", statistics.waitingExchanges());

        if (statistics.polls() > 0) {
            JsonObject consumer = new JsonObject();
            consumer.put("source", statistics.resultSource());
            consumer.put("polls", statistics.polls());
            consumer.put("lastPoll", String.valueOf(statistics.lastPoll()));
            consumer.put("lastPollFound", statistics.lastPollFound());
            json.put("consumer", consumer);
        }

        Throwable error = statistics.lastAwsError();
        if (error != null) {
            JsonObject lastError = new JsonObject();
            lastError.put("at", String.valueOf(statistics.lastAwsErrorAt()));
            lastError.put("type", error.getClass().getSimpleName());
            if (error instanceof AwsServiceException aws) {
                lastError.put("statusCode", aws.statusCode());
                if (aws.awsErrorDetails() != null) {
                    lastError.put("errorCode", aws.awsErrorDetails().errorCode());
                }
            }
            lastError.put("message", error.getMessage());
            json.put("lastAwsError", lastError);
        }
        return json;
    }

    @Override
    protected String doCallText(Map<String, Object> options) {
        StringBuilder text = new StringBuilder();
        @SuppressWarnings("unchecked")
        List<JsonObject> endpoints = (List<JsonObject>) doCallJson(options).get("endpoints");
        for (JsonObject endpoint : endpoints) {
            JsonObject invocations = (JsonObject) endpoint.get("invocations");
            JsonObject payload = (JsonObject) endpoint.get("payload");
            JsonObject results = (JsonObject) endpoint.get("results");
            text.append(endpoint.getString("uri")).append(" (").append(endpoint.getString("status")).append(")\n");
            text.append(String.format("    invocations: %d inline, %d s3, %d failed, %d refused%n",
                    invocations.getLong("inline"), invocations.getLong("s3"), invocations.getLong("failed"),
                    invocations.getLong("refused")));
            text.append(String.format("    payload: %d bytes inline, %d bytes uploaded in %d uploads (mean %d ms)%n",
                    payload.getLong("inlineBytes"), payload.getLong("uploadedBytes"), payload.getLong("uploads"),
                    payload.getLong("meanUploadMillis")));
            text.append(String.format("    results: %d completed, %d failed, %d uncorrelated (mean delay %d ms)%n",
                    results.getLong("completed"), results.getLong("failed"), results.getLong("uncorrelated"),
                    results.getLong("meanDelayMillis")));
            int pending = endpoint.getInteger("pendingCorrelations");
            text.append(String.format("    correlations pending: %s (%s); exchanges waiting: %d%n",
                    pending < 0 ? "not counted" : Integer.toString(pending), endpoint.getString("correlationStore"),
                    endpoint.getInteger("waitingExchanges")));
            JsonObject consumer = (JsonObject) endpoint.get("consumer");
            if (consumer != null) {
                text.append(String.format("    consumer: %s; %d polls, the last at %s found %d%n", consumer.getString("source"),
                        consumer.getLong("polls"), consumer.getString("lastPoll"), consumer.getInteger("lastPollFound")));
            }
            JsonObject error = (JsonObject) endpoint.get("lastAwsError");
            text.append("    last AWS error: ").append(error == null ? "none" : describeError(error)).append('\n');
        }
        return text.toString();
    }

    private static String describeError(JsonObject error) {
        StringBuilder text = new StringBuilder(error.getString("at")).append(' ');
        text.append(error.getString("errorCode") != null ? error.getString("errorCode") : error.getString("type"));
        if (error.get("statusCode") != null) {
            text.append(" (").append(error.getInteger("statusCode")).append(')');
        }
        return text.append(": ").append(error.getString("message")).toString();
    }
}
