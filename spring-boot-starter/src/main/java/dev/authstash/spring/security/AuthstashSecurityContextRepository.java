package dev.authstash.spring.security;

import dev.authstash.Authstash;
import dev.authstash.servlet.ServletSessions;
import dev.authstash.servlet.SessionFilter;
import dev.authstash.session.Session;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.DeferredSecurityContext;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.context.HttpRequestResponseHolder;
import org.springframework.security.web.context.SecurityContextRepository;

/**
 * Spring Security's {@link SecurityContextRepository} on authstash sessions, in place of the HTTP session:
 * <ul>
 *   <li><b>load</b>: the session authstash's session filter found valid on this request (it runs before Spring
 *       Security's chain) becomes an {@link AuthstashAuthentication}; none, an empty (generated) context;</li>
 *   <li><b>save</b> of a new authentication (form login, remember-me, any filter that saves explicitly): an
 *       authstash session for {@code getName()} with the authorities in the attribute
 *       {@value AuthstashAuthorities#ATTRIBUTE}, its cookie set; a session the request carried is revoked first
 *       (no fixation). Requests that carry their own credentials ({@code Authorization} header: HTTP Basic,
 *       bearer tokens) never create a session;</li>
 *   <li><b>save</b> of an empty context (Spring Security's logout): the request's session is revoked and its cookie
 *       cleared — final on every instance, as every authstash revocation.</li>
 * </ul>
 * Set by the starter on every {@code HttpSecurity}; an application that sets its own repository keeps it (then
 * wire this one in with {@code http.securityContext(c -> c.securityContextRepository(repository))}).
 */
public final class AuthstashSecurityContextRepository implements SecurityContextRepository {
    private final Authstash authstash;
    private final AuthstashAuthorities authorities;
    private final SecurityContextHolderStrategy strategy = SecurityContextHolder.getContextHolderStrategy();

    public AuthstashSecurityContextRepository(Authstash authstash, AuthstashAuthorities authorities) {
        this.authstash = Objects.requireNonNull(authstash, "authstash");
        this.authorities = Objects.requireNonNull(authorities, "authorities");
    }

    @Override
    public DeferredSecurityContext loadDeferredContext(HttpServletRequest request) {
        Session session = request.getAttribute(SessionFilter.SESSION_ATTRIBUTE) instanceof Session s ? s : null;
        return new DeferredSecurityContext() {
            private SecurityContext context;

            @Override
            public SecurityContext get() {
                if (context == null) {
                    context = strategy.createEmptyContext();
                    if (session != null) {
                        context.setAuthentication(new AuthstashAuthentication(session, authorities.authorities(session)));
                    }
                }
                return context;
            }

            @Override
            public boolean isGenerated() {
                return session == null;
            }
        };
    }

    /** @deprecated Spring Security's own contract: use {@link #loadDeferredContext}. */
    @Override
    @Deprecated
    @SuppressWarnings("deprecation")
    public SecurityContext loadContext(HttpRequestResponseHolder holder) {
        return loadDeferredContext(holder.getRequest()).get();
    }

    @Override
    public void saveContext(SecurityContext context, HttpServletRequest request, HttpServletResponse response) {
        Authentication auth = context == null ? null : context.getAuthentication();
        Session carried = request.getAttribute(SessionFilter.SESSION_ATTRIBUTE) instanceof Session s ? s : null;
        if (auth == null) {
            if (carried != null) {
                request.removeAttribute(SessionFilter.SESSION_ATTRIBUTE);
                ServletSessions.signOut(request, response);
            }
            return;
        }
        if (auth instanceof AuthstashAuthentication || auth instanceof AnonymousAuthenticationToken
                || !auth.isAuthenticated() || request.getHeader("Authorization") != null) {
            return;
        }
        if (carried != null) {
            request.removeAttribute(SessionFilter.SESSION_ATTRIBUTE);
            authstash.sessions().revokeSession(carried.userId(), carried.id()); // its cookie is replaced below
        }
        String granted = auth.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .filter(Objects::nonNull).collect(Collectors.joining(","));
        ServletSessions.signIn(request, response, auth.getName(),
                granted.isEmpty() ? Map.of() : Map.of(AuthstashAuthorities.ATTRIBUTE, granted));
    }

    @Override
    public boolean containsContext(HttpServletRequest request) {
        return request.getAttribute(SessionFilter.SESSION_ATTRIBUTE) instanceof Session;
    }
}
