package io.github.sagemakerasync.emulator;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks AWS Signature Version 4 on requests to the SageMaker and STS APIs, as AWS does: the signature over
 * the headers the client chose to sign, the credential scope (access key, date, region, service) and the
 * request time (within 15 minutes). The access key is the emulator's own, or one its STS issued, with the session token
 * issued with it ({@code X-Amz-Security-Token}). Errors are AWS's: {@code MissingAuthenticationTokenException},
 * {@code IncompleteSignatureException}, {@code UnrecognizedClientException}, {@code ExpiredTokenException},
 * {@code InvalidSignatureException}.
 */
final class SigV4Verifier {

    private static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
    private static final Pattern AUTHORIZATION = Pattern.compile(
            "AWS4-HMAC-SHA256\\s+Credential=([^/,\\s]+)/(\\d{8})/([^/,\\s]+)/([^/,\\s]+)/aws4_request\\s*,"
                    + "\\s*SignedHeaders=([^,\\s]+)\\s*,\\s*Signature=([0-9a-f]{64})\\s*");
    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    /** SDKs fold any run of whitespace in a header value, not only spaces, into one space. */
    private static final Pattern WHITESPACE_RUN = Pattern.compile("[ \\t\\n\\x0B\\f\\r]+");
    private static final Duration MAX_SKEW = Duration.ofMinutes(15);
    private static final HexFormat HEX = HexFormat.of();

    private final String accessKeyId;
    private final String secretAccessKey;
    private final TemporaryCredentials temporary;
    private final String region;
    private final String service;
    private final Clock clock;

    SigV4Verifier(String accessKeyId, String secretAccessKey, TemporaryCredentials temporary, String region,
                  String service, Clock clock) {
        this.accessKeyId = accessKeyId;
        this.secretAccessKey = secretAccessKey;
        this.temporary = temporary;
        this.region = region;
        this.service = service;
        this.clock = clock;
    }

    /**
     * @param headers all values of a header, by case-insensitive name (empty list when absent)
     * @param payload the request body, or null when it was too large to read in full: then everything but
     *                the signature itself is checked, and the caller refuses the request for its size
     */
    void verify(String method, String rawPath, String rawQuery, Function<String, List<String>> headers,
                byte[] payload) {
        List<String> authorization = headers.apply("Authorization");
        if (authorization.isEmpty()) {
            throw new ApiError(403, "MissingAuthenticationTokenException", "Missing Authentication Token");
        }
        Matcher auth = AUTHORIZATION.matcher(authorization.get(0));
        if (!auth.matches()) {
            throw new ApiError(400, "IncompleteSignatureException",
                    "Authorization header must be " + ALGORITHM + " with Credential, SignedHeaders and Signature");
        }
        String keyId = auth.group(1);
        String scopeDate = auth.group(2);
        String scopeRegion = auth.group(3);
        String scopeService = auth.group(4);
        List<String> signedHeaders = List.of(auth.group(5).split(";"));
        String signature = auth.group(6);

        String secret = secretOf(keyId, first(headers, "X-Amz-Security-Token"));
        if (!scopeRegion.equals(region)) {
            throw invalidSignature("Credential should be scoped to a valid region, not '" + scopeRegion + "'. ");
        }
        if (!scopeService.equals(service)) {
            throw invalidSignature("Credential should be scoped to correct service: '" + service + "'. ");
        }
        String amzDate = first(headers, "X-Amz-Date");
        if (amzDate == null) {
            throw new ApiError(400, "IncompleteSignatureException",
                    "Authorization header requires existence of a 'X-Amz-Date' header.");
        }
        checkRequestTime(amzDate);
        if (!amzDate.startsWith(scopeDate)) {
            throw invalidSignature("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '"
                    + scopeDate + "' != '" + amzDate.substring(0, Math.min(8, amzDate.length())) + "'");
        }
        for (String name : signedHeaders) {
            if (headers.apply(name).isEmpty()) {
                throw invalidSignature("Signed header '" + name + "' is missing from the request.");
            }
        }

        if (payload == null) {
            return;
        }
        // the hash of the body received, never the declared one: a body swapped after signing fails the signature
        String declaredHash = first(headers, "X-Amz-Content-SHA256");
        String payloadHash = UNSIGNED_PAYLOAD.equals(declaredHash) ? UNSIGNED_PAYLOAD : HEX.formatHex(sha256(payload));
        String scope = scopeDate + "/" + region + "/" + service + "/aws4_request";
        byte[] signingKey = signingKey(secret, scopeDate);
        // SDKs encode the already-encoded path once more for non-S3 services; curl does not. Accept either.
        for (String canonicalUri : List.of(encodePath(rawPath), rawPath)) {
            String canonicalRequest = method + "\n" + canonicalUri + "\n" + canonicalQuery(rawQuery) + "\n"
                    + canonicalHeaders(signedHeaders, headers) + "\n" + String.join(";", signedHeaders) + "\n"
                    + payloadHash;
            String stringToSign = ALGORITHM + "\n" + amzDate + "\n" + scope + "\n"
                    + HEX.formatHex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
            byte[] expected = hmac(signingKey, stringToSign);
            if (MessageDigest.isEqual(expected, HEX.parseHex(signature))) {
                return;
            }
        }
        throw invalidSignature("The request signature we calculated does not match the signature you provided. "
                + "Check your AWS Secret Access Key and signing method. Consult the service documentation for details.");
    }

    private void checkRequestTime(String amzDate) {
        Instant signedAt;
        try {
            signedAt = AMZ_DATE.parse(amzDate, Instant::from);
        } catch (DateTimeParseException e) {
            throw new ApiError(400, "IncompleteSignatureException", "X-Amz-Date '" + amzDate + "' is not yyyyMMdd'T'HHmmss'Z'");
        }
        Instant now = clock.instant();
        if (signedAt.isBefore(now.minus(MAX_SKEW))) {
            throw invalidSignature("Signature expired: " + amzDate + " is now earlier than "
                    + AMZ_DATE.format(now.minus(MAX_SKEW)) + " (" + AMZ_DATE.format(now) + " - 15 min.)");
        }
        if (signedAt.isAfter(now.plus(MAX_SKEW))) {
            throw invalidSignature("Signature not yet current: " + amzDate + " is still later than "
                    + AMZ_DATE.format(now.plus(MAX_SKEW)) + " (" + AMZ_DATE.format(now) + " + 15 min.)");
        }
    }

    /** The secret of the access key the request names, once its session token (if it needs one) is checked. */
    private String secretOf(String keyId, String sessionToken) {
        if (keyId.equals(accessKeyId) && sessionToken == null) {
            return secretAccessKey;
        }
        if (TemporaryCredentials.isTemporary(keyId)) {
            switch (temporary.check(keyId, sessionToken)) {
                case VALID:
                    return temporary.secretOf(keyId);
                case EXPIRED:
                    throw new ApiError(403, "ExpiredTokenException", "The security token included in the request is expired");
                default:
                    break;
            }
        }
        throw new ApiError(403, "UnrecognizedClientException", "The security token included in the request is invalid.");
    }

    private byte[] signingKey(String secret, String date) {
        byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
        key = hmac(key, region);
        key = hmac(key, service);
        return hmac(key, "aws4_request");
    }

    private static String canonicalHeaders(List<String> signedHeaders, Function<String, List<String>> headers) {
        StringBuilder canonical = new StringBuilder();
        for (String name : signedHeaders) {
            List<String> values = new ArrayList<>();
            for (String value : headers.apply(name)) {
                values.add(WHITESPACE_RUN.matcher(value.strip()).replaceAll(" "));
            }
            canonical.append(name.toLowerCase(Locale.ROOT)).append(':').append(String.join(",", values)).append('\n');
        }
        return canonical.toString();
    }

    private static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String> parameters = new ArrayList<>();
        for (String parameter : rawQuery.split("&")) {
            int equals = parameter.indexOf('=');
            String name = equals < 0 ? parameter : parameter.substring(0, equals);
            String value = equals < 0 ? "" : parameter.substring(equals + 1);
            parameters.add(encode(decode(name)) + "=" + encode(decode(value)));
        }
        parameters.sort(null);
        return String.join("&", parameters);
    }

    private static String encodePath(String rawPath) {
        StringJoiner path = new StringJoiner("/");
        for (String segment : rawPath.split("/", -1)) {
            path.add(encode(segment));
        }
        return path.length() == 0 ? "/" : path.toString();
    }

    /** RFC 3986 percent-encoding of everything but unreserved characters, as SigV4 asks. */
    private static String encode(String value) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~') {
                encoded.append(c);
            } else {
                encoded.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return encoded.toString();
    }

    private static String decode(String value) {
        return java.net.URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String first(Function<String, List<String>> headers, String name) {
        List<String> values = headers.apply(name);
        return values.isEmpty() ? null : values.get(0);
    }

    private static ApiError invalidSignature(String message) {
        return new ApiError(403, "InvalidSignatureException", message);
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** HMAC-SHA256, as SigV4 and the emulator's temporary credentials use it. */
    static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
