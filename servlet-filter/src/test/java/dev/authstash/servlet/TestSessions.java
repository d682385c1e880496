package dev.authstash.servlet;

import dev.authstash.Authstash;
import java.util.Map;

/** Creates and revokes sessions through core, as an application's sign-in and sign-out would. */
final class TestSessions {
    private TestSessions() {}

    /** A new session for {@code userId}; returns its token. */
    static String create(Authstash authstash, String userId) {
        return authstash.sessions().create(userId, "127.0.0.1", "servlet-test", Map.of()).token();
    }

    static void revoke(Authstash authstash, String token) {
        authstash.sessions().revoke(token);
    }
}
