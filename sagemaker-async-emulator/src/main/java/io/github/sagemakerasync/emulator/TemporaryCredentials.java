package io.github.sagemakerasync.emulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Optional;

/**
 * The temporary credentials the emulator's STS issues (AssumeRoleWithWebIdentity, AssumeRole): an access key id
 * ({@code ASIA...}), a secret and a session token that expires. Nothing is stored: the secret and the token are derived
 * from the emulator's own secret key with HMAC, so any emulator started with the same key (after a restart, even a kill)
 * accepts what an earlier one issued, as AWS accepts credentials across its own restarts.
 */
final class TemporaryCredentials {

    static final String ACCESS_KEY_PREFIX = "ASIA";
    private static final String TOKEN_PREFIX = "EMULATOR.";
    private static final char[] KEY_ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder BASE64URL_DECODER = Base64.getUrlDecoder();

    private final byte[] masterKey;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    TemporaryCredentials(String secretAccessKey, Clock clock) {
        this.masterKey = ("temporary-credentials/" + secretAccessKey).getBytes(StandardCharsets.UTF_8);
        this.clock = clock;
    }

    /** Credentials of one role session. */
    record Issued(String accessKeyId, String secretAccessKey, String sessionToken, Instant expiration) {
        @Override
        public String toString() {
            // never the secret or the token
            return "Issued[accessKeyId=" + accessKeyId + ", expiration=" + expiration + "]";
        }
    }

    Issued issue(String roleArn, String sessionName, Duration duration) {
        StringBuilder keyId = new StringBuilder(ACCESS_KEY_PREFIX);
        for (int i = 0; i < 16; i++) {
            keyId.append(KEY_ID_ALPHABET[random.nextInt(KEY_ID_ALPHABET.length)]);
        }
        String accessKeyId = keyId.toString();
        Instant expiration = clock.instant().plus(duration).truncatedTo(ChronoUnit.SECONDS);
        String payload = accessKeyId + "|" + expiration.getEpochSecond() + "|" + roleArn + "|" + sessionName;
        String token = TOKEN_PREFIX + BASE64URL.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "."
                + BASE64URL.encodeToString(hmac("token/" + payload));
        return new Issued(accessKeyId, secretOf(accessKeyId), token, expiration);
    }

    /** Whether the access key id has the form of the ones issued here (the token decides whether it was). */
    static boolean isTemporary(String accessKeyId) {
        return accessKeyId.startsWith(ACCESS_KEY_PREFIX);
    }

    /** The secret of an access key id issued here. */
    String secretOf(String accessKeyId) {
        return BASE64URL.encodeToString(hmac("secret/" + accessKeyId)).substring(0, 40);
    }

    /** What a session token says of itself, once checked. */
    enum TokenCheck { VALID, INVALID, EXPIRED }

    /** Whether {@code sessionToken} was issued here with {@code accessKeyId}, and has not expired. */
    TokenCheck check(String accessKeyId, String sessionToken) {
        Optional<String[]> fields = fields(sessionToken);
        if (fields.isEmpty() || !fields.get()[0].equals(accessKeyId)) {
            return TokenCheck.INVALID;
        }
        long expiresAt;
        try {
            expiresAt = Long.parseLong(fields.get()[1]);
        } catch (NumberFormatException e) {
            return TokenCheck.INVALID;
        }
        return clock.instant().getEpochSecond() < expiresAt ? TokenCheck.VALID : TokenCheck.EXPIRED;
    }

    /** The token's fields (access key id, expiry, role, session), when its signature is ours. */
    private Optional<String[]> fields(String sessionToken) {
        if (sessionToken == null || !sessionToken.startsWith(TOKEN_PREFIX)) {
            return Optional.empty();
        }
        String[] parts = sessionToken.substring(TOKEN_PREFIX.length()).split("\\.", -1);
        if (parts.length != 2) {
            return Optional.empty();
        }
        try {
            String payload = new String(BASE64URL_DECODER.decode(parts[0]), StandardCharsets.UTF_8);
            if (!MessageDigest.isEqual(hmac("token/" + payload), BASE64URL_DECODER.decode(parts[1]))) {
                return Optional.empty();
            }
            String[] fields = payload.split("\\|", 4);
            return fields.length == 4 ? Optional.of(fields) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private byte[] hmac(String data) {
        return SigV4Verifier.hmac(masterKey, data);
    }
}
