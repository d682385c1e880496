package dev.authstash.web;

import dev.authstash.client.ClientIpResolver;
import dev.authstash.client.ProxyDoctor;
import dev.authstash.config.AuthstashConfig;
import dev.authstash.ratelimit.RateLimitDecision;
import dev.authstash.ratelimit.RateLimitHeaders;
import dev.authstash.ratelimit.RateLimitRule;
import dev.authstash.ratelimit.RateLimitUnavailableException;
import dev.authstash.ratelimit.RateLimitVerdict;
import dev.authstash.ratelimit.RateLimiter;
import dev.authstash.ratelimit.UnreadableBodyException;
import dev.authstash.route.PathNormalizer;
import dev.authstash.route.RouteTable;
import dev.authstash.session.Session;
import dev.authstash.session.SessionStore;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The checks every adapter runs, so that all answer identically: rate limits by route and by explicit rule,
 * client identity, session lookup, in one order ({@link #before} = {@link #limits} then {@link #authenticate};
 * {@link #after} once answered). An adapter only translates its request into a {@link GateRequest} and a
 * {@link GateOutcome} into its response; the sign-in and sign-out helpers take a {@link RequestInfo}. Thread-safe.
 */
public final class RequestGate {
    static final String INVALID_PATH_BODY = "{\"message\":\"Invalid request path.\"}";
    static final String UNAVAILABLE_BODY = "{\"message\":\"Service temporarily unavailable. Please try again later.\"}";
    static final String UNAUTHORIZED_BODY = "{\"message\":\"Unauthorized\"}";
    static final String FORBIDDEN_BODY = "{\"message\":\"Forbidden\"}";
    static final String NOT_FRESH_BODY = "{\"message\":\"Session is not fresh\"}";
    static final String INVALID_IDENTIFIER_BODY = "{\"message\":\"Invalid identifier\"}";

    private final RateLimiter limiter;
    private final ClientIpResolver clientIps;
    private final ProxyDoctor doctor;
    private final IpDiagnostic diagnostic;
    private final SessionStore sessions;
    private final TokenHeaders tokens;
    private final RouteTable<Boolean> protectedPaths;
    private final RouteTable<Boolean> freshPaths;
    private final dev.authstash.session.SessionSettings sessionSettings;
    private final Clock clock;
    private final boolean limitPreflight;
    private final OriginCheck origins;
    private final SessionFlow flow;
    private final java.util.function.Function<RequestDetails, String> users = this::userOf;
    private final Choreography choreography;
    private final DeviceCookies devices;
    private final java.util.Set<String> unnamedRules = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** As {@link #create(AuthstashConfig, RateLimiter, ClientIpResolver, SessionStore, Clock)} with the UTC clock. */
    public static RequestGate create(AuthstashConfig config, RateLimiter limiter, ClientIpResolver clientIps,
                                     SessionStore sessions) {
        return create(config, limiter, clientIps, sessions, Clock.systemUTC());
    }

    /**
     * Builds the gate from the configuration and the core objects; {@link dev.authstash.Authstash} does this.
     *
     * @param clock the sessions' clock, for cookie {@code Max-Age}
     */
    public static RequestGate create(AuthstashConfig config, RateLimiter limiter, ClientIpResolver clientIps,
                                     SessionStore sessions, Clock clock) {
        byte[] random = new byte[32];
        new java.security.SecureRandom().nextBytes(random);
        return create(config, limiter, clientIps, sessions, clock, List.of(random));
    }

    /**
     * As {@link #create(AuthstashConfig, RateLimiter, ClientIpResolver, SessionStore, Clock)}, keying the session
     * cookie cache ({@code session.cookieCache}) with {@code secretKeys}: key material per application secret, the
     * first signs, all verify. (The shorter overloads use a random per-process key: cache cookies then verify only
     * on the instance that set them, and fall back to storage elsewhere.)
     */
    public static RequestGate create(AuthstashConfig config, RateLimiter limiter, ClientIpResolver clientIps,
                                     SessionStore sessions, Clock clock, List<byte[]> secretKeys) {
        return create(config, limiter, clientIps, sessions, clock, secretKeys,
                new ProxyDoctor(clientIps, dev.authstash.metrics.MetricsListener.NONE));
    }

    /**
     * As {@link #create(AuthstashConfig, RateLimiter, ClientIpResolver, SessionStore, Clock, List)}, with the proxy
     * doctor that looks at every request's peer and forwarded headers in the limits step.
     */
    public static RequestGate create(AuthstashConfig config, RateLimiter limiter, ClientIpResolver clientIps,
                                     SessionStore sessions, Clock clock, List<byte[]> secretKeys, ProxyDoctor doctor) {
        return new RequestGate(config, limiter, clientIps, sessions, clock, secretKeys, doctor);
    }

    private RequestGate(AuthstashConfig config, RateLimiter limiter, ClientIpResolver clientIps, SessionStore sessions,
                        Clock clock, List<byte[]> secretKeys, ProxyDoctor doctor) {
        this.doctor = java.util.Objects.requireNonNull(doctor, "doctor");
        this.diagnostic = new IpDiagnostic(clientIps, doctor, limiter, System::nanoTime);
        this.limiter = limiter;
        this.clientIps = clientIps;
        this.sessions = sessions;
        this.tokens = new TokenHeaders(config.session().cookieName());
        RouteTable.Builder<Boolean> table = RouteTable.builder();
        config.session().protectedPaths().forEach(glob -> table.add(glob, Boolean.TRUE));
        this.protectedPaths = table.build();
        RouteTable.Builder<Boolean> fresh = RouteTable.builder();
        config.session().freshPaths().forEach(glob -> fresh.add(glob, Boolean.TRUE));
        this.freshPaths = fresh.build();
        this.sessionSettings = config.session();
        this.clock = clock;
        this.limitPreflight = config.rateLimit().limitPreflight();
        TrustedOrigins trusted = new TrustedOrigins(config.web());
        Scheme scheme = new Scheme(clientIps);
        this.origins = new OriginCheck(config.basePath(), trusted, tokens, scheme);
        SessionCookies cookies = new SessionCookies(tokens, scheme,
                config.web().useSecureCookies() || trusted.httpsBase(), clock);
        CookieCache cache = config.session().cookieCache() ? new CookieCache(config.session().cookieName(), cookies,
                config.session().cookieCacheMaxAge(), clock, secretKeys, config.session().cookieCacheStrategy(),
                config.session().cookieCacheVersion(), sessions::cookieCacheRefuses) : null;
        this.flow = new SessionFlow(sessions, tokens, cookies, clock, config.basePath(), cache,
                config.session().deferSessionRefresh());
        this.choreography = new Choreography(this, flow, limiter);
        this.devices = new DeviceCookies(config.session().cookieName(), cookies, clock, secretKeys);
    }

    /**
     * Counts one sign-in attempt where the application decided the identity, after its own parsing and before its
     * credential check: {@code identity} (in {@link dev.authstash.Identifiers#canonical} form, hashed into the key
     * as every rule key) against the rules keyed on {@code account} that {@code rule} names (a
     * {@code rateLimit.customRules} glob, e.g. {@code /sign-in/email}, or a rule id). One storage call reserves a slot
     * (rules with {@code "count"}) or refuses; {@link AccountAttempt#completed(int)} settles it with the answer, at
     * most one more. With {@code deviceCookie} on the rule, a request presenting a valid device cookie for this
     * account is counted in its device's own bucket only, so an account-wide lockout does not refuse it; without
     * one (or with a forged, expired, other account's or garbage cookie) it counts in the account-wide bucket.
     * Refused: the usual 429 with {@code Retry-After} and {@code RateLimit} headers; 503 when storage is down under
     * {@code onStorageError: deny} or busy; 400 when {@code identity} is empty in canonical form. Unexpected failures
     * follow the limits step's rule (proceed unlimited, or 503 under {@code deny}). The route filters never apply
     * rules keyed on {@code account}. When no rule keyed on {@code account} is named {@code rule} (the configuration
     * has none), the attempt proceeds uncounted, with a WARN once per name.
     */
    public AccountAttempt attempt(GateRequest request, String rule, String identity) {
        java.util.Objects.requireNonNull(request, "request");
        java.util.Objects.requireNonNull(identity, "identity");
        List<RateLimitRule> rules = limiter.accountRules(java.util.Objects.requireNonNull(rule, "rule"));
        if (rules.isEmpty()) {
            if (unnamedRules.add(rule) && unnamedRules.size() < 64) {
                org.slf4j.LoggerFactory.getLogger(RequestGate.class).warn("authstash: attempts at accounts named {} are"
                        + " not counted: no rate-limit rule keyed on account has that name (declare one in"
                        + " rateLimit.customRules.\"{}\" with \"key\": \"account\")", rule, rule);
            }
            return new AccountAttempt(GateOutcome.Proceed.NOTHING, null, false, null);
        }
        String canonical = dev.authstash.Identifiers.canonical(identity);
        if (canonical.isEmpty()) {
            return new AccountAttempt(new GateOutcome.Respond(400, List.of(), INVALID_IDENTIFIER_BODY), null, false,
                    null);
        }
        RequestInfo info = Choreography.info(request);
        dev.authstash.ratelimit.DeviceCookie device = rules.stream().map(RateLimitRule::deviceCookie)
                .filter(java.util.Objects::nonNull).findFirst().orElse(null);
        AccountAttempt.Issuer issuer = device == null ? null : () -> devices.issue(info, canonical, device.maxAgeSeconds());
        String nonce = device == null ? null : devices.trusted(info, canonical);
        try {
            String path;
            try {
                path = PathNormalizer.normalize(request.path());
            } catch (IllegalArgumentException e) {
                path = request.path();
            }
            RateLimitVerdict verdict = limiter.attempt(rules,
                    new GateKeyRequest(request.method(), path, clientKey(info), Choreography.details(request), users,
                            canonical), nonce);
            if (!verdict.allowed()) {
                return new AccountAttempt(GateOutcome.Respond.of(toResult(verdict.decision().get())), null,
                        nonce != null, null);
            }
            return new AccountAttempt(GateOutcome.Proceed.NOTHING, verdict, nonce != null, issuer);
        } catch (RateLimitUnavailableException e) {
            return new AccountAttempt(GateOutcome.Respond.of(unavailable(e.retryAfterSeconds())), null, false, null);
        } catch (RuntimeException e) {
            return new AccountAttempt(limiter.onStorageError() == dev.authstash.ratelimit.OnStorageError.DENY
                    ? GateOutcome.Respond.of(unavailable()) : GateOutcome.Proceed.NOTHING, null, false, issuer);
        }
    }

    /** The device cookies of rules with {@code deviceCookie} (tests). */
    DeviceCookies devices() {
        return devices;
    }

    /**
     * Everything before the handler, in the one order every adapter follows: {@link #limits} then
     * {@link #authenticate}. A {@link GateOutcome.Respond} is answered now (with the limits step's headers, e.g.
     * {@code RateLimit} on a 401); a {@link GateOutcome.Proceed} runs the handler, adds its headers to the response
     * and calls {@link #after} with the answer's status. Pass the same {@code request} object to every call for one
     * request. Unexpected exceptions follow one rule, see {@link Choreography}: the step is handled as storage down.
     */
    public GateOutcome before(GateRequest request) {
        return choreography.before(request);
    }

    /**
     * The limits step alone (an adapter whose limits and sessions are two filters): {@code OPTIONS} untouched unless
     * {@code rateLimit.limitPreflight}; 400 for a path that cannot be normalized; 403 for a client in
     * {@code rateLimit.deny}; 403 for a cross-site request (Better Auth's {@code trustedOrigins}), before any rule
     * counts it; the route rules (429, or 503 when storage is down under {@code deny} or busy; a
     * sign-out proceeds). Proceeds with the {@code RateLimit}
     * headers of the rule that applied.
     */
    public GateOutcome limits(GateRequest request) {
        return choreography.limits(request);
    }

    /**
     * An explicit rule (annotation limits) for an explicit key such as {@code user:42}, as an outcome; a null key
     * (an IP key while {@code advanced.ipAddress.disableIpTracking}) proceeds unlimited.
     */
    public GateOutcome limit(RateLimitRule rule, String key) {
        return choreography.limit(rule, key);
    }

    /**
     * The session step alone: 403 for a cross-site request; the session lookup (its
     * cookie refresh or clearing headers and {@code Cache-Control: no-store} in the outcome); when storage is down,
     * 503 on protected paths, elsewhere 503 unless {@code rateLimit.onStorageError: allow} (then anonymous); 401 on
     * {@code session.protectedPaths} without a live session. Proceeds with the session, if any.
     */
    public GateOutcome authenticate(GateRequest request) {
        return choreography.session(request);
    }

    /**
     * After the handler answered {@code status} (500 when it threw): counts the answer for rules with
     * {@code "count"} (only the first call counts; a failure to count is logged, never thrown) and gives the headers
     * to add to the response, {@code proceed}'s (for adapters that can add headers only once the answer exists).
     */
    public List<Header> after(GateOutcome.Proceed proceed, int status) {
        return choreography.after(proceed, status);
    }

    /**
     * Cross-site request check (Better Auth's {@code trustedOrigins}): a POST, PUT, PATCH or DELETE under
     * {@code basePath} that carries the session cookie, or a browser request (any cookie, {@code Origin},
     * {@code Referer} or {@code Sec-Fetch-*}) to {@code /sign-in/**} or {@code /sign-up/**}, must name a trusted
     * origin in {@code Origin}, else {@code Referer}, else send {@code Sec-Fetch-Site: same-origin}; otherwise
     * 403 {@code {"message":"Invalid origin"}}. Trusted: the origin of {@code baseURL} (without one, the request's
     * own scheme and {@code Host}) and {@code trustedOrigins}. Requests authenticated by a Bearer token alone and
     * non-browser clients (no cookie, no {@code Origin}/{@code Referer}/{@code Sec-Fetch-*}) proceed.
     */
    GateResult checkOrigin(RequestInfo request) {
        return origins.check(request);
    }

    /** The session token of a request: the session cookie in any {@code Cookie} header, else a Bearer token. */
    String sessionToken(RequestInfo request) {
        return flow.token(request);
    }

    /**
     * The request's session and the headers its response must carry (cookie re-issued on refresh, cleared when
     * its session is gone, {@code Cache-Control: no-store}); see {@link SessionLookup}.
     *
     * @throws dev.authstash.session.SessionStorageUnavailableException when storage is down and there is no
     *         database copy; answer {@link #sessionUnavailable(RequestInfo)}
     */
    SessionLookup lookup(RequestInfo request) {
        return flow.lookup(request);
    }

    /** 503 as {@link #unavailable()}; for a sign-out ({@code POST <basePath>/sign-out}) it also clears the cookie. */
    GateResult sessionUnavailable(RequestInfo request) {
        GateResult unavailable = unavailable();
        if (!flow.isSignOut(request)) {
            return unavailable;
        }
        Map<String, String> headers = new LinkedHashMap<>(unavailable.headers());
        headers.putAll(flow.clearing(request));
        return new GateResult(503, headers, UNAVAILABLE_BODY);
    }

    /**
     * Signs {@code userId} in: creates a session with the request's client IP (trusted proxies honoured) and
     * {@code User-Agent}, and gives the session cookie to set. {@code attributes} may be null.
     */
    public SignedIn signIn(RequestInfo request, String userId, Map<String, String> attributes) {
        return flow.signIn(request, clientKey(request), userId, attributes);
    }

    /**
     * Signs the request out: revokes its session (cookie, else Bearer) and answers the headers that clear the
     * cookie — on success (status 0) and when storage fails (503 with the same headers), so the browser always
     * forgets the cookie. Nothing to revoke is a success.
     */
    public GateResult signOut(RequestInfo request) {
        Map<String, String> clearing = flow.clearing(request);
        try {
            flow.revoke(request);
        } catch (dev.authstash.session.SessionStorageUnavailableException
                 | dev.authstash.storage.StorageException e) {
            Map<String, String> headers = new LinkedHashMap<>(unavailable().headers());
            headers.putAll(clearing);
            return new GateResult(503, headers, UNAVAILABLE_BODY);
        }
        return new GateResult(0, clearing, null);
    }

    /** The {@code Set-Cookie} value that removes the session cookie. */
    public String clearSessionCookie(RequestInfo request) {
        return flow.clear(request);
    }

    /**
     * Applies the route rules: proceed (with {@code RateLimit} headers when a rule applied), 429, 400 for a path
     * that cannot be normalized, or 503 when the store is down and {@code onStorageError} is {@code deny} or the
     * store is busy (back-pressure). A sign-out ({@code POST <basePath>/sign-out}) then proceeds instead, so that its
     * revocation is attempted (and queued while storage is down) and its cookie cleared.
     * {@code OPTIONS} requests proceed untouched unless {@code rateLimit.limitPreflight}. Keys other than the
     * client IP fall back to it here; adapters use {@link #rateLimit(RequestInfo, RequestDetails)}.
     */
    GateResult rateLimit(RequestInfo request) {
        return rateLimit(request, RequestDetails.NONE).result();
    }

    /**
     * As {@link #rateLimit(RequestInfo)}, with every rule key ({@code user}, {@code body:}, {@code header:}) read
     * from {@code details}, 403 for a client in {@code rateLimit.deny}, nothing for one in {@code rateLimit.allow};
     * a {@code body:} key fails closed: 400, 413 or 415 with a JSON message, nothing counted, when the body is not
     * one the limiter reads the application's way (see {@link dev.authstash.ratelimit.KeyRequest#bodyField});
     * call {@link RateLimitCheck#completed(int)} with the application's status once it answered.
     */
    RateLimitCheck rateLimit(RequestInfo request, RequestDetails details) {
        return rateLimit(request, details, request);
    }

    /** @param owner the object the session lookup of this request will name (see {@link SessionStore#prefetch}) */
    RateLimitCheck rateLimit(RequestInfo request, RequestDetails details, Object owner) {
        if (!limitPreflight && "OPTIONS".equalsIgnoreCase(request.method())) {
            return RateLimitCheck.PROCEED;
        }
        String path;
        try {
            path = PathNormalizer.normalize(request.path());
        } catch (IllegalArgumentException e) {
            return new RateLimitCheck(new GateResult(400, Map.of(), INVALID_PATH_BODY), null);
        }
        String client = clientKey(request); // null under disableIpTracking: the limiter skips rules keyed by IP
        doctor.observe(request.remoteAddr(), request.headers(), client); // O(1), sampled, never a storage call
        if (limiter.denied(client)) {
            return new RateLimitCheck(new GateResult(403, Map.of(), FORBIDDEN_BODY), null);
        }
        GateResult origin = origins.check(request); // before any rule counts: a cross-site 403 costs no quota
        if (!origin.proceed()) {
            return new RateLimitCheck(origin, null);
        }
        String token = flow.token(request);
        if (token != null) { // the session read rides with the rate-limit script: one round trip (standalone Redis)
            sessions.prefetch(token, owner);
        }
        try {
            RateLimitVerdict verdict = limiter.check(new GateKeyRequest(request.method(), path, client, details, users));
            Optional<RateLimitDecision> decision = verdict.decision();
            return new RateLimitCheck(decision.isPresent() ? toResult(decision.get()) : GateResult.PROCEED, verdict);
        } catch (UnreadableBodyException e) { // a body: key the limiter cannot read as the application would
            return new RateLimitCheck(new GateResult(e.status(), Map.of(), messageBody(e.getMessage())), null);
        } catch (RateLimitUnavailableException e) {
            if (flow.isSignOut(request)) { // a sign-out is never kept from revoking (queued when storage is down)
                return RateLimitCheck.PROCEED;
            }
            return new RateLimitCheck(unavailable(e.retryAfterSeconds()), null);
        }
    }

    /**
     * The user id of the request's live session for {@code user} keys, or null; a storage failure is null. Storage
     * only ({@link SessionStore#findStored}): the limit is decided before any database read-through.
     */
    private String userOf(RequestDetails details) {
        String token = sessionToken(details.header("Cookie"), details.header("Authorization"));
        if (token == null) {
            return null;
        }
        try {
            return GateKeyRequest.userOf(sessions.findStored(token)); // the session step reads through and refreshes
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * Applies an explicit rule (annotation limits) for an explicit key such as {@code user:42}; a null key
     * (an IP key while {@code advanced.ipAddress.disableIpTracking}) proceeds unlimited.
     */
    GateResult rateLimit(RateLimitRule rule, String key) {
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
     * The opt-in diagnostic (nothing mounts it by default; {@code IpDiagnosticServlet}, {@code JaxrsIpDiagnostic}):
     * what authstash resolves for {@code request} as JSON — {@code peer}, {@code peerTrusted},
     * {@code ipAddressHeaders}, {@code forwardedHeaders} (name, value, whether read), {@code clientAddress},
     * {@code why}, the {@code rules} of {@code path} for {@code method} (default: the request's own path, POST) with
     * their buckets as an HMAC under a random per-process key (never the raw key or address), and the proxy doctor's
     * {@code findings}. Answered (200) only to a request carrying {@code token} in
     * {@code X-Authstash-Diagnostic-Token} (compared in constant time) or, when {@code token} is null, to a loopback
     * peer that sent no forwarded header; else 404 {@code {"message":"Not Found"}}. At most 30 requests a minute per
     * process, refused ones included (429 with {@code Retry-After}). {@code Cache-Control: no-store}.
     *
     * @param token null (loopback only), or at least 32 characters
     * @throws IllegalArgumentException when {@code token} is shorter than 32 characters
     */
    public Diagnosis diagnose(GateRequest request, String path, String method, String token) {
        return diagnostic.answer(request, path, method, token);
    }

    /** The proxy doctor this gate reports requests to. */
    public ProxyDoctor proxyDoctor() {
        return doctor;
    }

    /**
     * The client key of a request: its canonical client IP, read from the listed forwarded headers only through
     * trusted proxies (see {@link ClientIpResolver}); null when {@code advanced.ipAddress.disableIpTracking}.
     */
    public String clientKey(RequestInfo request) {
        return clientIps.resolve(request.remoteAddr(), request.headers()); // the resolver takes null lists
    }

    /**
     * The session token of a request: the session cookie in a {@code Cookie} header value, else an
     * {@code Authorization: Bearer} token; null if neither.
     */
    public String sessionToken(String cookieHeader, String authorizationHeader) {
        return tokens.find(cookieHeader == null ? List.of() : List.of(cookieHeader), authorizationHeader);
    }

    /**
     * The live session of a token; empty for none, garbage, expired or revoked.
     *
     * @throws dev.authstash.session.SessionStorageUnavailableException when storage is down and there is no
     *         database copy; answer 503
     */
    public Optional<Session> session(String token) {
        return sessions.find(token); // null, oversized or malformed tokens are empty there, never a lookup
    }

    /** Whether the request's path is under one of {@code session.protectedPaths}; unparsable paths are. */
    boolean requiresSession(RequestInfo request) {
        if (requiresFreshSession(request)) {
            return true;
        }
        try {
            return protectedPaths.match(PathNormalizer.normalize(request.path())).isPresent();
        } catch (IllegalArgumentException e) {
            return true;
        }
    }

    /**
     * Whether the request's path is under one of {@code session.freshPaths} (a fresh session required: 401 without a
     * session, 403 with a stale one); unparsable paths are.
     */
    boolean requiresFreshSession(RequestInfo request) {
        if (sessionSettings.freshPaths().isEmpty()) {
            return false;
        }
        try {
            return freshPaths.match(PathNormalizer.normalize(request.path())).isPresent();
        } catch (IllegalArgumentException e) {
            return true;
        }
    }

    /**
     * Whether {@code session} is fresh now: signed in at most {@code session.freshAge} ago (Better Auth's
     * {@code freshAge}; always with 0). For an application's own sensitive actions beyond {@code freshPaths}.
     */
    public boolean fresh(Session session) {
        return sessionSettings.fresh(session, clock.instant());
    }

    /** 403 {@code {"message":"Session is not fresh"}}: sign in again for this action. */
    public GateResult notFresh() {
        return new GateResult(403, Map.of(), NOT_FRESH_BODY);
    }

    /** 401 with a JSON body and {@code WWW-Authenticate: Bearer}. */
    GateResult unauthorized() {
        return new GateResult(401, Map.of("WWW-Authenticate", "Bearer"), UNAUTHORIZED_BODY);
    }

    /**
     * What a session filter answers when the session store is down and there is no database copy (a
     * {@link dev.authstash.session.SessionStorageUnavailableException} from {@link #session}): 503 on
     * {@code session.protectedPaths}; on other paths 503 as well, unless {@code rateLimit.onStorageError} is
     * {@code allow} — then {@link GateResult#PROCEED}, the request goes on without a session. The one rule of every
     * adapter; {@code onStorageError} decides because it is the application's single answer to "storage is down".
     */
    GateResult sessionStorageDown(RequestInfo request) {
        boolean proceed = limiter.onStorageError() == dev.authstash.ratelimit.OnStorageError.ALLOW
                && !requiresSession(request);
        return proceed ? GateResult.PROCEED : sessionUnavailable(request);
    }

    /** {@code {"message":"<text>"}}; {@code text} holds no quote or backslash (the gate's own messages). */
    private static String messageBody(String text) {
        return "{\"message\":\"" + text.replaceAll("[^\\x20-\\x7E]|[\"\\\\]", "") + "\"}";
    }

    /** 503 with a JSON body and {@code Retry-After: 1}. */
    GateResult unavailable() {
        return unavailable(1);
    }

    private static GateResult unavailable(long retryAfterSeconds) {
        String seconds = Long.toString(Math.max(1, retryAfterSeconds));
        return new GateResult(503, Map.of("Retry-After", seconds), UNAVAILABLE_BODY);
    }

    private static GateResult toResult(RateLimitDecision decision) {
        String policy = RateLimitHeaders.policy(decision);
        String state = RateLimitHeaders.state(decision);
        if (decision.allowed()) {
            return GateResult.proceed(new HeaderList(RateLimitHeaders.POLICY, policy, RateLimitHeaders.STATE, state));
        }
        String retryAfter = RateLimitHeaders.retryAfter(decision);
        return new GateResult(429, new HeaderList(RateLimitHeaders.POLICY, policy, RateLimitHeaders.STATE, state,
                RateLimitHeaders.RETRY_AFTER, retryAfter, RateLimitHeaders.X_RETRY_AFTER, retryAfter),
                RateLimitHeaders.TOO_MANY_REQUESTS_BODY);
    }
}
