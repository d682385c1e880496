package dev.authstash.ratelimit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Builds counter keys: {@code rl:{<22 chars>}}, the braces being a Redis Cluster hash tag and the 22 chars the
 * base64url SHA-256 (132 bits) of rule id, algorithm, window, max and client key joined by {@code '\n'}.
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
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(material.getBytes(StandardCharsets.UTF_8));
            String hash = Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 22);
            return PREFIX + '{' + hash + '}';
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
