package io.github.sagemakerasync.emulator.model;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The demo model: a small lexicon-based sentiment scorer.
 *
 * <p>Input: {@code text/*} (the text itself) or {@code application/json}: a string, {@code {"text": "..."}},
 * {@code {"inputs": "..."}} or an array of strings (one result each). A word right after a negation
 * ("not good") counts for the other side. Output: JSON
 * {@code {"label":"POSITIVE","score":0.5,"positive":2,"negative":1,"tokens":9}}, score in [-1, 1].
 * Anything else fails the request, as a real model would, so the failure path is easy to exercise.
 */
public final class SentimentModel implements InferenceModel {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final Set<String> POSITIVE = Set.of(
            "good", "great", "excellent", "amazing", "awesome", "love", "loved", "like", "liked", "happy",
            "wonderful", "fantastic", "best", "better", "nice", "fast", "easy", "reliable", "recommend",
            "perfect", "pleasant", "delightful", "helpful", "enjoy", "enjoyed", "superb", "brilliant",
            "smooth", "clean", "friendly", "satisfied", "impressive", "works", "beautiful", "fun");
    private static final Set<String> NEGATIVE = Set.of(
            "bad", "terrible", "awful", "horrible", "hate", "hated", "poor", "worst", "worse", "slow",
            "broken", "bug", "buggy", "crash", "crashes", "fail", "fails", "failed", "disappointing",
            "disappointed", "annoying", "useless", "difficult", "hard", "ugly", "boring", "expensive",
            "wrong", "error", "errors", "sad", "angry", "refund", "never", "problem", "problems");
    private static final Set<String> NEGATIONS = Set.of("not", "no", "never", "don't", "dont", "isn't",
            "isnt", "wasn't", "wasnt", "doesn't", "doesnt", "can't", "cant", "won't", "wont");

    @Override
    public ModelOutput invoke(ModelInput input) throws Exception {
        checkAccept(input.accept());
        byte[] body = input.readBody();
        String contentType = mediaType(input.contentType());
        if (contentType.equals("application/json")) {
            return ModelOutput.json(JSON.writeValueAsString(scoreJson(body)));
        }
        if (contentType.isEmpty() || contentType.startsWith("text/")) {
            return ModelOutput.json(JSON.writeValueAsString(score(new String(body, StandardCharsets.UTF_8))));
        }
        throw new IllegalArgumentException("Unsupported content type '" + input.contentType()
                + "': the sentiment model reads text/* or application/json");
    }

    private static JsonNode scoreJson(byte[] body) {
        JsonNode request;
        try {
            request = JSON.readTree(body);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("Invalid JSON input: " + e.getOriginalMessage());
        }
        if (request.isString()) {
            return score(request.asString());
        }
        if (request.isObject() && request.path("text").isString()) {
            return score(request.get("text").asString());
        }
        if (request.isObject() && request.path("inputs").isString()) {
            return score(request.get("inputs").asString());
        }
        if (request.isArray()) {
            ArrayNode results = JSON.createArrayNode();
            for (JsonNode item : request) {
                if (!item.isString()) {
                    throw new IllegalArgumentException("Invalid JSON input: array items must be strings");
                }
                results.add(score(item.asString()));
            }
            return results;
        }
        throw new IllegalArgumentException(
                "Invalid JSON input: expected a string, an array of strings, or an object with \"text\"");
    }

    static ObjectNode score(String text) {
        int positive = 0;
        int negative = 0;
        int tokens = 0;
        boolean negated = false;
        for (String token : text.toLowerCase(Locale.ROOT).split("[^a-z']+")) {
            if (token.isEmpty()) {
                continue;
            }
            tokens++;
            boolean isPositive = POSITIVE.contains(token);
            boolean isNegative = NEGATIVE.contains(token) && !NEGATIONS.contains(token);
            if (isPositive || isNegative) {
                if (isPositive != negated) {
                    positive++;
                } else {
                    negative++;
                }
            }
            negated = NEGATIONS.contains(token);
        }
        int opinionated = positive + negative;
        double score = opinionated == 0 ? 0.0 : Math.round(1000.0 * (positive - negative) / opinionated) / 1000.0;
        ObjectNode result = JSON.createObjectNode();
        result.put("label", score > 0 ? "POSITIVE" : score < 0 ? "NEGATIVE" : "NEUTRAL");
        result.put("score", score);
        result.put("positive", positive);
        result.put("negative", negative);
        result.put("tokens", tokens);
        return result;
    }

    private static void checkAccept(String accept) {
        String type = mediaType(accept);
        if (!type.isEmpty() && !type.equals("*/*") && !type.equals("application/json")) {
            throw new IllegalArgumentException(
                    "Unsupported Accept type '" + accept + "': the sentiment model answers application/json");
        }
    }

    private static String mediaType(String header) {
        if (header == null) {
            return "";
        }
        int semicolon = header.indexOf(';');
        return (semicolon < 0 ? header : header.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }
}
