package dev.authstash.sample;

import com.fasterxml.jackson.databind.JsonNode;
import dev.authstash.Authstash;
import dev.authstash.config.ConfigException;
import dev.authstash.ratelimit.BlockedKey;
import dev.authstash.ratelimit.CustomRule;
import dev.authstash.ratelimit.RateLimitRule;
import dev.authstash.ratelimit.RuleOverrides;
import dev.authstash.ratelimit.RuleOverridesConflictException;
import dev.authstash.session.Session;
import dev.authstash.session.SessionStorageUnavailableException;
import dev.authstash.storage.StorageException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Operator endpoints under {@code /api/admin/*}: 404 unless the environment sets {@code ADMIN_TOKEN}, then each needs
 * {@code Authorization: Bearer <ADMIN_TOKEN>} (401 otherwise; compared in constant time). They are what an application
 * copies to reach authstash's operations API ({@link Authstash#rateLimitState}, {@link Authstash#blockedKeys},
 * {@link Authstash#setRuleOverrides}, {@link Authstash#unlock}, session revocation):
 * <ul>
 *   <li>{@code GET /api/admin/rate-limits}: rules in force, overrides, blocked keys (hashes);</li>
 *   <li>{@code PUT /api/admin/rate-limits}: body a {@code customRules} document; optional {@code If-Match: "<version>"}
 *       (409 when the overrides moved on); 400 naming the JSON path when invalid;</li>
 *   <li>{@code DELETE /api/admin/rate-limits}: back to the file's rules;</li>
 *   <li>{@code POST /api/admin/unlock} {@code {"email": …}};</li>
 *   <li>{@code POST /api/admin/revoke} {@code {"userId": …}} (every session) or {@code {"sessionId": …}}.</li>
 * </ul>
 */
public final class AdminServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(AdminServlet.class);
    private static final int BLOCKED_SHOWN = 100;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Services services = Services.of(getServletContext());
        Exchange exchange = new Exchange(request, response, services);
        response.setHeader("Cache-Control", "no-store");
        String path = request.getPathInfo() == null ? "/" : request.getPathInfo();
        String route = request.getMethod() + " " + path;
        try {
            if (services.adminToken().isEmpty()) {
                throw new ApiError(404, "Not found");
            }
            if (!authorized(request.getHeader("Authorization"), services.adminToken())) {
                response.setHeader("WWW-Authenticate", "Bearer");
                throw new ApiError(401, "Unauthorized");
            }
            AuthServlet.requireJson(request);
            Authstash authstash = services.authstash();
            switch (route) {
                case "GET /rate-limits" -> exchange.json(200, rateLimits(authstash));
                case "PUT /rate-limits" -> exchange.json(200, overrides(setOverrides(request, authstash)));
                case "DELETE /rate-limits" -> exchange.json(200, overrides(authstash.removeRuleOverrides(
                        expectedVersion(request, authstash), actor(request))));
                case "POST /unlock" -> exchange.json(200, Map.of("reset", unlock(exchange, authstash)));
                case "POST /revoke" -> exchange.json(200, revoke(exchange, services));
                default -> throw path.equals("/rate-limits") || path.equals("/unlock") || path.equals("/revoke")
                        ? new ApiError(405, "Method not allowed") : new ApiError(404, "Not found");
            }
        } catch (ApiError e) {
            exchange.json(e.status(), Map.of("message", e.getMessage()));
        } catch (ConfigException e) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("message", e.getMessage());
            body.put("path", e.path());
            exchange.json(400, body);
        } catch (RuleOverridesConflictException e) {
            exchange.json(409, Map.of("message", e.getMessage(), "version", e.currentVersion()));
        } catch (IllegalArgumentException e) {
            exchange.json(400, Map.of("message", e.getMessage()));
        } catch (SessionStorageUnavailableException | StorageException e) {
            response.setHeader("Retry-After", "1");
            exchange.json(503, Map.of("message", "Service temporarily unavailable. Please try again later."));
        } catch (RuntimeException e) {
            LOG.error("{} /api/admin{} failed", request.getMethod(), path, e);
            exchange.json(500, Map.of("message", "Internal server error"));
        }
    }

    /** {@code Bearer <token>}, compared in constant time (SHA-256 of both, so neither length nor prefix leaks). */
    static boolean authorized(String header, String token) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return MessageDigest.isEqual(sha256(header.substring(7).strip()), sha256(token));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Who, for the overrides' log line: the caller's address (the token itself names nobody). */
    private static String actor(HttpServletRequest request) {
        return "admin-token@" + request.getRemoteAddr();
    }

    private static RuleOverrides setOverrides(HttpServletRequest request, Authstash authstash) throws IOException {
        byte[] body = request.getInputStream().readNBytes(Json.MAX_BODY + 1);
        if (body.length > Json.MAX_BODY) {
            throw new ApiError(413, "Request body too large");
        }
        return authstash.setRuleOverrides(new String(body, StandardCharsets.UTF_8), expectedVersion(request, authstash),
                actor(request));
    }

    /** {@code If-Match: "<version>"} when given (compare-and-set against it), else the version in force here. */
    private static long expectedVersion(HttpServletRequest request, Authstash authstash) {
        String ifMatch = request.getHeader("If-Match");
        if (ifMatch == null || ifMatch.isBlank()) {
            return authstash.ruleOverrides().version();
        }
        String v = ifMatch.strip();
        if (v.startsWith("W/")) {
            v = v.substring(2);
        }
        v = v.replace("\"", "");
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("If-Match must be a version such as \"3\"");
        }
    }

    private static int unlock(Exchange exchange, Authstash authstash) throws IOException {
        String email = exchange.field("email");
        try {
            return authstash.unlock(email);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("email is required");
        }
    }

    private static Map<String, Object> revoke(Exchange exchange, Services services) throws IOException {
        var body = exchange.body();
        boolean byUser = body.hasNonNull("userId");
        boolean bySession = body.hasNonNull("sessionId");
        if (byUser == bySession) {
            throw ApiError.badRequest("give userId or sessionId");
        }
        if (byUser) {
            String userId = exchange.field("userId");
            int live = services.authstash().sessions().list(userId).size();
            services.authstash().sessions().revokeAll(userId);
            return Map.of("revoked", live);
        }
        String id = exchange.field("sessionId");
        Optional<Session> row = services.sessionDatabase().findActive(id, Instant.now());
        if (row.isEmpty() || !services.authstash().sessions().revokeSession(row.get().userId(), id)) {
            throw new ApiError(404, "Session not found");
        }
        return Map.of("revoked", 1);
    }

    private static Map<String, Object> rateLimits(Authstash authstash) {
        Map<String, Object> rules = new LinkedHashMap<>();
        for (CustomRule r : authstash.rateLimiter().customRules()) {
            if (!r.limited()) {
                rules.put(r.glob(), false);
            } else if (r.rules().size() == 1) {
                rules.put(r.glob(), r.rules().get(0).describe());
            } else {
                rules.put(r.glob(), r.rules().stream().map(RateLimitRule::describe).toList());
            }
        }
        List<Map<String, Object>> blocked = new ArrayList<>();
        for (BlockedKey k : authstash.blockedKeys(BLOCKED_SHOWN)) {
            blocked.add(Map.of("rule", k.rule(), "keyHash", k.keyHash(), "until", k.until().toString()));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("default", authstash.rateLimiter().globalRule().describe());
        out.put("customRules", rules);
        out.put("overrides", overrides(authstash.ruleOverrides()));
        out.put("blocked", blocked);
        return out;
    }

    private static Map<String, Object> overrides(RuleOverrides o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", o.version());
        JsonNode rules = null;
        if (o.customRules() != null) {
            try {
                rules = Json.MAPPER.readTree(o.customRules());
            } catch (IOException e) {
                rules = null; // stored by this API, so valid JSON
            }
        }
        m.put("customRules", rules);
        m.put("by", o.by());
        m.put("at", o.at() == null ? null : o.at().toString());
        return m;
    }
}
