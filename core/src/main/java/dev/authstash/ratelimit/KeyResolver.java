package dev.authstash.ratelimit;

import java.util.Optional;

/**
 * A rule-key part of the application's own, JSON {@code "key": "resolver:<name>"}, registered with
 * {@code Authstash.builder(config).keyResolver("<name>", resolver)}: e.g. a tenant id from a verified JWT. It
 * must return only values the application vouches for (never a raw client-sent value); empty = count the
 * request under its client IP. Values are hashed into counter keys, never stored in clear. Thread-safe, fast.
 */
@FunctionalInterface
public interface KeyResolver {
    Optional<String> resolve(KeyRequest request);
}
