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

    private RateLimitHeaders() {}

    /** {@code "<ruleId>";q=<max>;w=<windowSeconds>} */
    public static String policy(RateLimitDecision d) {
        return sfString(d.rule().id()) + ";q=" + d.rule().max() + ";w=" + d.rule().windowSeconds();
    }

    /** {@code "<ruleId>";r=<remaining>;t=<resetSeconds>} */
    public static String state(RateLimitDecision d) {
        return sfString(d.rule().id()) + ";r=" + d.remaining() + ";t=" + d.resetSeconds();
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
