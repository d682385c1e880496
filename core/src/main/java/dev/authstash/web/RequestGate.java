package dev.authstash.web;

import dev.authstash.client.ClientIpResolver;
import dev.authstash.config.AuthstashConfig;
import dev.authstash.ratelimit.RateLimitDecision;
import dev.authstash.ratelimit.RateLimitHeaders;
import dev.authstash.ratelimit.RateLimitRule;
import dev.authstash.ratelimit.RateLimitUnavailableException;
import dev.authstash.ratelimit.RateLimiter;
import dev.authstash.route.PathNormalizer;
import dev.authstash.route.RouteTable;
import dev.authstash.session.Session;
import dev.authstash.session.SessionStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The checks both adapters run, so that both answer identically: rate limits by route and by explicit rule,
 * client identity, session lookup. An adapter only translates its request into a {@link RequestInfo} and a
 * {@link GateResult} into its response. Thread-safe.
 */
public final class RequestGate {
    static final String INVALID_PATH_BODY = "{\"message\":\"Invalid request path.\"}";
    static final String UNAVAILABLE_BODY = "{\"message\":\"Service temporarily unavailable. Please try again later.\"}";
    static final String UNAUTHORIZED_BODY = "{\"message\":\"Unauthorized\"}";

    private final RateLimiter limiter;
    private final ClientIpResolver clientIps;
    private final SessionStore sessions;
    private final TokenHeaders tokens;
    private final RouteTable<Boolean> protectedPaths;
    private final boolean limitPreflight;

    /** Builds the gate from the configuration and the core objects; {@link dev.authstash.Authstash} does this. */
    public static RequestGate create(AuthstashConfig config, RateLimiter limiter, ClientIpResolver clientIps,
                                     SessionStore sessions) {
        return new RequestGate(limiter, clientIps, sessions, config.session().cookieName(),
                config.session().protectedPaths(), config.rateLimit().limitPreflight());
    }

    private RequestGate(RateLimiter limiter, ClientIpResolver clientIps, SessionStore sessions, String cookieName,
                        Iterable<String> protectedPaths, boolean limitPreflight) {
        this.limiter = limiter;
        this.clientIps = clientIps;
        this.sessions = sessions;
        this.tokens = new TokenHeaders(cookieName);
        RouteTable.Builder<Boolean> table = RouteTable.builder();
        protectedPaths.forEach(glob -> table.add(glob, Boolean.TRUE));
        this.protectedPaths = table.build();
        this.limitPreflight = limitPreflight;
    }

    /**
     * Applies the route rules: proceed (with {@code RateLimit} headers when a rule applied), 429, 400 for a path
     * that cannot be normalized, or 503 when the store is down and {@code onStorageError} is {@code deny}.
     * {@code OPTIONS} requests proceed untouched unless {@code rateLimit.limitPreflight}.
     */
    public GateResult rateLimit(RequestInfo request) {
        if (!limitPreflight && "OPTIONS".equalsIgnoreCase(request.method())) {
            return GateResult.PROCEED;
        }
        String path;
        try {
            path = PathNormalizer.normalize(request.path());
        } catch (IllegalArgumentException e) {
            return new GateResult(400, Map.of(), INVALID_PATH_BODY);
        }
        String client = clientKey(request);
        if (client == null) {
            return GateResult.PROCEED; // advanced.ipAddress.disableIpTracking: route rules are keyed by IP
        }
        try {
            return limiter.check(path, client).map(RequestGate::toResult).orElse(GateResult.PROCEED);
        } catch (RateLimitUnavailableException e) {
            return unavailable(e.retryAfterSeconds());
        }
    }

    /**
     * Applies an explicit rule (annotation limits) for an explicit key such as {@code user:42}; a null key
     * (an IP key while {@code advanced.ipAddress.disableIpTracking}) proceeds unlimited.
     */
    public GateResult rateLimit(RateLimitRule rule, String key) {
        if (key == null) {
            return GateResult.PROCEED;
        }
        try {
            return limiter.check(rule, key).map(RequestGate::toResult).orElse(GateResult.PROCEED);
        } catch (RateLimitUnavailableException e) {
            return unavailable(e.retryAfterSeconds());
        }
    }

    /**
     * The client key of a request: its canonical client IP, read from the listed forwarded headers only through
     * trusted proxies (see {@link ClientIpResolver}); null when {@code advanced.ipAddress.disableIpTracking}.
     */
    public String clientKey(RequestInfo request) {
        return clientIps.resolve(request.remoteAddr(), request::headers);
    }

    /**
     * The session token of a request: the session cookie in a {@code Cookie} header value, else an
     * {@code Authorization: Bearer} token; null if neither.
     */
    public String sessionToken(String cookieHeader, String authorizationHeader) {
        return tokens.find(cookieHeader, authorizationHeader);
    }

    /**
     * The live session of a token; empty for none, garbage, expired or revoked.
     *
     * @throws dev.authstash.session.SessionStorageUnavailableException when storage is down and there is no
     *         database copy; answer {@link #unavailable()}
     */
    public Optional<Session> session(String token) {
        return sessions.find(token); // null, oversized or malformed tokens are empty there, never a lookup
    }

    /** Whether the request's path is under one of {@code session.protectedPaths}; unparsable paths are. */
    public boolean requiresSession(RequestInfo request) {
        try {
            return protectedPaths.match(PathNormalizer.normalize(request.path())).isPresent();
        } catch (IllegalArgumentException e) {
            return true;
        }
    }

    /** 401 with a JSON body and {@code WWW-Authenticate: Bearer}. */
    public GateResult unauthorized() {
        return new GateResult(401, Map.of("WWW-Authenticate", "Bearer"), UNAUTHORIZED_BODY);
    }

    /**
     * What a session filter answers when the session store is down and there is no database copy (a
     * {@link dev.authstash.session.SessionStorageUnavailableException} from {@link #session}): 503 on
     * {@code session.protectedPaths}; on other paths 503 as well, unless {@code rateLimit.onStorageError} is
     * {@code allow} — then {@link GateResult#PROCEED}, the request goes on without a session. The one rule of every
     * adapter; {@code onStorageError} decides because it is the application's single answer to "storage is down".
     */
    public GateResult sessionStorageDown(RequestInfo request) {
        boolean proceed = limiter.onStorageError() == dev.authstash.ratelimit.OnStorageError.ALLOW
                && !requiresSession(request);
        return proceed ? GateResult.PROCEED : unavailable();
    }

    /** 503 with a JSON body and {@code Retry-After: 1}. */
    public GateResult unavailable() {
        return unavailable(1);
    }

    private static GateResult unavailable(long retryAfterSeconds) {
        String seconds = Long.toString(Math.max(1, retryAfterSeconds));
        return new GateResult(503, Map.of("Retry-After", seconds), UNAVAILABLE_BODY);
    }

    private static GateResult toResult(RateLimitDecision decision) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("RateLimit-Policy", RateLimitHeaders.policy(decision));
        headers.put("RateLimit", RateLimitHeaders.state(decision));
        if (decision.allowed()) {
            return GateResult.proceed(headers);
        }
        String retryAfter = Long.toString(Math.max(1, decision.retryAfterSeconds()));
        headers.put("Retry-After", retryAfter);
        headers.put("X-Retry-After", retryAfter);
        return new GateResult(429, headers, RateLimitHeaders.TOO_MANY_REQUESTS_BODY);
    }
}
