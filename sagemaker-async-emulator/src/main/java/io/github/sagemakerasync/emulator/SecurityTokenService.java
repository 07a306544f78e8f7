package io.github.sagemakerasync.emulator;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The two STS operations that turn a role into temporary credentials, as the AWS SDKs call them for pods (EKS IRSA:
 * {@code AssumeRoleWithWebIdentity}, from {@code AWS_ROLE_ARN} and {@code AWS_WEB_IDENTITY_TOKEN_FILE}) and for profiles
 * with {@code role_arn} ({@code AssumeRole}): the query protocol ({@code POST /} with a form body, {@code Action=...}),
 * answered in STS's XML. The credentials are {@link TemporaryCredentials}; every API of the emulator accepts them.
 *
 * <p>What is checked: the members' constraints of the STS API reference (lengths, the session name's pattern,
 * DurationSeconds 900 to 43200); AssumeRole's SigV4 signature (service {@code sts}); that a web identity token is a JWT
 * whose {@code exp}, when it has one, has not passed. What is not: who signed the token (there is no identity provider
 * here), roles' trust policies and permissions; every well-formed role ARN can be assumed.
 */
final class SecurityTokenService {

    static final String NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::(\\d{12}):role/(?:[^/]+/)*([^/]+)");
    private static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]{2,64}");
    private static final Duration DEFAULT_DURATION = Duration.ofHours(1);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() { };

    private final TemporaryCredentials credentials;
    private final SigV4Verifier signatures;
    private final Clock clock;

    SecurityTokenService(TemporaryCredentials credentials, SigV4Verifier signatures, Clock clock) {
        this.credentials = credentials;
        this.signatures = signatures;
        this.clock = clock;
    }

    /** The operations served, as counted. */
    static final List<String> OPERATIONS = List.of("AssumeRoleWithWebIdentity", "AssumeRole");

    /** The operation a form body names, or null. */
    static String operation(Map<String, String> form) {
        return form.get("Action");
    }

    /**
     * Answers one call: the XML body of a 200, or an {@link ApiError} (to be sent as STS's {@code ErrorResponse}).
     *
     * @param headers all values of a header, by case-insensitive name
     */
    String answer(Map<String, String> form, String method, String path, String query,
                  Function<String, List<String>> headers, byte[] body) {
        try {
            return call(operation(form), form, method, path, query, headers, body);
        } catch (ApiError e) {
            // STS's names for the errors of a signature's credentials
            throw switch (e.errorType()) {
                case "UnrecognizedClientException" -> new ApiError(403, "InvalidClientTokenId", e.getMessage());
                case "ExpiredTokenException" -> e.status() == 403 ? new ApiError(403, "ExpiredToken", e.getMessage()) : e;
                default -> e;
            };
        }
    }

    private String call(String action, Map<String, String> form, String method, String path, String query,
                        Function<String, List<String>> headers, byte[] body) {
        if ("AssumeRoleWithWebIdentity".equals(action)) {
            // the SDKs send it unsigned: the token is the proof; a signed one is checked as any other call
            if (!headers.apply("Authorization").isEmpty()) {
                signatures.verify(method, path, query, headers, body);
            }
            return assumeRoleWithWebIdentity(form);
        }
        if ("AssumeRole".equals(action)) {
            signatures.verify(method, path, query, headers, body);
            return assumeRole(form);
        }
        throw new ApiError(400, "InvalidAction", "Could not find operation " + action + " for version "
                + form.getOrDefault("Version", "(none)"));
    }

    private String assumeRoleWithWebIdentity(Map<String, String> form) {
        List<String> violations = new ArrayList<>();
        Role role = role(form, violations);
        String token = form.get("WebIdentityToken");
        if (token == null) {
            violations.add("Value null at 'webIdentityToken' failed to satisfy constraint: Member must not be null");
        } else if (token.length() < 4 || token.length() > 20_000) {
            violations.add(ApiError.valueAt("webIdentityToken", token, true) + "Member must have length between 4 and 20000");
        }
        Duration duration = duration(form, violations);
        throwIfAny(violations);
        Map<String, Object> claims = claims(token);
        Object expiresAt = claims.get("exp");
        if (expiresAt instanceof Number seconds && Instant.ofEpochSecond(seconds.longValue()).isBefore(clock.instant())) {
            throw new ApiError(400, "ExpiredTokenException", "Token expired: current date/time " + clock.instant()
                    + " must be before the expiration date/time " + Instant.ofEpochSecond(seconds.longValue()));
        }
        TemporaryCredentials.Issued issued = credentials.issue(role.arn(), role.sessionName(), duration);
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("SubjectFromWebIdentityToken", String.valueOf(claims.getOrDefault("sub", "")));
        Object audience = claims.get("aud");
        extra.put("Audience", audience instanceof List<?> many && !many.isEmpty() ? String.valueOf(many.get(0))
                : String.valueOf(audience == null ? "" : audience));
        extra.put("Provider", String.valueOf(claims.getOrDefault("iss", "")));
        return response("AssumeRoleWithWebIdentity", role, issued, extra);
    }

    private String assumeRole(Map<String, String> form) {
        List<String> violations = new ArrayList<>();
        Role role = role(form, violations);
        Duration duration = duration(form, violations);
        throwIfAny(violations);
        return response("AssumeRole", role, credentials.issue(role.arn(), role.sessionName(), duration), Map.of());
    }

    private record Role(String arn, String account, String name, String sessionName) {
    }

    private static Role role(Map<String, String> form, List<String> violations) {
        String arn = form.get("RoleArn");
        String sessionName = form.get("RoleSessionName");
        Matcher matcher = arn == null ? null : ROLE_ARN.matcher(arn);
        if (arn == null) {
            violations.add("Value null at 'roleArn' failed to satisfy constraint: Member must not be null");
        } else if (arn.length() < 20 || arn.length() > 2048 || !matcher.matches()) {
            violations.add(ApiError.valueAt("roleArn", arn, false) + "Member must be an IAM role ARN "
                    + "(arn:aws:iam::123456789012:role/name), 20 to 2048 characters");
        }
        if (sessionName == null) {
            violations.add("Value null at 'roleSessionName' failed to satisfy constraint: Member must not be null");
        } else if (!SESSION_NAME.matcher(sessionName).matches()) {
            violations.add(ApiError.valueAt("roleSessionName", sessionName, false) + "Member must have length between "
                    + "2 and 64 and satisfy regular expression pattern: [\\w+=,.@-]*");
        }
        boolean valid = matcher != null && matcher.matches();
        return new Role(arn, valid ? matcher.group(1) : null, valid ? matcher.group(2) : null, sessionName);
    }

    private static Duration duration(Map<String, String> form, List<String> violations) {
        String value = form.get("DurationSeconds");
        if (value == null) {
            return DEFAULT_DURATION;
        }
        try {
            int seconds = Integer.parseInt(value);
            if (seconds >= 900 && seconds <= 43_200) {
                return Duration.ofSeconds(seconds);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        violations.add(ApiError.valueAt("durationSeconds", value, false) + "Member must have value between 900 and 43200");
        return DEFAULT_DURATION;
    }

    private static void throwIfAny(List<String> violations) {
        if (!violations.isEmpty()) {
            throw ApiError.violations("ValidationError", violations);
        }
    }

    /** The claims of a JWT (header.payload.signature, base64url); its signature is not checked. */
    private static Map<String, Object> claims(String token) {
        String[] parts = token.split("\\.", -1);
        if (parts.length == 3) {
            try {
                return JSON.readValue(Base64.getUrlDecoder().decode(parts[1]), JSON_OBJECT);
            } catch (RuntimeException e) {
                // reported below
            }
        }
        throw new ApiError(400, "InvalidIdentityToken", "The web identity token is not a JWT: three base64url parts, "
                + "the second a JSON object of claims");
    }

    private String response(String operation, Role role, TemporaryCredentials.Issued issued, Map<String, String> extra) {
        StringBuilder xml = new StringBuilder("<" + operation + "Response xmlns=\"" + NAMESPACE + "\">\n  <" + operation
                + "Result>\n");
        extra.forEach((name, value) -> xml.append("    ").append(element(name, value)).append('\n'));
        xml.append("    <AssumedRoleUser>")
                .append(element("Arn", "arn:aws:sts::" + role.account() + ":assumed-role/" + role.name() + "/"
                        + role.sessionName()))
                .append(element("AssumedRoleId", "AROA" + UUID.nameUUIDFromBytes(role.arn().getBytes(StandardCharsets.UTF_8))
                        .toString().replace("-", "").substring(0, 17).toUpperCase(Locale.ROOT) + ":"
                        + role.sessionName()))
                .append("</AssumedRoleUser>\n    <Credentials>")
                .append(element("AccessKeyId", issued.accessKeyId()))
                .append(element("SecretAccessKey", issued.secretAccessKey()))
                .append(element("SessionToken", issued.sessionToken()))
                .append(element("Expiration", issued.expiration().toString()))
                .append("</Credentials>\n  </").append(operation).append("Result>\n  <ResponseMetadata>")
                .append(element("RequestId", UUID.randomUUID().toString()))
                .append("</ResponseMetadata>\n</").append(operation).append("Response>\n");
        return xml.toString();
    }

    /** STS's error body for the query protocol. */
    static String errorResponse(ApiError error, String requestId) {
        String type = error.status() >= 500 ? "Receiver" : "Sender";
        return "<ErrorResponse xmlns=\"" + NAMESPACE + "\">\n  <Error>" + element("Type", type)
                + element("Code", error.errorType()) + element("Message", String.valueOf(error.getMessage()))
                + "</Error>\n  " + element("RequestId", requestId) + "\n</ErrorResponse>\n";
    }

    /** A form body ({@code application/x-www-form-urlencoded}) as a map; a name given twice keeps its first value. */
    static Map<String, String> form(byte[] body) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            form.putIfAbsent(name, value);
        }
        return form;
    }

    private static String element(String name, String value) {
        return "<" + name + ">" + escape(value) + "</" + name + ">";
    }

    private static String escape(String value) {
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
