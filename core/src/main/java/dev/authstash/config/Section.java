package dev.authstash.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

/**
 * One JSON object of the document with its path and its known keys: reads typed values with defaults and
 * reports every problem as a {@link ConfigException} naming the path. Absent object = all defaults.
 */
final class Section {
    private final JsonNode node;
    private final JsonPath path;

    private Section(JsonNode node, JsonPath path) {
        this.node = node;
        this.path = path;
    }

    /** @throws ConfigException if {@code node} is present but not an object, or has a key not in {@code known} */
    static Section of(JsonNode node, JsonPath path, List<String> known) {
        ConfigKeys.note(path, "object", null, known, null);
        for (String key : known) {
            ConfigKeys.note(path.key(key), "declared", null, List.of(), null);
        }
        if (node == null || node.isMissingNode()) {
            return new Section(null, path);
        }
        if (!node.isObject()) {
            throw path.error("expected an object, got " + Values.describe(node));
        }
        for (Iterator<String> keys = node.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!known.contains(key)) {
                throw path.key(key).error(KeySuggestion.unknownKey(key, known));
            }
        }
        return new Section(node, path);
    }

    Section section(String key, String... known) {
        return of(get(key), path.key(key), List.of(known));
    }

    JsonPath path() {
        return path;
    }

    /** The value at {@code key}, or {@code null} when absent. */
    JsonNode get(String key) {
        return node == null ? null : node.get(key);
    }

    long integer(String key, Bound bound, long fallback) {
        ConfigKeys.note(path.key(key), "integer", bound, List.of(), fallback);
        JsonNode value = get(key);
        return value == null ? fallback : integer(value, path.key(key), bound);
    }

    static long integer(JsonNode value, JsonPath at, Bound bound) {
        ConfigKeys.note(at, "integer", bound, List.of(), null);
        if (!value.isIntegralNumber()) {
            throw at.error("expected " + bound.expected() + ", got " + Values.describe(value));
        }
        if (!value.canConvertToLong() || value.longValue() < bound.min() || value.longValue() > bound.max()) {
            throw at.error(bound.violation() + ", got " + value.asText());
        }
        return value.longValue();
    }

    boolean bool(String key, boolean fallback) {
        ConfigKeys.note(path.key(key), "boolean", null, List.of(), fallback);
        JsonNode value = get(key);
        if (value == null) {
            return fallback;
        }
        if (!value.isBoolean()) {
            throw path.key(key).error("expected true or false, got " + Values.describe(value));
        }
        return value.booleanValue();
    }

    String text(String key, String fallback) {
        ConfigKeys.note(path.key(key), "string", null, List.of(), fallback);
        JsonNode value = get(key);
        return value == null ? fallback : text(value, path.key(key));
    }

    static String text(JsonNode value, JsonPath at) {
        if (!value.isTextual()) {
            throw at.error("expected a string, got " + Values.describe(value));
        }
        return value.textValue();
    }

    /** One of the names of {@code allowed} (in their order in messages). */
    <T> T choice(String key, Map<String, T> allowed, T fallback) {
        ConfigKeys.note(path.key(key), "enum", null, List.copyOf(allowed.keySet()), allowed.entrySet().stream()
                .filter(e -> e.getValue().equals(fallback)).map(Map.Entry::getKey).findFirst().orElse(null));
        JsonNode value = get(key);
        if (value == null) {
            return fallback;
        }
        T chosen = value.isTextual() ? allowed.get(value.textValue()) : null;
        if (chosen == null) {
            throw path.key(key).error("expected one of " + allowed.keySet().stream().map(Values::quote)
                    .collect(Collectors.joining(", ")) + ", got " + Values.describe(value));
        }
        return chosen;
    }

    /** An array of strings, each passed to {@code check} with its path; absent = empty. */
    List<String> strings(String key, BiConsumer<JsonPath, String> check) {
        return strings(key, check, List.of());
    }

    /** An array of strings, each passed to {@code check} with its path; absent = {@code fallback}. */
    List<String> strings(String key, BiConsumer<JsonPath, String> check, List<String> fallback) {
        ConfigKeys.note(path.key(key), "string[]", null, List.of(), fallback);
        JsonNode value = get(key);
        if (value == null) {
            return fallback;
        }
        JsonPath at = path.key(key);
        if (!value.isArray()) {
            throw at.error("expected an array of strings, got " + Values.describe(value));
        }
        List<String> out = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            String item = text(value.get(i), at.index(i));
            check.accept(at.index(i), item);
            out.add(item);
        }
        return List.copyOf(out);
    }
}
