package dev.authstash.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.authstash.ratelimit.Algorithm;
import dev.authstash.ratelimit.CustomRule;
import dev.authstash.ratelimit.OnStorageError;
import dev.authstash.ratelimit.RateLimitRule;
import dev.authstash.ratelimit.RateLimitSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reads {@code rateLimit} into {@link RateLimitSettings}; custom rules keep their declaration order. */
final class RateLimitReader {
    static final List<String> KEYS = List.of("enabled", "window", "max", "algorithm", "storage", "customRules",
            "onStorageError", "limitPreflight");
    private static final List<String> RULE_KEYS = List.of("window", "max", "algorithm");
    private static final Bound WINDOW = Bound.positive("seconds");
    private static final Bound MAX = Bound.positive("");
    private static final Map<String, Algorithm> ALGORITHMS = new LinkedHashMap<>();
    private static final Map<String, Boolean> STORAGES = new LinkedHashMap<>();
    private static final Map<String, OnStorageError> ON_ERROR = new LinkedHashMap<>();

    static {
        for (Algorithm a : Algorithm.values()) {
            ALGORITHMS.put(a.configName(), a);
        }
        STORAGES.put("secondary-storage", true);
        STORAGES.put("memory", false);
        for (OnStorageError p : OnStorageError.values()) {
            ON_ERROR.put(p.name().toLowerCase(Locale.ROOT), p);
        }
    }

    private RateLimitReader() {}

    static RateLimitSettings read(Section s) {
        RateLimitSettings d = RateLimitSettings.defaults();
        Algorithm algorithm = s.choice("algorithm", ALGORITHMS, d.algorithm());
        long window = s.integer("window", WINDOW, d.windowSeconds());
        long max = s.integer("max", MAX, d.max());
        exact(s.path().key("max"), algorithm, window, max);
        return new RateLimitSettings(s.bool("enabled", d.enabled()), window,
                max, algorithm, s.choice("storage", STORAGES, d.useSecondaryStorage()),
                customRules(s.get("customRules"), s.path().key("customRules"), algorithm),
                s.choice("onStorageError", ON_ERROR, d.onStorageError()), s.bool("limitPreflight", d.limitPreflight()));
    }

    private static List<CustomRule> customRules(JsonNode rules, JsonPath at, Algorithm defaultAlgorithm) {
        if (rules == null) {
            return List.of();
        }
        if (!rules.isObject()) {
            throw at.error("expected an object of route glob to {window, max} or false, got " + Values.describe(rules));
        }
        List<CustomRule> out = new ArrayList<>(rules.size());
        for (Map.Entry<String, JsonNode> entry : rules.properties()) {
            String glob = entry.getKey();
            JsonPath path = at.key(glob);
            Checks.glob(path, glob);
            JsonNode value = entry.getValue();
            if (value.isBoolean() && !value.booleanValue()) {
                out.add(new CustomRule(glob, null));
            } else if (value.isObject()) {
                Section rule = Section.of(value, path, RULE_KEYS);
                long window = Section.integer(required(rule, "window", WINDOW), path.key("window"), WINDOW);
                long max = Section.integer(required(rule, "max", MAX), path.key("max"), MAX);
                Algorithm algorithm = rule.choice("algorithm", ALGORITHMS, defaultAlgorithm);
                exact(path.key("max"), algorithm, window, max);
                out.add(new CustomRule(glob, new RateLimitRule(glob, window, max, algorithm)));
            } else {
                throw path.error("expected an object {window, max} or false, got " + Values.describe(value));
            }
        }
        return out;
    }

    /** Sliding-window rules must stay exact: max × window (ms) below 2^53. */
    private static void exact(JsonPath at, Algorithm algorithm, long window, long max) {
        long largest = RateLimitRule.largestExactMax(algorithm, window);
        if (max > largest) {
            throw at.error("expected at most " + largest + RateLimitRule.exactness(window) + ", got " + max);
        }
    }

    private static JsonNode required(Section rule, String key, Bound bound) {
        JsonNode value = rule.get(key);
        if (value == null) {
            throw rule.path().key(key).error("expected " + bound.expected() + ", required in a custom rule, got nothing");
        }
        return value;
    }
}
