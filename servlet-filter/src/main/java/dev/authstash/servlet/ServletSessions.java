package dev.authstash.servlet;

import dev.authstash.Authstash;
import dev.authstash.session.CreatedSession;
import dev.authstash.session.SessionStorageUnavailableException;
import dev.authstash.web.GateResult;
import dev.authstash.web.SignedIn;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;

/**
 * Sign-in and sign-out for servlet applications, one call each. The {@link Authstash} is the one the authstash
 * filters put on the request, else the {@link AuthstashListener}'s.
 *
 * <pre>{@code
 * CreatedSession s = ServletSessions.signIn(request, response, user.id());   // cookie set, token in s.token()
 * ServletSessions.signOut(request, response);                                // cookie cleared, session revoked
 * }</pre>
 */
public final class ServletSessions {
    private ServletSessions() {}

    /** As {@link #signIn(HttpServletRequest, HttpServletResponse, String, Map)} without attributes. */
    public static CreatedSession signIn(HttpServletRequest request, HttpServletResponse response, String userId) {
        return signIn(request, response, userId, null);
    }

    /**
     * Creates a session for {@code userId} with the request's client IP (trusted proxies honoured) and
     * {@code User-Agent}, and sets the session cookie (HttpOnly, SameSite=Lax, Path=/, Max-Age until expiry,
     * {@code Secure} and {@code __Secure-} on HTTPS) with {@code Cache-Control: no-store}.
     *
     * @param attributes small application map stored with the session, may be null
     * @throws SessionStorageUnavailableException when the session cannot be stored
     */
    public static CreatedSession signIn(HttpServletRequest request, HttpServletResponse response, String userId,
                                        Map<String, String> attributes) {
        SignedIn signedIn = authstash(request).gate().signIn(Requests.info(request), userId, attributes);
        Requests.addHeaders(response, signedIn.headers());
        return signedIn.created();
    }

    /**
     * Clears the session cookie and revokes the request's session (cookie, else Bearer). The cookie is cleared
     * even when the revocation fails.
     *
     * @throws SessionStorageUnavailableException when the revocation could not be completed; answer 503
     */
    public static void signOut(HttpServletRequest request, HttpServletResponse response) {
        GateResult result = authstash(request).gate().signOut(Requests.info(request));
        Requests.addHeaders(response, result.headers());
        if (!result.proceed()) {
            throw new SessionStorageUnavailableException("session storage unavailable: sign-out not completed", null);
        }
    }

    /** Clears the session cookie (e.g. after revoking all of a user's sessions), with {@code Cache-Control: no-store}. */
    public static void clearCookie(HttpServletRequest request, HttpServletResponse response) {
        Requests.addHeaders(response, Map.of("Set-Cookie",
                authstash(request).gate().clearSessionCookie(Requests.info(request)), "Cache-Control", "no-store"));
    }

    private static Authstash authstash(HttpServletRequest request) {
        if (request.getAttribute(AuthstashListener.ATTRIBUTE) instanceof Authstash fromFilter) {
            return fromFilter;
        }
        Authstash shared = AuthstashListener.get(request.getServletContext());
        if (shared == null) {
            throw new IllegalStateException("no Authstash for this request: map an authstash filter to it or declare "
                    + AuthstashListener.class.getName());
        }
        return shared;
    }
}
