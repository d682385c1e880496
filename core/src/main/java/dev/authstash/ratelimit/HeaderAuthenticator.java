package dev.authstash.ratelimit;

import java.util.Optional;

/**
 * Vouches for a value the client sent in a header (an API key, a signed tenant token) before it may choose a
 * rate-limit bucket: returns the principal the value authenticates (e.g. the API key's account id), or empty
 * for an unknown, revoked or malformed value. Requests whose value is not vouched for use the client-IP bucket,
 * so a client rotating random values never opens a fresh quota. Register one per header with
 * {@code Authstash.builder(config).headerKey("X-Api-Key", value -> apiKeys.owner(value))}. Must be thread-safe
 * and fast (it runs on every limited request); exceptions count as "not vouched for".
 */
@FunctionalInterface
public interface HeaderAuthenticator {
    /** @param value the header's value, stripped, never null or blank */
    Optional<String> principal(String value);
}
