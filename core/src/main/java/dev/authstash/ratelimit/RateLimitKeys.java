package dev.authstash.ratelimit;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Builds counter keys: {@code rl:{<22 chars>}}, the braces being a Redis Cluster hash tag and the 22 chars the
 * base64url SHA-256 (132 bits) of the UTF-16 code units of rule id, algorithm, window, max and client key joined by {@code '\n'}.
 * Fixed length, alphabet {@code [A-Za-z0-9_-]}: no request text reaches Redis or can forge another key.
 * Changing a rule's window or max therefore starts fresh counters.
 */
final class RateLimitKeys {
    static final String PREFIX = "rl:";

    private RateLimitKeys() {}

    static String of(RateLimitRule rule, String clientKey) {
        String material = rule.id() + '\n' + rule.algorithm().configName() + '\n' + rule.windowSeconds() + '\n'
                + rule.max() + '\n' + clientKey;
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(utf16(material));
            String hash = Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 22);
            return PREFIX + '{' + hash + '}';
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    /** Every UTF-16 code unit as two bytes: lossless even for unpaired surrogates (a charset would replace them). */
    private static byte[] utf16(String s) {
        byte[] out = new byte[s.length() * 2];
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            out[2 * i] = (byte) (c >>> 8);
            out[2 * i + 1] = (byte) c;
        }
        return out;
    }
}
