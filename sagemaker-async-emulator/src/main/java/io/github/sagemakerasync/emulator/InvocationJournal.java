package io.github.sagemakerasync.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The accepted invocations of one endpoint that have no result yet, one file each, so that an emulator killed with
 * requests queued or running processes them after it restarts, as SageMaker never loses a request it accepted.
 *
 * <p>A record ({@link NumberedFiles}) is written before the request is answered 202, and removed once its output or
 * failure is written; a restart queues the records in the order they were accepted. Every accepted invocation's
 * InferenceId is also appended, one per line, to the endpoint's acceptance log, kept across restarts: what a test
 * counts to tell how often each request was invoked.
 */
final class InvocationJournal {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() { };

    private final NumberedFiles files;
    private final Path acceptanceLog;

    InvocationJournal(Path directory, Path acceptanceLog) {
        this.files = new NumberedFiles(directory);
        this.acceptanceLog = acceptanceLog;
        try {
            Files.createDirectories(acceptanceLog.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the directory of " + acceptanceLog, e);
        }
    }

    /** Records the invocation, and appends its InferenceId to the acceptance log; returns its number for {@link #done}. */
    long record(AcceptedInvocation invocation) {
        long number = files.add(JSON.writeValueAsBytes(toJson(invocation)));
        try {
            Files.writeString(acceptanceLog, invocation.inferenceId() + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot append to " + acceptanceLog, e);
        }
        return number;
    }

    void done(long number) {
        files.remove(number);
    }

    /** The invocations recorded and not done, oldest first, each with its number. */
    List<AcceptedInvocation> pending() {
        List<AcceptedInvocation> pending = new ArrayList<>();
        for (NumberedFiles.Numbered record : files.all()) {
            pending.add(fromJson(JSON.readValue(record.content(), OBJECT), record.number()));
        }
        return pending;
    }

    private static Map<String, Object> toJson(AcceptedInvocation invocation) {
        InvocationRequest request = invocation.request();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("endpointName", request.endpointName());
        json.put("contentType", request.contentType());
        json.put("accept", request.accept());
        json.put("customAttributes", request.customAttributes());
        json.put("requestInferenceId", request.inferenceId());
        json.put("inputLocation", request.inputLocation());
        json.put("s3OutputPathExtension", request.s3OutputPathExtension());
        json.put("filename", request.filename());
        json.put("requestTtlSeconds", request.requestTtlSeconds());
        json.put("invocationTimeoutSeconds", request.invocationTimeoutSeconds());
        json.put("body", request.body() == null ? null : Base64.getEncoder().encodeToString(request.body()));
        json.put("inferenceId", invocation.inferenceId());
        json.put("outputLocation", invocation.outputLocation().toString());
        json.put("failureLocation", invocation.failureLocation() == null ? null : invocation.failureLocation().toString());
        json.put("receivedAt", invocation.receivedAt().toString());
        return json;
    }

    private static AcceptedInvocation fromJson(Map<String, Object> json, long number) {
        String body = (String) json.get("body");
        InvocationRequest request = new InvocationRequest((String) json.get("endpointName"), (String) json.get("contentType"),
                (String) json.get("accept"), (String) json.get("customAttributes"), (String) json.get("requestInferenceId"),
                (String) json.get("inputLocation"), (String) json.get("s3OutputPathExtension"), (String) json.get("filename"),
                (Integer) json.get("requestTtlSeconds"), (Integer) json.get("invocationTimeoutSeconds"),
                body == null ? null : Base64.getDecoder().decode(body));
        String failure = (String) json.get("failureLocation");
        return new AcceptedInvocation(request, (String) json.get("inferenceId"), S3Location.parse((String) json.get("outputLocation")),
                failure == null ? null : S3Location.parse(failure), Instant.parse((String) json.get("receivedAt")), number);
    }
}
