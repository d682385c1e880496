package dev.authstash.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authstash.Authstash;
import dev.authstash.config.AuthstashConfig;
import dev.authstash.ratelimit.OnStorageError;
import dev.authstash.testkit.RedisProcess;
import dev.authstash.web.RequestGate;
import dev.authstash.web.RequestInfo;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * While Redis stalls, the rate limiter answers limited routes with 503 (back-pressure), but a sign-out proceeds to
 * its handler, which revokes (queued while storage is down) and clears the cookie: a user is never kept signed in
 * by a stall.
 */
class SignOutDuringStallTest {
    private RedisProcess redis;
    private Authstash authstash;

    @BeforeEach
    void start() {
        redis = RedisProcess.launch();
        AuthstashConfig config = AuthstashConfig.builder().basePath("/api/auth").redisUrl(redis.url())
                .rateLimitStorage("secondary-storage").rateLimit(60, 100).onStorageError(OnStorageError.DENY)
                .socketTimeoutMillis(100).connectTimeoutMillis(100).poolWaitMillis(100).build();
        authstash = Authstash.builder(config).secret("s".repeat(32)).environment(k -> null).build();
    }

    @AfterEach
    void stop() {
        authstash.close();
        redis.stop();
    }

    /** A POST; the sign-out carries a cookie (a browser's), the sign-ins are an API client's (no origin check). */
    private static RequestInfo post(String path) {
        boolean cookie = path.endsWith("/sign-out");
        return new RequestInfo("POST", path, "203.0.113.9",
                name -> cookie && name.equalsIgnoreCase("Cookie") ? List.of("better-auth.session_token=abc") : List.of());
    }

    @Test
    void aSignOutProceedsWhileOtherLimitedRoutesAnswer503() {
        RequestGate gate = authstash.gate();
        assertThat(dev.authstash.web.GateProbe.rateLimit(gate, post("/api/auth/sign-in/email")).status()).isZero(); // Redis answers: proceed
        Stalls.clientPause(redis.port(), 1500);
        assertThat(dev.authstash.web.GateProbe.rateLimit(gate, post("/api/auth/sign-in/email")).status()).isEqualTo(503);
        assertThat(dev.authstash.web.GateProbe.rateLimit(gate, post("/api/auth/sign-out")).status()).as("sign-out during the stall").isZero();
    }
}
