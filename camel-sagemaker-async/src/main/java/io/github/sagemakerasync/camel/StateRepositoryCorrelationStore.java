package io.github.sagemakerasync.camel;

import java.util.List;
import java.util.Optional;

import org.apache.camel.spi.StateRepository;

/**
 * A correlation store over any Camel {@link StateRepository}: a {@code FileStateRepository} keeps correlations across
 * restarts, a repository over shared storage lets several instances deliver each other's results with their
 * correlation. Each correlation is stored as JSON under its output and its failure location (under
 * {@code inference-id:<InferenceId>} when it has none). A repository without
 * removal keeps a delivered correlation as an empty value.
 *
 * <p>Keys are locations with {@code %}, {@code =} and line breaks percent-encoded: {@code FileStateRepository} writes
 * {@code key=value} lines and refuses keys with {@code =}, which Hive-style S3 layouts ({@code dt=2026-11-29/}) put in
 * every location.
 */
public final class StateRepositoryCorrelationStore implements CorrelationStore {

    private final StateRepository<String, String> repository;

    public StateRepositoryCorrelationStore(StateRepository<String, String> repository) {
        this.repository = repository;
    }

    /** Keys of correlations without failure location, by InferenceId; never an s3:// location. */
    private static final String BY_INFERENCE_ID = "inference-id:";

    @Override
    public void put(Correlation correlation) {
        String json = CorrelationJson.write(correlation);
        keys(correlation).forEach(key -> repository.setState(key, json));
    }

    @Override
    public Optional<Correlation> find(String resultLocation) {
        String json = repository.getState(key(resultLocation));
        if (json == null && resultLocation.indexOf('%') >= 0) {
            // recorded by a version that stored the location as it was
            json = repository.getState(resultLocation);
        }
        return json == null || json.isEmpty() ? Optional.empty() : Optional.of(CorrelationJson.read(json));
    }

    @Override
    public Optional<Correlation> findByInferenceId(String inferenceId) {
        return find(BY_INFERENCE_ID + inferenceId);
    }

    @Override
    public void remove(Correlation correlation) {
        // StateRepository has no removal: an empty value marks the correlation delivered
        keys(correlation).forEach(key -> repository.setState(key, ""));
    }

    private static List<String> keys(Correlation correlation) {
        List<String> keys = correlation.failureLocation() != null || correlation.inferenceId() == null
                ? correlation.locations() : List.of(correlation.outputLocation(), BY_INFERENCE_ID + correlation.inferenceId());
        return keys.stream().map(StateRepositoryCorrelationStore::key).toList();
    }

    /** The key of a location (or InferenceId key): {@code %}, {@code =}, CR and LF percent-encoded, nothing else. */
    static String key(String location) {
        StringBuilder key = new StringBuilder(location.length());
        for (int i = 0; i < location.length(); i++) {
            char c = location.charAt(i);
            switch (c) {
                case '%' -> key.append("%25");
                case '=' -> key.append("%3D");
                case '\n' -> key.append("%0A");
                case '\r' -> key.append("%0D");
                default -> key.append(c);
            }
        }
        return key.toString();
    }
}
