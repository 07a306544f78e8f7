package io.github.sagemakerasync.examples.kafkabridge;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The identity of a request record, given to SageMaker as its InferenceId and as the Filename of its result:
 * {@code kb-<tag>-<partition>-<offset>}, for example {@code kb-3f9c02ab-4-1093}.
 *
 * <p>Why the record's position and not something in the record: every record has one without the requester doing
 * anything; it is the same each time the record is consumed again (after a kill, a rebalance); two records the
 * requester made alike are still two requests; and it names where the request is, so a bridge that lost the request's
 * correlation reads the record again for its key and headers. The tag is a hash of the requests topic's id (not its
 * name: a topic deleted and created again starts its offsets anew under a new id) and of the consumer group, so that
 * two bridges reading one topic, or a recreated topic, never share identities. The whole fits SageMaker's 64
 * characters for an InferenceId and, up to offsets of 13 digits, the 32 of a Filename.
 *
 * @param tag       8 hexadecimal digits: the requests topic's id and the bridge's consumer group
 * @param partition the record's partition
 * @param offset    the record's offset
 */
public record RequestIdentity(String tag, int partition, long offset) {

    private static final String PREFIX = "kb-";
    private static final Pattern FORM = Pattern.compile("kb-([0-9a-f]{8})-(\\d{1,10})-(\\d{1,19})");
    /** SageMaker's limit on Filename. */
    private static final int FILENAME_LIMIT = 32;
    /** How SageMaker names a failure after the result's name. */
    private static final String FAILURE_SUFFIX = "-error.out";

    /** The tag of a requests topic (by its Kafka topic id) read by a consumer group. */
    public static String tag(String topicId, String groupId) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest((topicId + "/" + groupId).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** {@code kb-<tag>-<partition>-<offset>}: the InferenceId. */
    public String inferenceId() {
        return PREFIX + tag + "-" + partition + "-" + offset;
    }

    /** The result's Filename: the InferenceId when it fits SageMaker's 32 characters, else none (SageMaker names it). */
    public Optional<String> filename() {
        String id = inferenceId();
        return id.length() <= FILENAME_LIMIT ? Optional.of(id) : Optional.empty();
    }

    /** The identity an InferenceId names, if it is one of these. */
    public static Optional<RequestIdentity> parse(String inferenceId) {
        if (inferenceId == null) {
            return Optional.empty();
        }
        Matcher matcher = FORM.matcher(inferenceId);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new RequestIdentity(matcher.group(1), Integer.parseInt(matcher.group(2)),
                    Long.parseLong(matcher.group(3))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * The identity a result's S3 location names: its output ({@code .../<id>}) or failure ({@code .../<id>-error.out})
     * object was named after the request with Filename.
     */
    public static Optional<RequestIdentity> ofResultLocation(String location) {
        if (location == null) {
            return Optional.empty();
        }
        String name = location.substring(location.lastIndexOf('/') + 1);
        if (name.endsWith(FAILURE_SUFFIX)) {
            name = name.substring(0, name.length() - FAILURE_SUFFIX.length());
        }
        return parse(name);
    }
}
