package dev.authstash.metrics;

import dev.authstash.storage.CircuitBreaker;

/**
 * Receives what authstash decides, for metrics. Every method has a no-op default and is called on the request
 * thread, so implementations must be thread-safe and fast. Tag values are bounded: rule ids come from the
 * configuration, never from clients. {@link MicrometerMetrics} records them in a Micrometer registry; pass one to
 * {@code Authstash.Builder.metrics}. Core never loads Micrometer unless the application does.
 */
public interface MetricsListener {
    /** Records nothing. */
    MetricsListener NONE = new MetricsListener() {};

    /** How a rate-limit check ended. */
    enum Decision {
        /** Counted in storage and allowed. */
        ALLOWED,
        /** Counted in storage and refused (429). */
        LIMITED,
        /** Storage failed; decided by the in-process fallback ({@code onStorageError: local}), allowed or not. */
        LOCAL_FALLBACK,
        /** Storage failed; allowed without counting ({@code onStorageError: allow}). */
        ALLOWED_ON_ERROR,
        /** Storage failed; refused with 503 ({@code onStorageError: deny}). */
        DENIED_ON_ERROR,
        /** Refused with 503 under back-pressure (pool busy, or a reply timed out while the breaker was closed). */
        BUSY,
        /** Refused (429) by the local block cache, which repeats a refusal of Redis until its retry time: no round trip. */
        BLOCK_CACHE
    }

    /** How a call to the secondary storage ended. */
    enum CallOutcome {
        SUCCESS,
        /** Threw: the storage failed or timed out. */
        ERROR,
        /** Failed fast without touching the storage: the circuit was open. */
        REJECTED,
        /** Not sent: no pooled connection was free within {@code poolWaitMillis} (back-pressure, not a failure). */
        BUSY
    }

    /** Where a session lookup was answered. */
    enum SessionSource {
        /** From secondary storage. */
        STORAGE,
        /** From the primary database copy (storage missed or failed). */
        DATABASE,
        /** No live session: unknown, expired, revoked or malformed token. */
        MISS
    }

    /** What happened to a one-time value. */
    enum OneTimeOutcome {
        TOKEN_ISSUED, TOKEN_CONSUMED, TOKEN_MISSING,
        OTP_ISSUED, OTP_VERIFIED, OTP_INVALID, OTP_TOO_MANY_ATTEMPTS, OTP_EXPIRED_OR_MISSING,
        /** {@code issueOtp} refused by the identifier's send limit (nothing issued). */
        OTP_SEND_LIMITED
    }

    /** One rate-limit check of the rule named {@code ruleId} ({@code "default"} or a custom rule's glob). */
    default void rateLimit(String ruleId, Decision decision) {}

    /**
     * One call to the secondary storage through the circuit breaker.
     *
     * @param operation e.g. {@code get}, {@code rate_limit}, {@code session_read}; a fixed set, see docs/metrics.md
     * @param nanos     wall time of the call in nanoseconds
     */
    default void storageCall(String operation, CallOutcome outcome, long nanos) {}

    /** One session lookup by token. */
    default void sessionLookup(SessionSource source) {}

    /** One one-time token or OTP operation. */
    default void oneTime(OneTimeOutcome outcome) {}

    /**
     * One examined request showing a cause of a wrong client address ({@code dev.authstash.client.ProxyDoctor}):
     * {@code untrusted_peer}, {@code shared_bucket}, {@code unusable_chain} or {@code unlisted_header}. Examined
     * requests are all of the first 1024, then one in 8.
     */
    default void ipDiagnosis(String cause) {}

    /** Called once by {@code Authstash} with its breaker, e.g. to register a state gauge. */
    default void circuitBreaker(CircuitBreaker breaker) {}
}
