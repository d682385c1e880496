package dev.authstash.route;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Maps route globs to values; an exact route beats a glob, a more specific glob beats a less specific one
 * ({@link RouteGlob.Specificity}), declaration order breaks ties. Exact routes are one hash lookup; globs
 * are tried in precedence order. Immutable, thread-safe.
 */
public final class RouteTable<T> {
    private final Map<String, T> exact;
    private final List<RouteGlob> globs;
    private final List<T> globValues;

    private RouteTable(Map<String, T> exact, List<RouteGlob> globs, List<T> globValues) {
        this.exact = exact;
        this.globs = globs;
        this.globValues = globValues;
    }

    public static <T> Builder<T> builder() {
        return new Builder<>();
    }

    /** The value of the best rule for a normalized path ({@link PathNormalizer}), or empty when none matches. */
    public Optional<T> match(String normalizedPath) {
        Objects.requireNonNull(normalizedPath, "normalizedPath");
        T value = exact.get(normalizedPath);
        if (value != null) {
            return Optional.of(value);
        }
        if (globs.isEmpty()) {
            return Optional.empty();
        }
        int[] segments = RouteGlob.bounds(normalizedPath); // one small array, no substrings
        for (int i = 0; i < globs.size(); i++) {
            if (globs.get(i).matches(normalizedPath, segments)) {
                return Optional.of(globValues.get(i));
            }
        }
        return Optional.empty();
    }

    /** Collects rules in declaration order. Not thread-safe. */
    public static final class Builder<T> {
        private final Map<String, Map.Entry<RouteGlob, T>> rules = new LinkedHashMap<>();

        private Builder() {}

        /** @throws IllegalArgumentException for an invalid glob, a glob declared twice, or a null value */
        public Builder<T> add(String glob, T value) {
            RouteGlob compiled = RouteGlob.compile(glob);
            if (value == null) {
                throw new IllegalArgumentException("route glob " + PathNormalizer.quote(glob) + " has a null value");
            }
            if (rules.containsKey(glob)) {
                throw new IllegalArgumentException("route glob " + PathNormalizer.quote(glob) + " is declared twice");
            }
            rules.put(glob, Map.entry(compiled, value));
            return this;
        }

        public RouteTable<T> build() {
            Map<String, T> exact = new HashMap<>();
            List<Map.Entry<RouteGlob, T>> globs = new ArrayList<>();
            for (Map.Entry<RouteGlob, T> rule : rules.values()) {
                if (rule.getKey().isExact()) {
                    exact.put(rule.getKey().glob(), rule.getValue());
                } else {
                    globs.add(rule);
                }
            }
            // List.sort is stable: equal specificity keeps declaration order.
            globs.sort(Comparator.comparing((Map.Entry<RouteGlob, T> e) -> e.getKey().specificity()).reversed());
            return new RouteTable<>(Map.copyOf(exact),
                    globs.stream().map(Map.Entry::getKey).toList(),
                    globs.stream().map(Map.Entry::getValue).toList());
        }
    }
}
