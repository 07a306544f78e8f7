package io.github.sagemakerasync.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The accepted invocations of one endpoint that have no result yet, one file each, so that an emulator killed with
 * requests queued or running processes them after it restarts, as SageMaker never loses a request it accepted.
 *
 * <p>A file is written (to a temporary name, then moved into place) before the request is answered 202, and deleted
 * once its output or failure is written. Files are named by a sequence number, so a restart queues them in the order
 * they were accepted. They survive the process being killed; the emulator does not force them to disk, so a power
 * loss may lose the last ones.
 */
final class InvocationJournal {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() { };
    private static final String SUFFIX = ".json";

    private final Path directory;
    private final AtomicLong sequence;

    InvocationJournal(Path directory) {
        this.directory = directory;
        try {
            Files.createDirectories(directory);
            try (Stream<Path> files = Files.list(directory)) {
                sequence = new AtomicLong(files.map(InvocationJournal::sequenceOf).filter(n -> n >= 0)
                        .max(Long::compare).orElse(-1L) + 1);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot keep accepted invocations in " + directory, e);
        }
    }

    /** Records the invocation; returns its sequence number, which {@link #done} takes. */
    long record(AcceptedInvocation invocation) {
        long number = sequence.getAndIncrement();
        Path file = directory.resolve(number + SUFFIX);
        Path temporary = directory.resolve(number + SUFFIX + ".tmp");
        try {
            Files.write(temporary, JSON.writeValueAsBytes(toJson(invocation)));
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot record an accepted invocation in " + directory, e);
        }
        return number;
    }

    void done(long number) {
        try {
            Files.deleteIfExists(directory.resolve(number + SUFFIX));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot remove the finished invocation " + number + " from " + directory, e);
        }
    }

    /** The invocations recorded and not done, oldest first, each with its sequence number. */
    List<AcceptedInvocation> pending() {
        List<AcceptedInvocation> pending = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> sequenceOf(f) >= 0).sorted((a, b) -> Long.compare(sequenceOf(a), sequenceOf(b)))
                    .toList()) {
                pending.add(fromJson(JSON.readValue(Files.readAllBytes(file), OBJECT), sequenceOf(file)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the accepted invocations in " + directory, e);
        }
        return pending;
    }

    private static long sequenceOf(Path file) {
        String name = file.getFileName().toString();
        if (!name.endsWith(SUFFIX)) {
            return -1;
        }
        try {
            return Long.parseLong(name.substring(0, name.length() - SUFFIX.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
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
