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
 * when the fault ends, decisions are made in Redis again. A slow endpoint is back-pressure until the breaker
 * opens (503 under every policy: a slow reply never lifts a limit), then the policy applies.
 */
class UpstashFaultTest {
    private static final int MAX = 3;
    /** The breaker's default failure threshold: timeouts before it opens. */
    private static final int BUSY_AT_MOST = 5;
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

    /** {@code n} sign-ins of {@code client}: each status, 0 = proceed; a 503 always carries Retry-After. */
    private static List<Integer> statuses(Authstash a, String client, int n) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            GateResult r = signIn(a, client);
            if (r.status() == 503) {
                assertThat(r.headers()).containsKey("Retry-After");
            }
            out.add(r.status());
        }
        return out;
    }

    /**
     * A reply that times out while the breaker is closed is back-pressure, not an outage (503 whatever the
     * policy); consecutive timeouts open the breaker, and from then on the policy applies. Other faults get the
     * policy at once. Returns the statuses after those leading 503s.
     */
    private static List<Integer> policyAfterBusy(Outage outage, List<Integer> statuses) {
        int busy = 0;
        while (busy < statuses.size() && statuses.get(busy) == 503) {
            busy++;
        }
        assertThat(busy).as("503s before the policy applies").isLessThanOrEqualTo(outage == Outage.SLOW
                ? BUSY_AT_MOST : 0);
        return statuses.subList(busy, statuses.size());
    }

    private static GateResult signIn(Authstash a, String client) {
        return dev.authstash.web.GateProbe.rateLimit(a.gate(), RequestInfo.of("POST", "/api/auth/update-user", client));
    }

    @ParameterizedTest
    @EnumSource(Outage.class)
    void eachFaultGivesTheConfiguredPolicyWithinTheTimeout(Outage outage) {
        Authstash deny = app(OnStorageError.DENY);
        Authstash allow = app(OnStorageError.ALLOW);
        Authstash local = app(OnStorageError.LOCAL);
        assertThat(signIn(deny, "192.0.2.1").proceed()).isTrue(); // decided in Redis
        inject(outage);
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            assertThatThrownBy(() -> deny.storage().get("k")).isInstanceOf(StorageException.class)
                    .hasMessageNotContaining("fault-token");
            List<Integer> denied = statuses(deny, "192.0.2.1", 2 * MAX);
            assertThat(denied).containsOnly(503);
            assertThat(policyAfterBusy(outage, statuses(allow, "192.0.2.1", 2 * MAX + BUSY_AT_MOST)))
                    .hasSizeGreaterThanOrEqualTo(2 * MAX).containsOnly(0);
            List<Integer> locally = policyAfterBusy(outage, statuses(local, "192.0.2.2", 2 * MAX + BUSY_AT_MOST));
            assertThat(locally.subList(0, 2 * MAX)).containsExactly(0, 0, 0, 429, 429, 429);
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
