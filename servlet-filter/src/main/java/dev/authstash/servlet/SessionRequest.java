package dev.authstash.servlet;

import dev.authstash.session.Session;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.security.Principal;

/** A request whose user is the session's user. */
final class SessionRequest extends HttpServletRequestWrapper {
    /** The authentication scheme reported by {@link #getAuthType()}. */
    static final String AUTH_TYPE = "AUTHSTASH";
    private final SessionPrincipal principal;

    SessionRequest(HttpServletRequest request, Session session) {
        super(request);
        this.principal = new SessionPrincipal(session.userId());
    }

    @Override
    public Principal getUserPrincipal() {
        return principal;
    }

    @Override
    public String getRemoteUser() {
        return principal.getName();
    }

    @Override
    public String getAuthType() {
        return AUTH_TYPE;
    }

    /** The user of a session; {@link #getName()} is the user id. */
    record SessionPrincipal(String userId) implements Principal {
        @Override
        public String getName() {
            return userId;
        }
    }
}
