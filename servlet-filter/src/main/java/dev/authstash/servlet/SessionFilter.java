package dev.authstash.servlet;

import dev.authstash.Authstash;
import dev.authstash.session.Session;
import dev.authstash.session.SessionStorageUnavailableException;
import dev.authstash.storage.StorageException;
import dev.authstash.web.GateResult;
import dev.authstash.web.RequestGate;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;

/**
 * Resolves the session token (cookie {@code session.cookieName}, else {@code Authorization: Bearer}) and
 * exposes the session as request attribute {@value #SESSION_ATTRIBUTE}, with {@code getUserPrincipal()}
 * (name = user id) and {@code getRemoteUser()}. On {@code session.protectedPaths} without a valid session:
 * 401 JSON. When the session store is down (no database copy), {@link RequestGate#sessionStorageDown}: 503 on
 * protected paths, and on other paths too unless {@code rateLimit.onStorageError} is {@code allow} (then the
 * request proceeds anonymously).
 * Runs once per request; finds or builds its {@link Authstash} like {@link RateLimitFilter}.
 */
public class SessionFilter extends GateFilter {
    /** Request attribute holding the {@link Session}, set only when there is a valid session. */
    public static final String SESSION_ATTRIBUTE = "dev.authstash.session";
    private static final long serialVersionUID = 1L;

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
        boolean required = requiresSession(gate, request);
        Optional<Session> session;
        try {
            String token = gate.sessionToken(Requests.cookieHeader(request), request.getHeader("Authorization"));
            session = token == null ? Optional.empty() : gate.session(token);
        } catch (SessionStorageUnavailableException | StorageException e) {
            GateResult down = gate.sessionStorageDown(Requests.info(request));
            if (!down.proceed()) {
                Requests.write(response, down);
                return;
            }
            session = Optional.empty();
        } catch (RuntimeException e) {
            logFailure("session lookup", e);
            session = Optional.empty();
        }
        if (session.isEmpty()) {
            if (required) {
                Requests.write(response, gate.unauthorized());
            } else {
                chain.doFilter(request, response);
            }
            return;
        }
        request.setAttribute(SESSION_ATTRIBUTE, session.get());
        chain.doFilter(new SessionRequest(request, session.get()), response);
    }

    private boolean requiresSession(RequestGate gate, HttpServletRequest request) {
        try {
            return gate.requiresSession(Requests.info(request));
        } catch (RuntimeException e) {
            return true; // a path core cannot read is treated as protected
        }
    }
}
