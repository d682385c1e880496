package dev.authstash.jaxrs;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A product limit on a resource method (or on every method of a resource class), e.g.
 * {@code @RateLimit(window = 3600, max = 10, key = RateLimit.Key.USER)} on an import endpoint. Enforced after
 * authentication by {@link AuthstashFeature}, with the configured algorithm and the same 429 / 503 answers
 * and {@code RateLimit} headers as the route rules; independent of them.
 *
 * <p>The rule id (counter key and {@code RateLimit-Policy} name) is {@code SimpleClassName#method} for a
 * method annotation (overloads share it) and {@code SimpleClassName} for a class annotation, whose methods
 * then share one quota. A method annotation beats the class annotation.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface RateLimit {
    /** Window length in seconds, at least 1. */
    long window();

    /** Requests allowed per window and key, at least 1. */
    long max();

    /** Whose quota a request uses; default the client IP. */
    Key key() default Key.IP;

    /** The header read when {@code key = HEADER}, e.g. {@code X-Api-Key}. */
    String header() default "X-Api-Key";

    /** Whose quota a request uses. */
    enum Key {
        /** The client IP (forwarded headers only through trusted proxies). */
        IP,
        /** The authenticated user ({@code SecurityContext} principal name); unauthenticated requests use IP. */
        USER,
        /**
         * The principal that the application's {@link dev.authstash.ratelimit.HeaderAuthenticator} for
         * {@link #header()} returns for the header's value (registered with
         * {@code Authstash.Builder.headerKey}); requests without the header, with a value it does not vouch for,
         * or without a registered authenticator use IP: a value the client chooses never opens a new bucket.
         */
        HEADER
    }
}
