package dev.authstash.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.authstash.Authstash;
import dev.authstash.config.ConfigException;
import dev.authstash.config.ConfigLoader;
import dev.authstash.session.CreatedSession;
import dev.authstash.session.Session;
import dev.authstash.testkit.MutableClock;
import dev.authstash.web.ChoreographyTest.View;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Issue 21 §3: {@code session.freshAge} / {@code freshPaths} (403 when stale) and {@code deferSessionRefresh}. */
class FreshAndDeferredGateTest {
    private final MutableClock clock = new MutableClock();
    private Authstash authstash;

    @AfterEach
    void close() {
        if (authstash != null) {
            authstash.close();
        }
    }

    private RequestGate gate(String session) {
        authstash = Authstash.builder(ConfigLoader.parse("{\"basePath\": \"/api/auth\", \"session\": " + session + "}",
                k -> null)).clock(clock).environment(k -> null).build();
        return authstash.gate();
    }

    private static View bearer(String method, String path, CreatedSession c) {
        return View.of(method, path, "Authorization", "Bearer " + c.token());
    }

    private static View cookie(String method, String path, CreatedSession c) {
        return View.of(method, path, "Cookie", "authstash.session_token=" + c.token());
    }

    private static int status(GateOutcome o) {
        return o instanceof GateOutcome.Respond r ? r.status() : 200;
    }

    @Test
    void aFreshPathNeedsASessionSignedInWithinFreshAge() {
        RequestGate gate = gate("{\"freshAge\": 600, \"freshPaths\": [\"/api/account/delete\", \"/api/auth/revoke-*\"]}");
        CreatedSession c = authstash.sessions().create("user-1", null, null, null);
        assertThat(status(gate.before(bearer("POST", "/api/account/delete", c)))).isEqualTo(200);
        assertThat(status(gate.before(View.of("POST", "/api/account/delete")))).isEqualTo(401);

        clock.advance(Duration.ofSeconds(600));
        assertThat(status(gate.before(bearer("POST", "/api/auth/revoke-sessions", c)))).isEqualTo(200);
        clock.advance(Duration.ofSeconds(1));
        GateOutcome stale = gate.before(bearer("POST", "/api/account/delete", c));
        assertThat(stale).isInstanceOfSatisfying(GateOutcome.Respond.class, r -> {
            assertThat(r.status()).isEqualTo(403);
            assertThat(r.body()).isEqualTo("{\"message\":\"Session is not fresh\"}");
        });
        assertThat(status(gate.before(bearer("POST", "/api/auth/revoke-sessions", c)))).isEqualTo(403);
        assertThat(status(gate.before(bearer("GET", "/api/account/profile", c)))).as("not a fresh path").isEqualTo(200);
        assertThat(status(gate.before(bearer("POST", "/api/account/%zz", c)))).as("unreadable path").isEqualTo(400);

        Session session = authstash.sessions().find(c.token()).orElseThrow();
        assertThat(gate.fresh(session)).isFalse();
        CreatedSession again = authstash.sessions().create("user-1", null, null, null); // signing in again
        assertThat(status(gate.before(bearer("POST", "/api/account/delete", again)))).isEqualTo(200);
        assertThat(gate.fresh(again.session())).isTrue();
    }

    @Test
    void freshAgeZeroMakesEverySessionFreshAndTheDefaultIsOneDay() {
        RequestGate gate = gate("{\"freshAge\": 0, \"freshPaths\": [\"/api/account/**\"]}");
        CreatedSession c = authstash.sessions().create("user-1", null, null, null);
        clock.advance(Duration.ofDays(6));
        assertThat(status(gate.before(bearer("POST", "/api/account/delete", c)))).isEqualTo(200);
        close();
        RequestGate defaults = gate("{\"freshPaths\": [\"/api/account/**\"]}");
        CreatedSession d = authstash.sessions().create("user-1", null, null, null);
        clock.advance(Duration.ofHours(24));
        assertThat(status(defaults.before(bearer("POST", "/api/account/x", d)))).isEqualTo(200);
        clock.advance(Duration.ofSeconds(1));
        assertThat(status(defaults.before(bearer("POST", "/api/account/x", d)))).isEqualTo(403);
    }

    @Test
    void badFreshSettingsNameTheirPath() {
        assertThatThrownBy(() -> ConfigLoader.parse("{\"session\":{\"freshAge\":-1}}", k -> null))
                .isInstanceOf(ConfigException.class)
                .hasMessage("session.freshAge: must be a non-negative integer (seconds), got -1");
        assertThatThrownBy(() -> ConfigLoader.parse("{\"session\":{\"freshPaths\":[\"no-slash\"]}}", k -> null))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("session.freshPaths[0]: ");
        assertThatThrownBy(() -> ConfigLoader.parse("{\"session\":{\"freshPaths\":\"/a\"}}", k -> null))
                .isInstanceOf(ConfigException.class)
                .hasMessage("session.freshPaths: expected an array of strings, got \"/a\"");
        assertThatThrownBy(() -> ConfigLoader.parse("{\"session\":{\"maximumSessions\":0}}", k -> null))
                .isInstanceOf(ConfigException.class)
                .hasMessage("session.maximumSessions: must be an integer from 1 to 100000, got 0");
        assertThatThrownBy(() -> ConfigLoader.parse("{\"session\":{\"maximumSessions\":\"5\"}}", k -> null))
                .isInstanceOf(ConfigException.class)
                .hasMessage("session.maximumSessions: expected an integer, got \"5\"");
        assertThatThrownBy(() -> ConfigLoader.parse("{\"session\":{\"deferSessionRefresh\":1}}", k -> null))
                .isInstanceOf(ConfigException.class)
                .hasMessage("session.deferSessionRefresh: expected true or false, got 1");
        assertThatThrownBy(() -> ConfigLoader.parse("{\"session\":{\"maximumSession\":5}}", k -> null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("maximumSessions");
    }

    @Test
    void withDeferredRefreshAGetNeverWritesAndTheNextPostRefreshes() {
        RequestGate gate = gate("{\"updateAge\": 60, \"deferSessionRefresh\": true}");
        CreatedSession c = authstash.sessions().create("user-1", null, null, null);
        clock.advance(Duration.ofMinutes(5));
        for (String method : new String[] {"GET", "HEAD", "OPTIONS"}) {
            GateOutcome read = gate.authenticate(cookie(method, "/api/auth/get-session", c));
            assertThat(read).isInstanceOfSatisfying(GateOutcome.Proceed.class, p -> {
                assertThat(p.session().orElseThrow().expiresAt()).isEqualTo(c.session().expiresAt());
                assertThat(p.headers()).extracting(Header::name).doesNotContain("Set-Cookie");
            });
        }
        assertThat(authstash.sessions().find(c.token(), null, false).orElseThrow().updatedAt())
                .as("nothing written").isEqualTo(c.session().updatedAt());
        GateOutcome post = gate.authenticate(cookie("POST", "/api/account/update", c));
        assertThat(post).isInstanceOfSatisfying(GateOutcome.Proceed.class, p -> {
            assertThat(p.session().orElseThrow().expiresAt()).isEqualTo(clock.instant().plus(Duration.ofDays(7)));
            assertThat(p.headers()).extracting(Header::name).contains("Set-Cookie");
        });
        assertThat(gate.lookup(Choreography.info(cookie("GET", "/api/auth/get-session", c))).session())
                .get().extracting(Session::expiresAt).isEqualTo(clock.instant().plus(Duration.ofDays(7)));
    }

    @Test
    void withoutDeferredRefreshAGetRefreshesAsBefore() {
        RequestGate gate = gate("{\"updateAge\": 60}");
        CreatedSession c = authstash.sessions().create("user-1", null, null, null);
        clock.advance(Duration.ofMinutes(5));
        GateOutcome read = gate.authenticate(cookie("GET", "/api/auth/get-session", c));
        assertThat(read).isInstanceOfSatisfying(GateOutcome.Proceed.class, p ->
                assertThat(p.session().orElseThrow().expiresAt()).isEqualTo(clock.instant().plus(Duration.ofDays(7))));
    }
}
