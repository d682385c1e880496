package dev.authstash.spring;

import dev.authstash.Authstash;
import dev.authstash.ratelimit.BlockedKey;
import dev.authstash.ratelimit.CustomRule;
import dev.authstash.ratelimit.RateLimitRule;
import dev.authstash.ratelimit.RateLimitState;
import dev.authstash.ratelimit.RuleOverrides;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.lang.Nullable;

/**
 * The Actuator endpoint {@code authstash}, under Actuator's own exposure, access and security rules (not exposed over
 * HTTP until {@code management.endpoints.web.exposure.include} names it; {@code management.endpoint.authstash.access:
 * read-only} keeps only the read):
 * <ul>
 *   <li>read ({@code GET /actuator/authstash}): health, rules in force, overrides, blocked keys (hashes);
 *       {@code GET /actuator/authstash/state?rule=…&key=…} one rule's state for one key;</li>
 *   <li>write ({@code POST /actuator/authstash/{action}}, JSON body): {@code reset} {@code {rule, key}},
 *       {@code unlock} {@code {identifier}}, {@code overrides} {@code {customRules, version}} (compare-and-set),
 *       {@code revoke} {@code {userId}} or {@code {userId, sessionId}};</li>
 *   <li>delete ({@code DELETE /actuator/authstash?version=…}): removes the overrides.</li>
 * </ul>
 * Bad input (an unknown rule, an invalid document naming its JSON path, a stale version naming the version in force)
 * is Actuator's 400 with authstash's message.
 */
@Endpoint(id = "authstash")
public class AuthstashEndpoint {
    private static final int BLOCKED_SHOWN = 100;
    private final Authstash authstash;

    public AuthstashEndpoint(Authstash authstash) {
        this.authstash = authstash;
    }

    @ReadOperation
    public Map<String, Object> overview() {
        Map<String, Object> out = new LinkedHashMap<>();
        HealthReport health = HealthReport.of(authstash.health());
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("status", health.status());
        h.putAll(health.details());
        out.put("health", h);
        out.put("default", authstash.rateLimiter().globalRule().describe());
        Map<String, Object> rules = new LinkedHashMap<>();
        for (CustomRule r : authstash.rateLimiter().customRules()) {
            rules.put(r.glob(), !r.limited() ? false : r.rules().stream().map(RateLimitRule::describe).toList());
        }
        out.put("customRules", rules);
        out.put("overrides", overrides(authstash.ruleOverrides()));
        List<Map<String, Object>> blocked = new ArrayList<>();
        for (BlockedKey k : authstash.blockedKeys(BLOCKED_SHOWN)) {
            blocked.add(Map.of("rule", k.rule(), "keyHash", k.keyHash(), "until", k.until().toString()));
        }
        out.put("blocked", blocked);
        return out;
    }

    /** {@code GET /actuator/authstash/state?rule=…&key=…}. */
    @ReadOperation
    public Map<String, Object> state(@Selector String what, String rule, String key) {
        if (!what.equals("state")) {
            throw bad("unknown read \"" + what + "\": use state?rule=…&key=…");
        }
        RateLimitState s = badInput(() -> authstash.rateLimitState(rule, key));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("rule", s.rule());
        out.put("keyHash", s.keyHash());
        out.put("limit", s.limit());
        out.put("remaining", s.remaining());
        out.put("reset", s.reset().toString());
        out.put("blockedUntil", s.blockedUntil() == null ? null : s.blockedUntil().toString());
        return out;
    }

    @WriteOperation
    public Map<String, Object> write(@Selector String action, @Nullable String rule, @Nullable String key,
                                     @Nullable String identifier, @Nullable String customRules,
                                     @Nullable Long version, @Nullable String userId, @Nullable String sessionId) {
        return badInput(() -> switch (action) {
            case "reset" -> Map.of("keyHash", authstash.resetRateLimit(required(rule, "rule"), required(key, "key")));
            case "unlock" -> Map.of("reset", authstash.unlock(required(identifier, "identifier")));
            case "overrides" -> overrides(authstash.setRuleOverrides(required(customRules, "customRules"),
                    version == null ? authstash.ruleOverrides().version() : version, "actuator"));
            case "revoke" -> revoke(required(userId, "userId"), sessionId);
            default -> throw bad("unknown action \"" + action + "\": reset, unlock, overrides or revoke");
        });
    }

    @DeleteOperation
    public Map<String, Object> removeOverrides(@Nullable Long version) {
        return overrides(badInput(() -> authstash.removeRuleOverrides(
                version == null ? authstash.ruleOverrides().version() : version, "actuator")));
    }

    private Map<String, Object> revoke(String userId, String sessionId) {
        if (sessionId == null) {
            int live = authstash.sessions().list(userId).size();
            authstash.sessions().revokeAll(userId);
            return Map.of("revoked", live);
        }
        if (!authstash.sessions().revokeSession(userId, sessionId)) {
            throw bad("no session " + sessionId + " of user " + userId);
        }
        return Map.of("revoked", 1);
    }

    /** Bad input (unknown rule, invalid document, stale version) as Actuator's 400, with authstash's message. */
    private static <T> T badInput(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (dev.authstash.ratelimit.RuleOverridesConflictException | dev.authstash.config.ConfigException
                 | IllegalArgumentException e) {
            throw bad(e.getMessage());
        }
    }

    private static InvalidEndpointRequestException bad(String message) {
        return new InvalidEndpointRequestException(message, message);
    }

    private static String required(String value, String name) {
        if (value == null || value.isBlank()) {
            throw bad(name + " is required");
        }
        return value;
    }

    private static Map<String, Object> overrides(RuleOverrides o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", o.version());
        m.put("customRules", o.customRules());
        m.put("by", o.by());
        m.put("at", o.at() == null ? null : o.at().toString());
        return m;
    }
}
