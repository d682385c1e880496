package dev.authstash.ratelimit;

import java.time.Instant;
import java.util.Objects;

/**
 * A key a rate-limit rule currently refuses, as operators see it: the rule's id ({@code /sign-in/email#2},
 * {@code default}), the key's hash (22 base64url chars, the one in its counter key; never the IP, e-mail or other
 * value it stands for) and when the refusal ends (this instance's clock).
 */
public record BlockedKey(String rule, String keyHash, Instant until) {
    public BlockedKey {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(keyHash, "keyHash");
        Objects.requireNonNull(until, "until");
    }
}
