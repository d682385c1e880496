package dev.authstash.spring.security;

import dev.authstash.session.Session;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * The authorities of an authstash session in Spring Security. Declare a bean of this type to map your own; the
 * default reads the session attribute {@value #ATTRIBUTE} (comma-separated, e.g. {@code ROLE_USER,ROLE_ADMIN}),
 * which the bridge writes when a Spring Security login creates the session.
 */
@FunctionalInterface
public interface AuthstashAuthorities {
    /** Session attribute holding the authorities, comma-separated. */
    String ATTRIBUTE = "authorities";

    Collection<? extends GrantedAuthority> authorities(Session session);

    /** The default: the {@value #ATTRIBUTE} attribute. */
    static AuthstashAuthorities fromAttribute() {
        return session -> {
            String value = session.attributes().get(ATTRIBUTE);
            if (value == null || value.isBlank()) {
                return List.of();
            }
            return Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                    .map(SimpleGrantedAuthority::new).toList();
        };
    }
}
