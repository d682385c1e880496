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
 * of {@link SessionRequestFilter}, so {@link AuthstashFeature} must be registered. Everything they need travels in
 * the request's properties, so the forms taking a {@link ContainerRequestContext} work on any thread (inject it with
 * {@code @Context ContainerRequestContext} where the runtime allows: Jersey, Quarkus REST). JAX-RS has no portable
 * way to hand every resource its {@link ContainerRequestContext} (RESTEasy classic cannot inject it), so the forms
 * without one use the request bound to the calling thread: the session filter binds it, and the post-matching
 * {@link RateLimitAnnotationFilter} binds it again on the thread that runs the resource method, which differs from
 * the pre-matching filters' on Quarkus REST (event loop, then a worker thread for a blocking method). Call them from
 * the resource method's thread (before suspending an asynchronous response), or pass the request.
 *
 * <pre>{@code
 * CreatedSession s = JaxrsSessions.signIn(user.id());   // cookie set on the response, token in s.token()
 * JaxrsSessions.signOut();                              // cookie cleared, session revoked
 * }</pre>
 */
public final class JaxrsSessions {
    private static final ThreadLocal<ContainerRequestContext> CURRENT = new ThreadLocal<>();

    private JaxrsSessions() {}

    /**
     * Set by the session filter and by {@link RateLimitAnnotationFilter} for the request they handle on this thread;
     * removed by the session filter's response half.
     */
    static void bind(ContainerRequestContext request) {
        CURRENT.set(request);
    }

    static void unbind() {
        CURRENT.remove();
    }

    /** {@link #signIn(ContainerRequestContext, String, Map)} for the request handled on this thread. */
    public static CreatedSession signIn(String userId) {
        return signIn(current(), userId, null);
    }

    /** {@link #signIn(ContainerRequestContext, String, Map)} for the request handled on this thread. */
    public static CreatedSession signIn(String userId, Map<String, String> attributes) {
        return signIn(current(), userId, attributes);
    }

    /** {@link #signOut(ContainerRequestContext)} for the request handled on this thread. */
    public static void signOut() {
        signOut(current());
    }

    static ContainerRequestContext current() {
        ContainerRequestContext request = CURRENT.get();
        if (request == null) {
            throw new IllegalStateException("no request on this thread went through authstash's session filter: "
                    + "register " + AuthstashFeature.class.getName() + " and call from the resource method's thread, or"
                    + " pass the request (@Context ContainerRequestContext)");
        }
        return request;
    }

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
