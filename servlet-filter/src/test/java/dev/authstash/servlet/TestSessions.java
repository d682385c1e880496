package dev.authstash.servlet;

import dev.authstash.Authstash;

/** Creates and revokes sessions through core, as an application's sign-in and sign-out would. */
final class TestSessions {
    private TestSessions() {}

    /** A new session for {@code userId}; returns its token. */
    static String create(Authstash authstash, String userId) {
        return authstash.sessions().create(userId);
    }

    static void revoke(Authstash authstash, String token) {
        authstash.sessions().revoke(token);
    }
}
