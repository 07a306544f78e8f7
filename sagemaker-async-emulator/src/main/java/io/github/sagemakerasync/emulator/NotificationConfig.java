package io.github.sagemakerasync.emulator;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An endpoint's {@code AsyncInferenceConfig.OutputConfig.NotificationConfig}: the SNS topics SageMaker publishes to
 * when an inference completes or fails, and on which of them the inference response itself is included (when it is
 * at most 128 KB).
 *
 * @param successTopic topic ARN for completed inferences, or null: none is sent on success
 * @param errorTopic   topic ARN for failed inferences, or null: none is sent on failure
 */
public record NotificationConfig(String successTopic, String errorTopic, Set<IncludeResponseIn> includeInferenceResponseIn) {

    /** The SNS topic ARN constraint of the SageMaker API reference. */
    static final Pattern TOPIC_ARN = Pattern.compile("arn:aws[a-z\\-]*:sns:[a-z0-9\\-]*:[0-9]{12}:[a-zA-Z0-9_.-]+");

    /** {@code IncludeInferenceResponseIn}'s values. */
    public enum IncludeResponseIn {
        SUCCESS_NOTIFICATION_TOPIC,
        ERROR_NOTIFICATION_TOPIC
    }

    public NotificationConfig {
        checkTopic(successTopic, "successTopic");
        checkTopic(errorTopic, "errorTopic");
        includeInferenceResponseIn = Set.copyOf(Objects.requireNonNull(includeInferenceResponseIn, "includeInferenceResponseIn"));
    }

    /** Success and error topics, without the response in either. */
    public static NotificationConfig of(String successTopic, String errorTopic) {
        return new NotificationConfig(successTopic, errorTopic, Set.of());
    }

    /** The same topics, with the response included in the given ones. */
    public NotificationConfig includingResponseIn(IncludeResponseIn first, IncludeResponseIn... more) {
        return new NotificationConfig(successTopic, errorTopic, EnumSet.of(first, more));
    }

    boolean includesResponse(boolean success) {
        return includeInferenceResponseIn.contains(success ? IncludeResponseIn.SUCCESS_NOTIFICATION_TOPIC
                : IncludeResponseIn.ERROR_NOTIFICATION_TOPIC);
    }

    private static void checkTopic(String topic, String name) {
        if (topic != null && !TOPIC_ARN.matcher(topic).matches()) {
            throw new IllegalArgumentException(name + " '" + topic + "' must be an SNS topic ARN matching " + TOPIC_ARN.pattern());
        }
    }
}
