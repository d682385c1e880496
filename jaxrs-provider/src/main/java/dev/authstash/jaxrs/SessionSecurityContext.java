package dev.authstash.jaxrs;

import dev.authstash.session.Session;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;

/** The security context of a request with a live authstash session: principal name = user id, no roles. */
final class SessionSecurityContext implements SecurityContext {
    /** {@link #getAuthenticationScheme()} of session-authenticated requests. */
    static final String SCHEME = "authstash-session";

    private final Principal principal;
    private final boolean secure;

    SessionSecurityContext(Session session, SecurityContext original) {
        String userId = session.userId();
        this.principal = new Principal() {
            @Override
            public String getName() {
                return userId;
            }

            @Override
            public String toString() {
                return "authstash user " + userId;
            }
        };
        this.secure = original != null && original.isSecure();
    }

    @Override
    public Principal getUserPrincipal() {
        return principal;
    }

    @Override
    public boolean isUserInRole(String role) {
        return false;
    }

    @Override
    public boolean isSecure() {
        return secure;
    }

    @Override
    public String getAuthenticationScheme() {
        return SCHEME;
    }
}
