package dev.authstash.ratelimit;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link HeaderAuthenticator}s an application registered, by header name (case-insensitive). Turns a header
 * value into a client key only when its authenticator vouches for it; the key names the principal, never the
 * value, and is hashed again into the counter key (no value reaches storage in clear). Immutable, thread-safe.
 */
public final class HeaderKeys {
    private static final Logger LOG = LoggerFactory.getLogger(HeaderKeys.class);
    private static final HeaderKeys NONE = new HeaderKeys(Map.of());
    private final Map<String, HeaderAuthenticator> byName;

    private HeaderKeys(Map<String, HeaderAuthenticator> byName) {
        this.byName = byName;
    }

    /** No authenticators: every header key falls back to the client IP. */
    public static HeaderKeys none() {
        return NONE;
    }

    /** @param authenticators header name → authenticator; names compared ignoring case */
    public static HeaderKeys of(Map<String, HeaderAuthenticator> authenticators) {
        Map<String, HeaderAuthenticator> map = new TreeMap<>();
        authenticators.forEach((name, a) -> {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("header name must not be blank");
            }
            map.put(name.strip().toLowerCase(Locale.ROOT), Objects.requireNonNull(a, "authenticator of " + name));
        });
        return map.isEmpty() ? NONE : new HeaderKeys(Map.copyOf(map));
    }

    /** Whether an authenticator is registered for {@code header}. */
    public boolean has(String header) {
        return header != null && byName.containsKey(header.strip().toLowerCase(Locale.ROOT));
    }

    /**
     * The client key for {@code value} of {@code header}: {@code header:<name>\n<principal>} when the header's
     * authenticator vouches for it, else empty (absent or blank value, no authenticator, refused, or it threw).
     */
    public Optional<String> key(String header, String value) {
        if (value == null || value.isBlank() || header == null) {
            return Optional.empty();
        }
        String name = header.strip().toLowerCase(Locale.ROOT);
        HeaderAuthenticator authenticator = byName.get(name);
        if (authenticator == null) {
            return Optional.empty();
        }
        Optional<String> principal;
        try {
            principal = authenticator.principal(value.strip());
        } catch (RuntimeException e) {
            LOG.debug("authstash: the authenticator of header {} threw; the request is keyed by IP: {}", name, e.toString());
            return Optional.empty();
        }
        return principal == null ? Optional.empty()
                : principal.filter(p -> !p.isEmpty()).map(p -> "header:" + name + '\n' + p);
    }
}
