package dev.authstash.ratelimit;

import java.util.List;
import java.util.Objects;

/**
 * The rules bound to a route glob, all applied. JSON: one entry of {@code rateLimit.customRules}, a rule
 * object, an array of them, or {@code false}. Immutable value.
 */
public final class CustomRule {
    private final String glob;
    private final List<RateLimitRule> rules;

    /**
     * @param glob the route glob relative to the base path, e.g. {@code /email-otp/*}
     * @param rule the limit, or {@code null} when the route is never limited ({@code false} in JSON)
     */
    public CustomRule(String glob, RateLimitRule rule) {
        this(glob, rule == null ? List.of() : List.of(rule));
    }

    private CustomRule(String glob, List<RateLimitRule> rules) {
        this.glob = Objects.requireNonNull(glob, "glob");
        this.rules = List.copyOf(rules);
    }

    /** Several rules on one route, in declaration order; an empty list = never limited. */
    public static CustomRule of(String glob, List<RateLimitRule> rules) {
        return new CustomRule(glob, rules == null ? List.of() : rules);
    }

    public String glob() {
        return glob;
    }

    /** The rules in declaration order; empty when the route is never limited. */
    public List<RateLimitRule> rules() {
        return rules;
    }

    /** Whether requests on this route are limited at all. */
    public boolean limited() {
        return !rules.isEmpty();
    }

    /** The first rule, or null when not limited. */
    public RateLimitRule rule() {
        return rules.isEmpty() ? null : rules.get(0);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CustomRule c && glob.equals(c.glob) && rules.equals(c.rules);
    }

    @Override
    public int hashCode() {
        return glob.hashCode() * 31 + rules.hashCode();
    }

    @Override
    public String toString() {
        return "CustomRule[glob=" + glob + ", rules=" + rules + "]";
    }
}
