package io.github.sagemakerasync.camel;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.util.json.DeserializationException;
import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;

/**
 * A correlation as the stores that keep text keep it (StateRepositoryCorrelationStore's values, JdbcCorrelationStore's
 * column): one JSON object, with Camel's JSON, so the stores need nothing more.
 */
final class CorrelationJson {

    private CorrelationJson() {
    }

    static String write(Correlation correlation) {
        JsonObject json = new JsonObject();
        json.put("inferenceId", correlation.inferenceId());
        json.put("outputLocation", correlation.outputLocation());
        json.put("failureLocation", correlation.failureLocation());
        json.put("payloadMode", correlation.payloadMode() == null ? null : correlation.payloadMode().name());
        json.put("uploadedInput", correlation.uploadedInput());
        json.put("headers", new JsonObject(new LinkedHashMap<>(correlation.headers())));
        if (correlation.acceptedAt() != null) {
            json.put("acceptedAt", correlation.acceptedAt().toString());
        }
        if (!correlation.traceContext().isEmpty()) {
            json.put("traceContext", new JsonObject(new LinkedHashMap<>(correlation.traceContext())));
        }
        return json.toJson();
    }

    static Correlation read(String text) {
        try {
            JsonObject json = (JsonObject) Jsoner.deserialize(text);
            Map<String, String> headers = strings(json.getMap("headers"));
            String payloadMode = json.getString("payloadMode");
            String acceptedAt = json.getString("acceptedAt");
            return new Correlation(json.getString("inferenceId"), json.getString("outputLocation"),
                    json.getString("failureLocation"), payloadMode == null ? null : PayloadMode.valueOf(payloadMode),
                    json.getString("uploadedInput"), headers, acceptedAt == null ? null : Instant.parse(acceptedAt),
                    strings(json.getMap("traceContext")));
        } catch (DeserializationException | ClassCastException | DateTimeParseException e) {
            throw new IllegalStateException("The correlation store holds a value that is not a correlation: " + text, e);
        }
    }

    /** A JSON object of strings; an absent one (a value written before the field existed) is empty. */
    private static Map<String, String> strings(Map<?, ?> object) {
        Map<String, String> strings = new LinkedHashMap<>();
        if (object != null) {
            object.forEach((name, value) -> strings.put(name.toString(), value == null ? null : value.toString()));
        }
        return strings;
    }
}
