package dev.authstash.web;

import java.util.List;

/** Request headers as an adapter exposes them, without web types. */
@FunctionalInterface
public interface Headers {
    /** No headers at all. */
    Headers NONE = name -> List.of();

    /** Every value of header {@code name} (case-insensitive), in order; empty when absent, never null. */
    List<String> all(String name);

    /** The first value of header {@code name}, or null. */
    default String first(String name) {
        List<String> values = all(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** Whether header {@code name} is present with a non-blank value. */
    default boolean has(String name) {
        String value = first(name);
        return value != null && !value.isBlank();
    }
}
