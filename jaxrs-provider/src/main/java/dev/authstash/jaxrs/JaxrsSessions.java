package dev.authstash.jaxrs;

import dev.authstash.session.CreatedSession;
import dev.authstash.session.SessionStorageUnavailableException;
import dev.authstash.web.GateResult;
import dev.authstash.web.SignedIn;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sign-in and sign-out for JAX-RS resources, one call each; the cookie headers are written by the response half
 * of {@link SessionRequestFilter}, so {@link AuthstashFeature} must be registered. The request context is
 * injected into a resource method as {@code @Context ContainerRequestContext request}.
 *
 * <pre>{@code
 * CreatedSession s = JaxrsSessions.signIn(request, user.id());   // cookie set on the response, token in s.token()
 * JaxrsSessions.signOut(request);                                // cookie cleared, session revoked
 * }</pre>
 */
public final class JaxrsSessions {
    private JaxrsSessions() {}

    /** As {@link #signIn(ContainerRequestContext, String, Map)} without attributes. */
    public static CreatedSession signIn(ContainerRequestContext request, String userId) {
        return signIn(request, userId, null);
    }

    /**
     * Creates a session for {@code userId} with the request's client IP (trusted proxies honoured) and
     * {@code User-Agent}, and has the session cookie (HttpOnly, SameSite=Lax, Path=/, Max-Age until expiry,
     * {@code Secure} and {@code __Secure-} on HTTPS) and {@code Cache-Control: no-store} added to the response.
     *
     * @param attributes small application map stored with the session, may be null
     * @throws SessionStorageUnavailableException when the session cannot be stored
     */
    public static CreatedSession signIn(ContainerRequestContext request, String userId, Map<String, String> attributes) {
        SessionRequestFilter filter = filter(request);
        SignedIn signedIn = filter.gate().signIn(filter.info(request), userId, attributes);
        request.setProperty(SessionRequestFilter.HELPER_HEADERS, new LinkedHashMap<>(signedIn.headers()));
        return signedIn.created();
    }

    /**
     * Has the session cookie cleared and revokes the request's session (cookie, else Bearer); the cookie is
     * cleared even when the revocation fails.
     *
     * @throws SessionStorageUnavailableException when the revocation could not be completed; answer 503
     */
    public static void signOut(ContainerRequestContext request) {
        SessionRequestFilter filter = filter(request);
        GateResult result = filter.gate().signOut(filter.info(request));
        request.setProperty(SessionRequestFilter.HELPER_HEADERS, new LinkedHashMap<>(result.headers()));
        if (!result.proceed()) {
            throw new SessionStorageUnavailableException("session storage unavailable: sign-out not completed", null);
        }
    }

    private static SessionRequestFilter filter(ContainerRequestContext request) {
        if (request.getProperty(SessionRequestFilter.FILTER_PROPERTY) instanceof SessionRequestFilter filter) {
            return filter;
        }
        throw new IllegalStateException("authstash's session filter did not see this request: register "
                + AuthstashFeature.class.getName());
    }
}
