package dev.authstash.servlet;

import dev.authstash.Authstash;
import dev.authstash.session.Session;
import dev.authstash.web.GateOutcome;
import dev.authstash.web.RequestGate;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Resolves the session token (cookie {@code session.cookieName}, else {@code Authorization: Bearer}) and
 * exposes the session as request attribute {@value #SESSION_ATTRIBUTE}, with {@code getUserPrincipal()}
 * (name = user id) and {@code getRemoteUser()}. The sequence is core's ({@link RequestGate#authenticate}); this
 * filter translates. Cross-site state-changing requests get 403. The response gets {@code Cache-Control: no-store} when there is a session,
 * a re-issued cookie when the lookup extended the session, and a cleared cookie when the cookie's session is
 * gone. On {@code session.protectedPaths} without a valid session: 401 JSON. When the session store is down
 * (no database copy), or the lookup fails unexpectedly: 503 on protected paths, and on other paths too unless
 * {@code rateLimit.onStorageError} is {@code allow} (then the request proceeds anonymously); a sign-out's 503 still
 * clears the cookie.
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
        GateOutcome outcome = authstash().gate().authenticate(Requests.view(request, null));
        if (!(outcome instanceof GateOutcome.Proceed proceed)) {
            Requests.write(response, (GateOutcome.Respond) outcome);
            return;
        }
        Requests.addHeaders(response, proceed.headers());
        if (proceed.session().isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        Session session = proceed.session().get();
        request.setAttribute(SESSION_ATTRIBUTE, session);
        chain.doFilter(new SessionRequest(request, session), response);
    }
}
