package dev.authstash.config;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every key the loader accepts, as the readers themselves declare it: {@link Section} notes each key it is
 * asked about while a probe document is read. Used to hold {@code authstash.schema.json} to the loader.
 */
final class ConfigKeys {
    /** Stands for any key of a map (a custom rule's route glob) in {@link Key#path()}. */
    static final String ANY = "*";
    private static final String PROBE_GLOB = "/authstash-probe";
    private static final ThreadLocal<Map<String, Key>> RECORDING = new ThreadLocal<>();

    /**
     * One accepted key.
     *
     * @param path     dotted path, {@code *} for any key of a map, e.g. {@code rateLimit.customRules.*.max}
     * @param type     {@code object}, {@code integer}, {@code boolean}, {@code string}, {@code string[]},
     *                 {@code enum}, or {@code declared} (accepted, read without a typed accessor: a map)
     * @param min      smallest integer allowed, else {@code null}
     * @param max      largest integer allowed, else {@code null}
     * @param names    the allowed names of an {@code enum}, the known keys of an {@code object}, else empty
     * @param fallback the value used when the key is absent ({@code null} when it is required)
     */
    record Key(String path, String type, Long min, Long max, List<String> names, Object fallback) {}

    private ConfigKeys() {}

    /** Reads probe documents (empty, and one custom rule of each kind) and returns every key noted, by path. */
    static Map<String, Key> all() {
        Map<String, Key> keys = new LinkedHashMap<>();
        RECORDING.set(keys);
        try {
            ConfigReader.read(JsonNodeFactory.instance.objectNode(), true);
            ObjectNode root = JsonNodeFactory.instance.objectNode();
            ObjectNode rules = root.putObject("rateLimit").putObject("customRules");
            rules.putObject(PROBE_GLOB).put("window", 1).put("max", 1);
            ConfigReader.read(root, true);
        } finally {
            RECORDING.remove();
        }
        return Collections.unmodifiableMap(keys);
    }

    /** Notes a key while {@link #all()} runs; a typed note replaces a {@code declared} one. */
    static void note(JsonPath at, String type, Bound bound, List<String> names, Object fallback) {
        Map<String, Key> keys = RECORDING.get();
        if (keys == null) {
            return;
        }
        StringBuilder path = new StringBuilder();
        for (String segment : at.toString().replace(Values.quote(PROBE_GLOB), ANY).split("\\.")) {
            boolean quoted = segment.length() > 1 && segment.startsWith("\"") && segment.endsWith("\"");
            path.append(path.length() == 0 ? "" : ".").append(quoted ? segment.substring(1, segment.length() - 1) : segment);
        }
        Key key = new Key(path.toString(), type, bound == null ? null : bound.min(), bound == null ? null : bound.max(),
                List.copyOf(names), fallback);
        Key old = keys.get(key.path());
        if (old == null || old.type().equals("declared")) {
            keys.put(key.path(), key);
        }
    }
}
