package dev.authstash.servlet;

import dev.authstash.Authstash;
import dev.authstash.session.Session;
import dev.authstash.session.SessionStorageUnavailableException;
import dev.authstash.storage.StorageException;
import dev.authstash.web.GateResult;
import dev.authstash.web.RequestGate;
import dev.authstash.web.RequestInfo;
import dev.authstash.web.SessionLookup;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * Resolves the session token (cookie {@code session.cookieName}, else {@code Authorization: Bearer}) and
 * exposes the session as request attribute {@value #SESSION_ATTRIBUTE}, with {@code getUserPrincipal()}
 * (name = user id) and {@code getRemoteUser()}. Cross-site state-changing requests get 403
 * ({@link RequestGate#checkOrigin}). The response gets {@code Cache-Control: no-store} when there is a session,
 * a re-issued cookie when the lookup extended the session, and a cleared cookie when the cookie's session is
 * gone. On {@code session.protectedPaths} without a valid session: 401 JSON. When the session store is down
 * (no database copy), {@link RequestGate#sessionStorageDown}: 503 on protected paths, and on other paths too unless
 * {@code rateLimit.onStorageError} is {@code allow} (then the request proceeds anonymously); a sign-out's 503 still
 * clears the cookie.
 * Runs once per request; finds or builds its {@link Authstash} like {@link RateLimitFilter}.
 */
public class SessionFilter extends GateFilter {
    /** Request attribute holding the {@link Session}, set only when there is a valid session. */
    public static final String SESSION_ATTRIBUTE = "dev.authstash.session";
    private static final long serialVersionUID = 1L;
    private static final SessionLookup NONE = new SessionLookup(Optional.empty(), null, Map.of());

    /** For {@code web.xml}: the instance comes from the listener or the configuration. */
    public SessionFilter() {
        super(null);
    }

    /** For embedded containers: uses {@code authstash} and never closes it. */
    public SessionFilter(Authstash authstash) {
        super(java.util.Objects.requireNonNull(authstash, "authstash"));
    }

    @Override
    void filter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        RequestGate gate = authstash().gate();
        RequestInfo info = Requests.info(request);
        GateResult origin = gate.checkOrigin(info);
        if (!origin.proceed()) {
            Requests.write(response, origin);
            return;
        }
        boolean required = requiresSession(gate, info);
        SessionLookup lookup;
        try {
            lookup = gate.lookup(info);
        } catch (SessionStorageUnavailableException | StorageException e) {
            GateResult down = gate.sessionStorageDown(info);
            if (!down.proceed()) {
                Requests.write(response, down);
                return;
            }
            lookup = NONE;
        } catch (RuntimeException e) {
            logFailure("session lookup", e);
            lookup = NONE;
        }
        Requests.addHeaders(response, lookup.headers());
        if (lookup.session().isEmpty()) {
            if (required) {
                Requests.write(response, gate.unauthorized());
            } else {
                chain.doFilter(request, response);
            }
            return;
        }
        request.setAttribute(SESSION_ATTRIBUTE, lookup.session().get());
        chain.doFilter(new SessionRequest(request, lookup.session().get()), response);
    }

    private boolean requiresSession(RequestGate gate, RequestInfo info) {
        try {
            return gate.requiresSession(info);
        } catch (RuntimeException e) {
            return true; // a path core cannot read is treated as protected
        }
    }
}
