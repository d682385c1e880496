package dev.authstash.ratelimit;

/**
 * One decision of an algorithm over in-process state.
 *
 * @param state     the state to keep, or {@code null} to keep the previous state unchanged (refused request)
 * @param expiresAt epoch ms after which {@code state} is of no use (its TTL)
 */
record Step<S>(S state, long expiresAt, RateLimitDecision decision) {}
