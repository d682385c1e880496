package dev.authstash.ratelimit;

/**
 * What rule keys and {@link KeyResolver}s may read of a request, without web types. Adapters' requests reach the
 * limiter as one of these (built by {@code RequestGate}); reading the body or the session happens lazily, only
 * when a matched rule needs it.
 */
public interface KeyRequest {
    /** HTTP method, upper case. */
    String method();

    /** Normalized path inside the application (base path included), e.g. {@code /api/auth/sign-in/email}. */
    String path();

    /**
     * The canonical client IP (forwarded headers only through trusted proxies); null only when
     * {@code advanced.ipAddress.disableIpTracking} is true.
     */
    String clientIp();

    /** First value of a request header, or null. Values are chosen by the client: never trust them as a key. */
    default String header(String name) {
        return null;
    }

    /**
     * A top-level field of a JSON body as text (strings as is, numbers and booleans as their JSON text), or null
     * when the body is absent, not {@code application/json}, larger than the cap, malformed, or lacks the field.
     */
    default String bodyField(String field) {
        return null;
    }

    /** The user id of the request's live session, or null when anonymous. */
    default String userId() {
        return null;
    }

    /** A request with only a method, path and client IP. */
    static KeyRequest of(String method, String path, String clientIp) {
        return new KeyRequest() {
            @Override public String method() { return method; }
            @Override public String path() { return path; }
            @Override public String clientIp() { return clientIp; }
        };
    }
}
