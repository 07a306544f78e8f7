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
        return json.toJson();
    }

    static Correlation read(String text) {
        try {
            JsonObject json = (JsonObject) Jsoner.deserialize(text);
            Map<String, String> headers = new LinkedHashMap<>();
            JsonObject carried = json.getMap("headers") == null ? new JsonObject() : new JsonObject(json.getMap("headers"));
            carried.forEach((name, value) -> headers.put(name, value == null ? null : value.toString()));
            String payloadMode = json.getString("payloadMode");
            String acceptedAt = json.getString("acceptedAt");
            return new Correlation(json.getString("inferenceId"), json.getString("outputLocation"),
                    json.getString("failureLocation"), payloadMode == null ? null : PayloadMode.valueOf(payloadMode),
                    json.getString("uploadedInput"), headers, acceptedAt == null ? null : Instant.parse(acceptedAt));
        } catch (DeserializationException | ClassCastException | DateTimeParseException e) {
            throw new IllegalStateException("The correlation store holds a value that is not a correlation: " + text, e);
        }
    }
}
