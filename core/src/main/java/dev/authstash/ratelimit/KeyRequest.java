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
     * A top-level string field of a JSON request body, as sent (the limiter canonicalizes it); null only when the
     * request carries no body details at all ({@link #of}, the gate's {@code RequestDetails.NONE}): the key part
     * then falls back to the client IP. The gate's requests fail closed instead of falling back: see
     * {@code docs/security.md}.
     *
     * @throws UnreadableBodyException when the body is not read the way an application reads it: 415 for a
     *         content type other than {@code application/json} / {@code application/*+json} or a charset other than
     *         UTF-8; 413 over 64 KiB; 400 for malformed JSON, trailing content after the object, nesting deeper
     *         than 16, a non-object body, and for a field that is absent, not a string, given twice, or also given
     *         under another case ({@code "Email"})
     */
    default String bodyField(String field) {
        return null;
    }

    /**
     * The first value of a request parameter (query string, then a form body), as the web container parses it, as
     * sent (the limiter canonicalizes it); null only when the request carries no details at all ({@link #of}): the
     * key part then falls back to the client IP. The gate's requests fail closed instead: a parameter that is
     * absent (or that the adapter cannot read, e.g. a JAX-RS form body) is a 400.
     *
     * @throws UnreadableBodyException 400 when the parameter is absent or unreadable
     */
    default String parameter(String name) {
        return null;
    }

    /**
     * The account identifier the application reported for this request ({@code RequestGate.attempt}), in canonical
     * form; null for requests the route filters check (rules keyed on {@code account} never apply there).
     */
    default String account() {
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
