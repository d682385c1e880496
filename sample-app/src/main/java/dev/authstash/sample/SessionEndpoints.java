package dev.authstash.sample;

import dev.authstash.session.Session;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/** {@code list-sessions}, {@code revoke-session}, {@code revoke-sessions}, {@code revoke-other-sessions}. */
final class SessionEndpoints {
    private SessionEndpoints() {}

    static void register(Map<String, AuthServlet.Endpoint> routes) {
        routes.put("GET /list-sessions", SessionEndpoints::list);
        routes.put("POST /revoke-session", SessionEndpoints::revokeOne);
        routes.put("POST /revoke-sessions", SessionEndpoints::revokeAll);
        routes.put("POST /revoke-other-sessions", SessionEndpoints::revokeOthers);
    }

    /** 200 the user's active sessions, oldest first: ids (for revoke-session's sessionId), never tokens. */
    static void list(Exchange ex) throws IOException {
        Session current = ex.session();
        List<Map<String, Object>> sessions = ex.services.authstash().sessions().list(current.userId()).stream()
                .map(AccountEndpoints::sessionJson).toList();
        ex.json(200, sessions);
    }

    /**
     * {sessionId} (an id from list-sessions) or {token}: revokes that session if it is one of the caller's, finally
     * (as a sign-out); 404 otherwise (others' sessions are not revealed).
     */
    static void revokeOne(Exchange ex) throws IOException {
        Session current = ex.session();
        var sessions = ex.services.authstash().sessions();
        if (ex.body().hasNonNull("sessionId")) {
            if (!sessions.revokeSession(current.userId(), ex.field("sessionId"))) {
                throw new ApiError(404, "Session not found");
            }
            ex.json(200, Map.of("status", true));
            return;
        }
        if (!ex.body().hasNonNull("token")) {
            throw new ApiError(400, "token or sessionId is required");
        }
        String token = ex.field("token");
        boolean mine = ex.services.authstash().gate().session(token)
                .filter(s -> s.userId().equals(current.userId())).isPresent();
        if (!mine) {
            throw new ApiError(404, "Session not found");
        }
        sessions.revoke(token);
        ex.json(200, Map.of("status", true));
    }

    /** Revokes every session of the caller, the current one included. */
    static void revokeAll(Exchange ex) throws IOException {
        Session current = ex.session();
        ex.services.authstash().sessions().revokeAll(current.userId());
        ex.clearSessionCookie();
        ex.json(200, Map.of("status", true));
    }

    /** Revokes every session of the caller except the current one. */
    static void revokeOthers(Exchange ex) throws IOException {
        Session current = ex.session();
        ex.services.authstash().sessions().revokeOthers(current.userId(), ex.token());
        ex.json(200, Map.of("status", true));
    }
}
