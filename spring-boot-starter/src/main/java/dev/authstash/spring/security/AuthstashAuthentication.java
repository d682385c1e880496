package dev.authstash.spring.security;

import dev.authstash.session.Session;
import java.util.Collection;
import java.util.Objects;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;

/**
 * A valid authstash session as Spring Security's {@code Authentication}: the principal is the session's user id
 * ({@link #getName()}), the details the {@link Session}, no credentials, authorities from {@link AuthstashAuthorities}.
 * Authenticated by construction: it exists only for a session the session filter found valid on this request.
 */
public final class AuthstashAuthentication extends AbstractAuthenticationToken {
    private static final long serialVersionUID = 1L;
    private final transient Session session;

    public AuthstashAuthentication(Session session, Collection<? extends GrantedAuthority> authorities) {
        super(authorities);
        this.session = Objects.requireNonNull(session, "session");
        setDetails(session);
        super.setAuthenticated(true);
    }

    /** The authstash session this authentication stands for. */
    public Session session() {
        return session;
    }

    @Override
    public Object getPrincipal() {
        return session.userId();
    }

    @Override
    public Object getCredentials() {
        return null;
    }

    /** Only {@code false} is accepted (Spring Security's contract for tokens that are trusted by construction). */
    @Override
    public void setAuthenticated(boolean authenticated) {
        if (authenticated) {
            throw new IllegalArgumentException("an AuthstashAuthentication is authenticated by construction");
        }
        super.setAuthenticated(false);
    }
}
