package dev.authstash.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.authstash.ratelimit.Algorithm;
import dev.authstash.ratelimit.CustomRule;
import dev.authstash.ratelimit.DeviceCookie;
import dev.authstash.ratelimit.OnStorageError;
import dev.authstash.ratelimit.RateLimitRule;
import dev.authstash.ratelimit.RateLimitSettings;
import dev.authstash.ratelimit.RuleKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Reads {@code rateLimit} into {@link RateLimitSettings}; custom rules keep their declaration order. */
final class RateLimitReader {
    static final List<String> KEYS = List.of("enabled", "window", "max", "algorithm", "storage", "customRules",
            "onStorageError", "limitPreflight", "allow", "deny", "defaultRules", "blockCache");
    private static final List<String> RULE_KEYS = List.of("window", "max", "algorithm", "key", "methods", "count",
            "deviceCookie");
    private static final Pattern METHOD = Pattern.compile("[A-Z]{1,16}");
    private static final Bound STATUS = Bound.range(100, 599);
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
                s.choice("onStorageError", ON_ERROR, d.onStorageError()), s.bool("limitPreflight", d.limitPreflight()),
                s.strings("allow", Checks::cidr), s.strings("deny", Checks::cidr),
                s.bool("defaultRules", d.defaultRules()), s.bool("blockCache", d.blockCache()));
    }

    static List<CustomRule> customRules(JsonNode rules, JsonPath at, Algorithm defaultAlgorithm) {
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
                out.add(new CustomRule(glob, rule(value, path, glob, defaultAlgorithm)));
            } else if (value.isArray() && !value.isEmpty()) {
                List<RateLimitRule> list = new ArrayList<>(value.size());
                for (int i = 0; i < value.size(); i++) {
                    JsonPath at2 = path.index(i);
                    if (!value.get(i).isObject()) {
                        throw at2.error("expected an object {window, max[, key, methods, count, algorithm]}, got "
                                + Values.describe(value.get(i)));
                    }
                    list.add(rule(value.get(i), at2, i == 0 ? glob : glob + "#" + (i + 1), defaultAlgorithm));
                }
                out.add(CustomRule.of(glob, list));
            } else {
                throw path.error("expected an object {window, max}, a non-empty array of them, or false, got "
                        + Values.describe(value));
            }
        }
        return out;
    }

    private static RateLimitRule rule(JsonNode value, JsonPath path, String id, Algorithm defaultAlgorithm) {
        Section rule = Section.of(value, path, RULE_KEYS);
        long window = Section.integer(required(rule, "window", WINDOW), path.key("window"), WINDOW);
        long max = Section.integer(required(rule, "max", MAX), path.key("max"), MAX);
        Algorithm algorithm = rule.choice("algorithm", ALGORITHMS, defaultAlgorithm);
        exact(path.key("max"), algorithm, window, max);
        RuleKey key = RuleKey.IP;
        JsonNode keyNode = rule.get("key");
        if (keyNode != null) {
            try {
                key = RuleKey.parse(Section.text(keyNode, path.key("key")));
            } catch (IllegalArgumentException e) {
                throw path.key("key").error(e.getMessage());
            }
        }
        List<String> methods = rule.strings("methods", (at, m) -> {
            if (!METHOD.matcher(m).matches()) {
                throw at.error("expected an upper-case HTTP method such as \"POST\", got " + Values.quote(m));
            }
        });
        Set<Integer> count = count(rule.get("count"), path.key("count"));
        if (!count.isEmpty() && algorithm != Algorithm.FIXED_WINDOW) {
            throw path.key("count").error("counting only some answers needs \"algorithm\": \"fixed-window\", got "
                    + Values.quote(algorithm.configName()));
        }
        DeviceCookie device = deviceCookie(rule, key, window, max);
        return new RateLimitRule(id, window, max, algorithm, key, Set.copyOf(methods), count, device);
    }

    /**
     * {@code deviceCookie}: absent = none; an object {@code {window, max, maxAge}}, window and max defaulting to the
     * rule's, maxAge to {@value DeviceCookie#DEFAULT_MAX_AGE} s; only on a rule keyed on {@code account}.
     */
    private static DeviceCookie deviceCookie(Section rule, RuleKey key, long window, long max) {
        JsonNode node = rule.get("deviceCookie");
        Section device = rule.section("deviceCookie", "window", "max", "maxAge");
        long deviceWindow = device.integer("window", WINDOW, window);
        long deviceMax = device.integer("max", MAX, max);
        long maxAge = device.integer("maxAge", WINDOW, DeviceCookie.DEFAULT_MAX_AGE);
        if (node == null) {
            return null;
        }
        if (!key.uses(RuleKey.Kind.ACCOUNT)) {
            throw rule.path().key("deviceCookie").error("device cookies need a rule keyed on the account the"
                    + " application reports (\"key\": \"account\", counted by RequestGate.attempt), got key "
                    + Values.quote(key.spec()));
        }
        return new DeviceCookie(deviceWindow, deviceMax, maxAge);
    }

    /** {@code "all"} (empty set), {@code "failures"} (401 only, {@link RateLimitRule#FAILURES}) or an array of statuses. */
    private static Set<Integer> count(JsonNode value, JsonPath at) {
        if (value == null || (value.isTextual() && value.textValue().equals("all"))) {
            return Set.of();
        }
        if (value.isTextual() && value.textValue().equals("failures")) {
            return RateLimitRule.FAILURES;
        }
        if (!value.isArray() || value.isEmpty()) {
            throw at.error("expected \"all\", \"failures\" or a non-empty array of HTTP statuses, got "
                    + Values.describe(value));
        }
        Set<Integer> statuses = new TreeSet<>();
        for (int i = 0; i < value.size(); i++) {
            statuses.add((int) Section.integer(value.get(i), at.index(i), STATUS));
        }
        return statuses;
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
