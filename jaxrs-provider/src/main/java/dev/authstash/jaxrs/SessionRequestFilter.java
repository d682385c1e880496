package dev.authstash.jaxrs;

import dev.authstash.session.Session;
import dev.authstash.web.GateOutcome;
import dev.authstash.web.Header;
import dev.authstash.web.RequestGate;
import dev.authstash.web.RequestInfo;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Resolves the session of a request (session cookie, else {@code Authorization: Bearer}) through the core
 * session store. With a live session it sets a {@link jakarta.ws.rs.core.SecurityContext} whose principal name
 * is the user id and the request property {@value #SESSION_PROPERTY} (the {@link Session}). The sequence is
 * core's ({@link RequestGate#authenticate}); this filter translates. Cross-site state-changing requests get 403.
 * On {@code session.protectedPaths} a request without a live session gets 401 JSON; when the session store is down
 * (no database copy) or the lookup fails unexpectedly: 503 JSON (a sign-out's still clears the cookie), except outside
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
    /** Request property: {@code List<Header>} response headers from the lookup. */
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

    /** The request as the choreography reads it (the same view the filters used), for {@link JaxrsAttempts}. */
    dev.authstash.web.GateRequest view(ContainerRequestContext request) {
        return RequestInfos.view(request, addresses);
    }

    @Override
    public void filter(ContainerRequestContext request) {
        request.setProperty(FILTER_PROPERTY, this);
        JaxrsSessions.bind(request);
        GateOutcome outcome = gate.authenticate(RequestInfos.view(request, addresses));
        if (!(outcome instanceof GateOutcome.Proceed proceed)) {
            request.abortWith(RequestInfos.toResponse((GateOutcome.Respond) outcome));
            return;
        }
        request.setProperty(LOOKUP_HEADERS, proceed.headers());
        if (proceed.session().isPresent()) {
            Session session = proceed.session().get();
            request.setProperty(SESSION_PROPERTY, session);
            request.setSecurityContext(new SessionSecurityContext(session, request.getSecurityContext()));
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        JaxrsSessions.unbind();
        List<Header> headers = List.of();
        if (request.getProperty(LOOKUP_HEADERS) instanceof List<?> fromLookup) {
            headers = (List<Header>) fromLookup;
        }
        if (request.getProperty(HELPER_HEADERS) instanceof Map<?, ?> fromHelper) {
            headers = Header.merge(headers, Header.of((Map<String, String>) fromHelper));
        }
        boolean cookie = headers.stream().anyMatch(Header::isSetCookie);
        for (Header h : headers) {
            if (h.isSetCookie()) {
                response.getHeaders().add(h.name(), h.value());
            } else if (!h.name().equalsIgnoreCase("Cache-Control") || cookie
                    || !response.getHeaders().containsKey("Cache-Control")) {
                response.getHeaders().putSingle(h.name(), h.value()); // a resource's own Cache-Control stays unless a cookie is set
            }
        }
    }
}
