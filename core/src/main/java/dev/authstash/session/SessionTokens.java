package dev.authstash.session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * Token format and hashing. A token is {@code <43 chars: 256 random bits>.<16 chars: user tag>},
 * base64url; the user tag (first 96 bits of SHA-256 of the user id) lets a lookup find the user's
 * storage slot (Redis Cluster hash tag) without a second read. Tokens from elsewhere (migrated rows)
 * have no tag and are found through an alias key.
 */
final class SessionTokens {
    static final int MAX_TOKEN_LENGTH = 512;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final int TAG_LENGTH = 16;
    /** One digest per thread: {@code MessageDigest.getInstance} per call costs a provider lookup and allocations. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    });

    private SessionTokens() {}

    static String newToken(String userTag) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return B64.encodeToString(bytes) + "." + userTag;
    }

    /** Whether {@code token} is worth a lookup: 1..512 chars of base64url or {@code .~}. */
    static boolean plausible(String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            return false;
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code id} looks like a session id: 43 characters of base64url (SHA-256 without padding). */
    static boolean plausibleId(String id) {
        if (id == null || id.length() != 43) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    /** The user tag carried by a token made here, or {@code null}. */
    static String tagOf(String token) {
        int dot = token.lastIndexOf('.');
        if (dot < 0 || token.length() - dot - 1 != TAG_LENGTH) {
            return null;
        }
        String tag = token.substring(dot + 1);
        return tag.indexOf('~') >= 0 ? null : tag;
    }

    static String userTag(String userId) {
        return B64.encodeToString(Arrays.copyOf(sha256(userId), 12));
    }

    /** SHA-256 of the token, base64url: the session id. */
    static String hash(String token) {
        return B64.encodeToString(sha256(token));
    }

    private static byte[] sha256(String s) {
        return SHA256.get().digest(s.getBytes(StandardCharsets.UTF_8));
    }
}
