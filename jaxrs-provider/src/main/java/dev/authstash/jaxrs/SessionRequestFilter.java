package dev.authstash.jaxrs;

import dev.authstash.session.Session;
import dev.authstash.session.SessionStorageUnavailableException;
import dev.authstash.web.GateResult;
import dev.authstash.web.RequestGate;
import dev.authstash.web.RequestInfo;
import dev.authstash.web.SessionLookup;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Resolves the session of a request (session cookie, else {@code Authorization: Bearer}) through the core
 * session store. With a live session it sets a {@link jakarta.ws.rs.core.SecurityContext} whose principal name
 * is the user id and the request property {@value #SESSION_PROPERTY} (the {@link Session}). Cross-site
 * state-changing requests get 403 ({@link RequestGate#checkOrigin}). On {@code session.protectedPaths} a request
 * without a live session gets 401 JSON; when the session store is down (no database copy),
 * {@link RequestGate#sessionStorageDown}: 503 JSON (a sign-out's still clears the cookie), except outside
 * protected paths under {@code rateLimit.onStorageError: allow}, where the request proceeds without a session. The response half adds {@code Cache-Control: no-store} when there is a session, re-issues the cookie
 * when the lookup extended the session, clears it when its session is gone, and writes what
 * {@link JaxrsSessions} asked for. Pre-matching, so protected paths are checked for every spelling; registered by
 * {@link AuthstashFeature} at priority {@link #PRIORITY}.
 */
@PreMatching
public final class SessionRequestFilter implements ContainerRequestFilter, ContainerResponseFilter {
    /** Request property holding the {@link Session} of an authenticated request. */
    public static final String SESSION_PROPERTY = "dev.authstash.session";
    public static final int PRIORITY = Priorities.AUTHENTICATION;
    /** Request property: this filter, for {@link JaxrsSessions}. */
    static final String FILTER_PROPERTY = "dev.authstash.jaxrs.sessionFilter";
    /** Request property: {@code Map<String,String>} response headers from the lookup. */
    static final String LOOKUP_HEADERS = "dev.authstash.jaxrs.lookupHeaders";
    /** Request property: {@code Map<String,String>} response headers from {@link JaxrsSessions}; they win. */
    static final String HELPER_HEADERS = "dev.authstash.jaxrs.helperHeaders";

    private final RequestGate gate;
    private final ClientAddressResolver addresses;

    public SessionRequestFilter(RequestGate gate, ClientAddressResolver addresses) {
        this.gate = Objects.requireNonNull(gate, "gate");
        this.addresses = Objects.requireNonNull(addresses, "addresses");
    }

    RequestGate gate() {
        return gate;
    }

    RequestInfo info(ContainerRequestContext request) {
        return RequestInfos.of(request, addresses);
    }

    @Override
    public void filter(ContainerRequestContext request) {
        request.setProperty(FILTER_PROPERTY, this);
        JaxrsSessions.bind(request);
        RequestInfo info = info(request);
        GateResult origin = gate.checkOrigin(info);
        if (!origin.proceed()) {
            request.abortWith(RequestInfos.toResponse(origin));
            return;
        }
        SessionLookup lookup;
        try {
            lookup = gate.lookup(info);
        } catch (SessionStorageUnavailableException e) {
            GateResult down = gate.sessionStorageDown(info);
            if (!down.proceed()) {
                request.abortWith(RequestInfos.toResponse(down));
                return;
            }
            lookup = new SessionLookup(java.util.Optional.empty(), null, java.util.Map.of());
        }
        request.setProperty(LOOKUP_HEADERS, lookup.headers());
        if (lookup.session().isPresent()) {
            Session session = lookup.session().get();
            request.setProperty(SESSION_PROPERTY, session);
            request.setSecurityContext(new SessionSecurityContext(session, request.getSecurityContext()));
            return;
        }
        if (gate.requiresSession(info)) {
            request.abortWith(RequestInfos.toResponse(gate.unauthorized()));
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        JaxrsSessions.unbind();
        Map<String, String> headers = new LinkedHashMap<>();
        if (request.getProperty(LOOKUP_HEADERS) instanceof Map<?, ?> fromLookup) {
            headers.putAll((Map<String, String>) fromLookup);
        }
        if (request.getProperty(HELPER_HEADERS) instanceof Map<?, ?> fromHelper) {
            headers.putAll((Map<String, String>) fromHelper);
        }
        headers.forEach((name, value) -> {
            if (name.equalsIgnoreCase("Set-Cookie")) {
                response.getHeaders().add(name, value);
            } else {
                response.getHeaders().putSingle(name, value);
            }
        });
    }
}
