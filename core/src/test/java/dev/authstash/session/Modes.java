package dev.authstash.session;

import java.time.Duration;
import java.util.List;

/** Session settings of the three modes, other options at their defaults. */
final class Modes {
    private Modes() {}

    static SessionSettings storeInDatabase(boolean preserve) {
        return new SessionSettings(Duration.ofDays(7), Duration.ofDays(1), true, preserve, "authstash.session_token",
                "authstash_session", List.of());
    }
}
