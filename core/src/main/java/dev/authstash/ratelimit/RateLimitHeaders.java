package dev.authstash.ratelimit;

/**
 * Header names and values shared by both adapters, in the structured-field form of IETF
 * draft-ietf-httpapi-ratelimit-headers: {@code RateLimit-Policy: "<id>";q=<max>;w=<window s>} and
 * {@code RateLimit: "<id>";r=<remaining>;t=<reset s>}.
 */
public final class RateLimitHeaders {
    public static final String POLICY = "RateLimit-Policy";
    public static final String STATE = "RateLimit";
    public static final String RETRY_AFTER = "Retry-After";
    public static final String X_RETRY_AFTER = "X-Retry-After";
    /** Body of a 429 response, {@code application/json}. */
    public static final String TOO_MANY_REQUESTS_BODY = "{\"message\":\"Too many requests. Please try again later.\"}";

    /** Recent rules' header parts, by a hash of id, max and window; a slot holds one immutable entry. */
    private static final Policy[] POLICIES = new Policy[64];

    /** One rule's quoted id and {@code RateLimit-Policy} value (final fields: safely shared between threads). */
    private record Policy(String id, long max, long windowSeconds, String quotedId, String value) {}

    private RateLimitHeaders() {}

    /** {@code "<ruleId>";q=<max>;w=<windowSeconds>} */
    public static String policy(RateLimitDecision d) {
        return policyOf(d.rule()).value();
    }

    /** {@code "<ruleId>";r=<remaining>;t=<resetSeconds>} */
    public static String state(RateLimitDecision d) {
        return policyOf(d.rule()).quotedId() + ";r=" + d.remaining() + ";t=" + d.resetSeconds();
    }

    /** Built once per rule, not per request (rules are often rebuilt per request, so matched by value). */
    private static Policy policyOf(RateLimitRule rule) {
        String id = rule.id();
        long max = rule.max();
        long window = rule.windowSeconds();
        int slot = (id.hashCode() * 31 + Long.hashCode(max) * 17 + Long.hashCode(window)) & (POLICIES.length - 1);
        Policy p = POLICIES[slot];
        if (p == null || p.max() != max || p.windowSeconds() != window || !p.id().equals(id)) {
            String quoted = sfString(id);
            p = new Policy(id, max, window, quoted, quoted + ";q=" + max + ";w=" + window);
            POLICIES[slot] = p;
        }
        return p;
    }

    /** Value of {@code Retry-After}/{@code X-Retry-After}: whole seconds, at least 1. */
    public static String retryAfter(RateLimitDecision d) {
        return retryAfter(d.retryAfterSeconds());
    }

    /** Value of {@code Retry-After} for a number of seconds, at least 1. */
    public static String retryAfter(long seconds) {
        return Long.toString(Math.max(1, seconds));
    }

    /** An RFC 8941 sf-string: {@code \} and {@code "} escaped, anything not printable ASCII replaced by {@code _}. */
    static String sfString(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' || c == '"') {
                b.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e) {
                b.append('_');
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
