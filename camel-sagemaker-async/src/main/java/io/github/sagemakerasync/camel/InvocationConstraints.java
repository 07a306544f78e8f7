package io.github.sagemakerasync.camel;

import java.util.regex.Pattern;

/**
 * InvokeEndpointAsync's constraints from the sagemaker-runtime service model, checked locally so that bad input
 * fails before any network call, with a message naming where the value came from and the rule.
 */
final class InvocationConstraints {

    static final Pattern ENDPOINT_NAME = Pattern.compile("^[a-zA-Z0-9](-*[a-zA-Z0-9])*");
    /** ASCII a header can carry: the service model says ASCII, HTTP forbids control characters but tab. */
    private static final Pattern HEADER_ASCII = Pattern.compile("[\\x20-\\x7E\\t]*");
    /**
     * The service model's {@code \A\S[\p{Print}]*\z}, with its {@code \S} read as printable ASCII like the rest: a
     * first character beyond ASCII is refused by AWS's signature check or the SDK's header validation, or not at all.
     */
    private static final Pattern INFERENCE_ID = Pattern.compile("\\A[\\x21-\\x7E][\\x20-\\x7E]*\\z");
    private static final Pattern INPUT_LOCATION = Pattern.compile("^(https|s3)://([^/]+)/?(.*)$");
    private static final Pattern S3_OUTPUT_PATH_EXTENSION = Pattern.compile("^(?!s3:|https:)[a-zA-Z0-9!_.*'()/-]+$");
    private static final Pattern FILENAME = Pattern.compile("^(?!.*\\..*\\.)[a-zA-Z0-9][a-zA-Z0-9-_\\.]*$");
    private static final int MAX_SHOWN = 80;

    private InvocationConstraints() {
    }

    static void endpointName(String value, String source) {
        check(value, source, 1, 63, ENDPOINT_NAME, false,
                "EndpointName must be 1 to 63 letters, digits and hyphens, starting and ending with a letter or digit");
    }

    static void header(String value, String source, String member) {
        check(value, source, 0, 1024, HEADER_ASCII, false, member + " must be at most 1024 ASCII characters, no control "
                + "characters (it travels in an HTTP header)");
    }

    static void customAttributes(String value, String source) {
        check(value, source, 0, 1024, HEADER_ASCII, true, "CustomAttributes must be at most 1024 ASCII characters, no "
                + "control characters (it travels in an HTTP header)");
    }

    static void inferenceId(String value, String source) {
        check(value, source, 1, 64, INFERENCE_ID, false,
                "InferenceId must be 1 to 64 printable ASCII characters, the first not a space");
    }

    static void inputObject(String value, String source) {
        check(value, source, 1, 1024, INPUT_LOCATION, false,
                "InputLocation must be an s3:// or https:// URI of at most 1024 characters");
    }

    static void s3OutputPathExtension(String value, String source) {
        check(value, source, 1, 512, S3_OUTPUT_PATH_EXTENSION, false,
                "S3OutputPathExtension must be 1 to 512 characters of letters, digits and !_.*'()/- and not start with s3: or https:");
    }

    static void filename(String value, String source) {
        check(value, source, 1, 32, FILENAME, false,
                "Filename must be 1 to 32 letters, digits, '-', '_' and at most one '.', starting with a letter or digit");
    }

    static final int MIN_REQUEST_TTL_SECONDS = 60;
    static final int MAX_REQUEST_TTL_SECONDS = 21_600;

    static void requestTtlSeconds(Integer value, String source) {
        range(value, source, MIN_REQUEST_TTL_SECONDS, MAX_REQUEST_TTL_SECONDS, "RequestTTLSeconds");
    }

    static void invocationTimeoutSeconds(Integer value, String source) {
        range(value, source, 1, 3_600, "InvocationTimeoutSeconds");
    }

    private static void range(Integer value, String source, int min, int max, String member) {
        if (value != null && (value < min || value > max)) {
            throw new IllegalArgumentException(source + " is " + value + ": " + member + " must be between " + min
                    + " and " + max);
        }
    }

    private static void check(String value, String source, int min, int max, Pattern pattern, boolean sensitive,
                              String rule) {
        if (value == null) {
            return;
        }
        if (value.length() < min || value.length() > max) {
            throw new IllegalArgumentException(source + " is " + value.length() + " characters long: " + rule);
        }
        if (!pattern.matcher(value).matches()) {
            throw new IllegalArgumentException(source + (sensitive ? "" : " '" + shown(value) + "'") + " is invalid: " + rule);
        }
    }

    /** The value as a message can show it: cut, with control characters escaped so that a log line stays one line. */
    private static String shown(String value) {
        String cut = value.length() <= MAX_SHOWN ? value : value.substring(0, MAX_SHOWN) + "...";
        StringBuilder shown = new StringBuilder();
        cut.chars().forEach(c -> shown.append(Character.isISOControl(c) ? String.format("\\u%04x", c) : String.valueOf((char) c)));
        return shown.toString();
    }
}
