package dev.authstash.upstash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.authstash.Authstash;
import dev.authstash.ratelimit.OnStorageError;
import dev.authstash.storage.StorageException;
import dev.authstash.testkit.RedisProcess;
import dev.authstash.testkit.UpstashEndpoint;
import dev.authstash.testkit.UpstashEndpoint.Fault;
import dev.authstash.web.GateResult;
import dev.authstash.web.RequestInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.Jedis;

/**
 * Faults over HTTP — endpoint down, slow past the timeout, 401, 5xx, malformed JSON, truncated body, an HTML
 * error page — give each {@code onStorageError} policy (deny → 503, allow → proceed, local → in-process limit),
 * never an exception out of the gate, never a wait beyond the request timeout (a bound, not a speed measurement);
 * when the fault ends, decisions are made in Redis again.
 */
class UpstashFaultTest {
    private static final int MAX = 3;
    private static RedisProcess redis;
    private static UpstashEndpoint endpoint;
    private final List<Authstash> apps = new ArrayList<>();

    /** A fault, or the endpoint not listening at all. */
    enum Outage { DOWN, SLOW, UNAUTHORIZED, SERVER_ERROR, MALFORMED_JSON, TRUNCATED, HTML }

    @BeforeAll
    static void start() {
        redis = RedisProcess.launch();
        endpoint = UpstashEndpoint.start(redis, "fault-token");
        endpoint.slowMillis(30_000);
    }

    @AfterAll
    static void stop() {
        endpoint.close();
        redis.close();
    }

    @BeforeEach
    void flush() {
        try (Jedis j = redis.jedis()) {
            j.flushAll();
        }
    }

    @AfterEach
    void heal() {
        endpoint.fault(Fault.NONE);
        endpoint.start();
        apps.forEach(Authstash::close);
    }

    private Authstash app(OnStorageError policy) {
        Authstash a = Upstash.instance(Upstash.config(endpoint, "{ \"window\": 60, \"max\": " + MAX
                + ", \"onStorageError\": \"" + policy.name().toLowerCase(Locale.ROOT) + "\" }", 500));
        apps.add(a);
        return a;
    }

    private static void inject(Outage o) {
        if (o == Outage.DOWN) {
            endpoint.stop();
        } else {
            endpoint.fault(Fault.valueOf(o.name()));
        }
    }

    private static GateResult signIn(Authstash a, String client) {
        return a.gate().rateLimit(RequestInfo.of("POST", "/api/auth/sign-in/email", client));
    }

    @ParameterizedTest
    @EnumSource(Outage.class)
    void eachFaultGivesTheConfiguredPolicyWithinTheTimeout(Outage outage) {
        Authstash deny = app(OnStorageError.DENY);
        Authstash allow = app(OnStorageError.ALLOW);
        Authstash local = app(OnStorageError.LOCAL);
        assertThat(signIn(deny, "192.0.2.1").proceed()).isTrue(); // decided in Redis
        inject(outage);
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            assertThatThrownBy(() -> deny.storage().get("k")).isInstanceOf(StorageException.class)
                    .hasMessageNotContaining("fault-token");
            for (int i = 0; i < 2 * MAX; i++) {
                GateResult denied = signIn(deny, "192.0.2.1");
                assertThat(denied.status()).isEqualTo(503);
                assertThat(denied.headers()).containsKey("Retry-After");
                assertThat(signIn(allow, "192.0.2.1").proceed()).isTrue();
            }
            List<Integer> locally = new ArrayList<>();
            for (int i = 0; i < 2 * MAX; i++) {
                locally.add(signIn(local, "192.0.2.2").status());
            }
            assertThat(locally).containsExactly(0, 0, 0, 429, 429, 429);
        }, "a fault must never hold a request beyond the timeout");
        endpoint.fault(Fault.NONE);
        endpoint.start();
        assertThat(eventually(() -> signIn(deny, "192.0.2.3").proceed())).isTrue();
        try (Jedis j = redis.jedis()) {
            assertThat(j.keys("authstash:rl:*")).as("decisions are made in Redis again").hasSizeGreaterThanOrEqualTo(2);
        }
    }

    /** Polls for at most 10 s (the breaker lets one probe through per open period of 1 s). */
    private static boolean eventually(java.util.function.BooleanSupplier check) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (check.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }
}
