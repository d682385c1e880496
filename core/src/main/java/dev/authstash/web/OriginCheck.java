package dev.authstash.web;

import dev.authstash.route.PathNormalizer;
import dev.authstash.route.RouteTable;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Cross-site request protection, as Better Auth's {@code trustedOrigins} check: a POST, PUT, PATCH or DELETE under
 * the base path that carries the session cookie, or a browser request to sign-in / sign-up, must come from a
 * trusted origin. See {@link RequestGate#checkOrigin}.
 */
final class OriginCheck {
    static final String INVALID_ORIGIN_BODY = "{\"message\":\"Invalid origin\"}";
    private static final Set<String> STATE_CHANGING = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final RouteTable<Boolean> SIGN_IN = RouteTable.<Boolean>builder()
            .add("/sign-in/**", true).add("/sign-up/**", true).build();

    private final String basePath;
    private final TrustedOrigins trusted;
    private final TokenHeaders tokens;
    private final Scheme scheme;

    OriginCheck(String basePath, TrustedOrigins trusted, TokenHeaders tokens, Scheme scheme) {
        this.basePath = basePath;
        this.trusted = trusted;
        this.tokens = tokens;
        this.scheme = scheme;
    }

    GateResult check(RequestInfo r) {
        if (!STATE_CHANGING.contains(r.method().toUpperCase(Locale.ROOT))) {
            return GateResult.PROCEED;
        }
        String inside;
        try {
            inside = basePath.isEmpty() ? PathNormalizer.normalize(r.path()) : PathNormalizer.within(r.path(), basePath);
        } catch (IllegalArgumentException e) {
            inside = "/"; // unreadable: checked like any path under the base path
        }
        if (inside == null) {
            return GateResult.PROCEED;
        }
        if (tokens.cookie(r.headers("Cookie")) == null) {
            boolean signIn = SIGN_IN.match(inside).isPresent();
            boolean browser = r.has("Cookie") || r.has("Origin") || r.has("Referer") || r.has("Sec-Fetch-Site")
                    || r.has("Sec-Fetch-Mode") || r.has("Sec-Fetch-Dest");
            if (!signIn || !browser || TokenHeaders.bearer(r.header("Authorization")) != null) {
                return GateResult.PROCEED; // Bearer-only and non-browser clients
            }
        }
        return fromTrustedOrigin(r) ? GateResult.PROCEED : new GateResult(403, Map.of(), INVALID_ORIGIN_BODY);
    }

    private boolean fromTrustedOrigin(RequestInfo r) {
        String self = scheme.selfOrigin(r);
        String origin = r.header("Origin");
        if (origin != null && !origin.isBlank()) {
            return !origin.trim().equals("null") && trusted.trusts(TrustedOrigins.origin(origin), self);
        }
        String referer = r.header("Referer");
        if (referer != null && !referer.isBlank()) {
            return trusted.trusts(TrustedOrigins.origin(referer), self);
        }
        return "same-origin".equalsIgnoreCase(r.header("Sec-Fetch-Site"));
    }
}
