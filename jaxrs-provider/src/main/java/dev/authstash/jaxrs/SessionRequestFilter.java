package dev.authstash.jaxrs;

import dev.authstash.session.Session;
import dev.authstash.session.SessionStorageUnavailableException;
import dev.authstash.web.GateResult;
import dev.authstash.web.RequestGate;
import dev.authstash.web.RequestInfo;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Resolves the session of a request (session cookie, else {@code Authorization: Bearer}) through the core
 * session store. With a live session it sets a {@link jakarta.ws.rs.core.SecurityContext} whose principal name
 * is the user id and the request property {@value #SESSION_PROPERTY} (the {@link Session}). On
 * {@code session.protectedPaths} a request without a live session gets 401 JSON; when the session store is
 * down (no database copy), {@link RequestGate#sessionStorageDown}: 503 JSON, except outside protected paths
 * under {@code rateLimit.onStorageError: allow}, where the request proceeds without a session. Pre-matching, so protected paths are checked for every spelling; registered by
 * {@link AuthstashFeature} at priority {@link #PRIORITY}.
 */
@PreMatching
public final class SessionRequestFilter implements ContainerRequestFilter {
    /** Request property holding the {@link Session} of an authenticated request. */
    public static final String SESSION_PROPERTY = "dev.authstash.session";
    public static final int PRIORITY = Priorities.AUTHENTICATION;

    private final RequestGate gate;
    private final ClientAddressResolver addresses;

    public SessionRequestFilter(RequestGate gate, ClientAddressResolver addresses) {
        this.gate = Objects.requireNonNull(gate, "gate");
        this.addresses = Objects.requireNonNull(addresses, "addresses");
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String token = gate.sessionToken(cookies(request), request.getHeaderString("Authorization"));
        Optional<Session> session;
        try {
            session = token == null ? Optional.empty() : gate.session(token);
        } catch (SessionStorageUnavailableException e) {
            GateResult down = gate.sessionStorageDown(RequestInfos.of(request, addresses));
            if (!down.proceed()) {
                request.abortWith(RequestInfos.toResponse(down));
                return;
            }
            session = Optional.empty();
        }
        if (session.isPresent()) {
            request.setProperty(SESSION_PROPERTY, session.get());
            request.setSecurityContext(new SessionSecurityContext(session.get(), request.getSecurityContext()));
            return;
        }
        RequestInfo info = RequestInfos.of(request, addresses);
        if (gate.requiresSession(info)) {
            request.abortWith(RequestInfos.toResponse(gate.unauthorized()));
        }
    }

    /** All {@code Cookie} header lines as one value (HTTP/2 clients may split cookies over several). */
    private static String cookies(ContainerRequestContext request) {
        List<String> lines = request.getHeaders().get("Cookie");
        return lines == null || lines.isEmpty() ? null : String.join("; ", lines);
    }
}
