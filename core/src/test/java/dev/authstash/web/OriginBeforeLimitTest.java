package dev.authstash.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authstash.Authstash;
import dev.authstash.config.ConfigLoader;
import dev.authstash.testkit.MutableClock;
import dev.authstash.web.ChoreographyTest.View;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 20 §4: the origin check runs before the rate limit. Cross-site {@code text/plain} form posts (answered 403)
 * use up nothing of the visitor's (or a whole NAT's) sign-in quota, for a rule counting every request and for one
 * counting failures only.
 */
class OriginBeforeLimitTest {
    private final MutableClock clock = new MutableClock();
    private Authstash authstash;

    @AfterEach
    void close() {
        if (authstash != null) {
            authstash.close();
        }
    }

    private RequestGate gate(String count) {
        authstash = Authstash.builder(ConfigLoader.parse("""
                {"basePath": "/api/auth", "rateLimit": {"customRules": {
                  "/sign-in/email": {"window": 60, "max": 3, "count": "%s"}}}}""".formatted(count), k -> null))
                .clock(clock).environment(k -> null).build();
        return authstash.gate();
    }

    private static final View CROSS_SITE = View.of("POST", "/api/auth/sign-in/email", "Origin", "https://evil.example",
            "Content-Type", "text/plain", "Sec-Fetch-Site", "cross-site");

    @Test
    void crossSiteFormsAnswered403CountNothing() {
        for (String count : new String[] {"all", "failures"}) {
            RequestGate gate = gate(count);
            for (int i = 0; i < 5; i++) {
                GateOutcome refused = gate.before(CROSS_SITE);
                assertThat(refused).isInstanceOfSatisfying(GateOutcome.Respond.class, r -> {
                    assertThat(r.status()).isEqualTo(403);
                    assertThat(r.body()).isEqualTo("{\"message\":\"Invalid origin\"}");
                });
            }
            View signIn = View.of("POST", "/api/auth/sign-in/email").body("{\"email\":\"a@x.io\"}");
            for (int i = 0; i < 3; i++) {
                GateOutcome ok = gate.before(signIn);
                assertThat(ok).as(count + ": the quota is whole, request " + (i + 1))
                        .isInstanceOf(GateOutcome.Proceed.class);
                gate.after((GateOutcome.Proceed) ok, 401);
            }
            assertThat(gate.before(signIn)).isInstanceOfSatisfying(GateOutcome.Respond.class,
                    r -> assertThat(r.status()).isEqualTo(429));
            authstash.close();
            authstash = null;
        }
    }
}
