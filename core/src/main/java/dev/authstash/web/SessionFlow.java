package dev.authstash.web;

import dev.authstash.route.PathNormalizer;
import dev.authstash.session.CreatedSession;
import dev.authstash.session.Session;
import dev.authstash.session.SessionStorageUnavailableException;
import dev.authstash.session.SessionStore;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Sessions as HTTP sees them: lookups that keep the cookie in step, sign-in and sign-out. */
final class SessionFlow {
    static final String SET_COOKIE = "Set-Cookie";
    static final String CACHE_CONTROL = "Cache-Control";
    static final String NO_STORE = "no-store";

    private final SessionStore sessions;
    private final TokenHeaders tokens;
    private final SessionCookies cookies;
    private final Clock clock;
    private final String signOutPath;
    private final String getSessionPath;
    private final CookieCache cache;
    private final boolean deferRefresh;

    /**
     * @param cache        the cookie cache, or null when {@code session.cookieCache} is off
     * @param deferRefresh {@code session.deferSessionRefresh}: GET, HEAD and OPTIONS lookups never refresh
     */
    SessionFlow(SessionStore sessions, TokenHeaders tokens, SessionCookies cookies, Clock clock, String basePath,
                CookieCache cache, boolean deferRefresh) {
        this.cache = cache;
        this.deferRefresh = deferRefresh;
        this.sessions = sessions;
        this.tokens = tokens;
        this.cookies = cookies;
        this.clock = clock;
        this.signOutPath = basePath + "/sign-out";
        this.getSessionPath = basePath + "/get-session";
    }

    String token(RequestInfo r) {
        return tokens.find(r.headers("Cookie"), r.header("Authorization"), cookies.secure(r));
    }

    SessionLookup lookup(RequestInfo r) {
        return lookup(r, r);
    }

    /** @param owner the object the rate-limit step prefetched the session read for (same request) */
    SessionLookup lookup(RequestInfo r, Object owner) {
        TokenHeaders.Found cookie = tokens.cookie(r.headers("Cookie"), cookies.secure(r));
        String token = cookie != null ? cookie.token() : TokenHeaders.bearer(r.header("Authorization"));
        if (token == null) { // get-session's answer is never cached, with or without a session (Better Auth)
            return new SessionLookup(Optional.empty(), null, isGetSession(r) ? Map.of(CACHE_CONTROL, NO_STORE) : Map.of());
        }
        if (cache != null && cookie != null) {
            Session cached = cache.read(r, token);
            if (cached != null) { // no storage: revocations anywhere reach CookieCache.read through the feed
                return new SessionLookup(Optional.of(cached), token, Map.of(CACHE_CONTROL, NO_STORE));
            }
        }
        Instant before = clock.instant();
        boolean refresh = !(deferRefresh && safe(r.method()));
        Optional<Session> session = sessions.find(token, owner, refresh); // uses a read sent with r's rate-limit script
        Map<String, String> headers = new LinkedHashMap<>();
        if (session.isPresent()) {
            Session s = session.get();
            boolean refreshed = !s.updatedAt().isBefore(before) && s.updatedAt().isAfter(s.createdAt());
            if (cookie != null && refreshed) {
                headers.put(SET_COOKIE, cookies.issue(r, token, s.expiresAt()));
            }
            if (cache != null && cookie != null) {
                headers.put(CookieCache.SET_COOKIE, cache.issue(r, s));
            }
            headers.put(CACHE_CONTROL, NO_STORE);
        } else if (cookie != null) {
            headers.put(SET_COOKIE, cookies.clear(r));
            if (cache != null) {
                headers.put(CookieCache.SET_COOKIE, cache.clear(r));
            }
            headers.put(CACHE_CONTROL, NO_STORE);
        } else if (isGetSession(r)) {
            headers.put(CACHE_CONTROL, NO_STORE);
        }
        return new SessionLookup(session, token, headers);
    }

    /** {@code GET <basePath>/get-session} (or HEAD). */
    boolean isGetSession(RequestInfo r) {
        if (!safe(r.method())) {
            return false;
        }
        try {
            return getSessionPath.equals(PathNormalizer.normalize(r.path()));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** GET, HEAD, OPTIONS: requests that must not write under {@code deferSessionRefresh}. */
    static boolean safe(String method) {
        return "GET".equalsIgnoreCase(method) || "HEAD".equalsIgnoreCase(method) || "OPTIONS".equalsIgnoreCase(method);
    }

    SignedIn signIn(RequestInfo r, String clientIp, String userId, Map<String, String> attributes) {
        CreatedSession created = sessions.create(userId, clientIp, r.header("User-Agent"), attributes);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(SET_COOKIE, cookies.issue(r, created.token(), created.session().expiresAt()));
        if (cache != null) {
            headers.put(CookieCache.SET_COOKIE, cache.issue(r, created.session()));
        }
        headers.put(CACHE_CONTROL, NO_STORE);
        return new SignedIn(created, headers);
    }

    /** Clearing headers; a sign-out that fails keeps them so the browser forgets the cookie anyway. */
    Map<String, String> clearing(RequestInfo r) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(SET_COOKIE, cookies.clear(r));
        if (cache != null) {
            headers.put(CookieCache.SET_COOKIE, cache.clear(r));
        }
        headers.put(CACHE_CONTROL, NO_STORE);
        return headers;
    }

    /** @throws SessionStorageUnavailableException after nothing else: the caller has the clearing headers */
    void revoke(RequestInfo r) {
        String token = token(r);
        if (token != null) {
            sessions.revoke(token);
        }
    }

    boolean isSignOut(RequestInfo r) {
        if (!"POST".equalsIgnoreCase(r.method())) {
            return false;
        }
        try {
            return signOutPath.equals(PathNormalizer.normalize(r.path()));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    String issue(RequestInfo r, CreatedSession created) {
        return cookies.issue(r, created.token(), created.session().expiresAt());
    }

    String clear(RequestInfo r) {
        return cookies.clear(r);
    }
}
