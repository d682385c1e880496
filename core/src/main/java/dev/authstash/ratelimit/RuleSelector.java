package dev.authstash.ratelimit;

import java.util.List;

/**
 * Picks the rules of a request in code (plans, tenants), like Better Auth's function-valued custom rules.
 * Registered with {@code Authstash.builder(config).ruleSelector(selector)}; called for every request under the
 * base path with the rules the configuration chose (empty for a {@code false} route), it returns the rules to
 * apply: the same list, another one, or an empty list for "not limited". Rule ids name counters, so use stable
 * ids (e.g. {@code "/export#pro"}). Thread-safe, fast, no I/O.
 */
@FunctionalInterface
public interface RuleSelector {
    List<RateLimitRule> select(KeyRequest request, List<RateLimitRule> configured);
}
