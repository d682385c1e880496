package dev.authstash.ratelimit;

import java.util.Map;
import java.util.Objects;

/**
 * What the application adds to the configured rules in code: authenticators of header keys, named key
 * resolvers ({@code resolver:<name>}) and a rule selector (null for none). {@code Authstash.Builder} collects them.
 */
public record RateLimitHooks(HeaderKeys headerKeys, Map<String, KeyResolver> resolvers, RuleSelector selector) {
    public RateLimitHooks {
        Objects.requireNonNull(headerKeys, "headerKeys");
        resolvers = Map.copyOf(resolvers);
    }

    public static RateLimitHooks none() {
        return new RateLimitHooks(HeaderKeys.none(), Map.of(), null);
    }
}
