package dev.authstash.reliability;

import static dev.authstash.reliability.Fixture.MAX;
import static dev.authstash.reliability.Fixture.THRESHOLD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.authstash.ratelimit.OnStorageError;
import dev.authstash.reliability.Load.Outcome;
import dev.authstash.storage.CircuitBreaker;
import dev.authstash.storage.CircuitBreaker.State;
import dev.authstash.testkit.RedisProcess;
import dev.authstash.web.RequestGate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * Faults of a real single Redis under a concurrent load (8 threads × 40 requests, 4 clients, rule 5 per hour)
 * through {@code Authstash} + {@code RequestGate}, sessions with an H2 copy. For each: no status but 0, 429 (and
 * 503 under deny); limits within the bound of docs/reliability.md; every session lookup finds its session.
 */
class OutageLoadTest {
    private static final Duration HANG_GUARD = Duration.ofSeconds(60);
    /** Longer than THRESHOLD × the 500 ms socket timeout, with room for a loaded machine. */
    private static final long PAUSE_MILLIS = 4000;
    private RedisProcess redis;

    @BeforeEach
    void start() {
        redis = RedisProcess.launch();
    }

    @AfterEach
    void stop() {
        redis.stop();
    }

    private static void assertSessionsKeptWorking(List<Outcome> out) {
        assertThat(out).allMatch(Outcome::sessionFound);
    }

    @Test
    void killDuringLoadWithLocalLimitsPerInstanceAndCostsOneAttemptPerProbePeriod() throws Exception {
        try (Fixture f = Fixture.redis(redis.url(), OnStorageError.LOCAL, 8); LogCapture log = new LogCapture()) {
            CircuitBreaker breaker = f.authstash.circuitBreaker();
            List<Outcome> out = assertTimeoutPreemptively(HANG_GUARD, () -> Load.run(f, 8, 40, 40, redis::stop));
            assertThat(Load.statuses(out).keySet()).containsAnyOf(429).isSubsetOf(0, 429);
            assertSessionsKeptWorking(out);
            // Redis counted up to MAX before the kill, the local limiter up to MAX after it (documented bound)
            assertThat(Load.allowedPerClient(out)).hasSize(Load.CLIENTS).allSatisfy((c, n) -> assertThat(n)
                    .isBetween(MAX, 2 * MAX));
            assertThat(breaker.state()).isEqualTo(State.OPEN);

            RequestGate gate = f.authstash.gate();
            long before = breaker.attempts();
            for (int period = 0; period < 3; period++) {
                for (int i = 0; i < 100; i++) {
                    assertThat(Load.one(gate, Load.client(i), f.tokens.get(i % 8)).sessionFound()).isTrue();
                }
                f.nextProbePeriod();
            }
            for (int i = 0; i < 100; i++) {
                Load.one(gate, Load.client(i), f.tokens.get(i % 8));
            }
            long perThreePeriods = breaker.attempts() - before;
            assertThat(perThreePeriods).isEqualTo(3); // 700 calls, 3 probe periods: one attempt each

            redis.start(); // empty, same port
            int probes = recover(f);
            assertThat(Load.one(gate, "198.51.100.7", f.tokens.get(0)).status()).isZero();
            try (Jedis jedis = redis.jedis()) {
                assertThat(jedis.keys("authstash:rl:*")).isNotEmpty(); // decisions reach Redis again
            }
            // one WARN when the circuit opened, one summing up the local decisions (at most once a minute), one INFO
            // when it closed: not per request, not per failed probe
            assertThat(log.count("WARN")).isEqualTo(2);
            assertThat(log.count("circuit opened")).isEqualTo(1);
            assertThat(log.count("rate-limit decisions made by onStorageError=local instead of the store")).isEqualTo(1);
            assertThat(f.authstash.rateLimiter().fallbackDecisions()).isGreaterThanOrEqualTo(400); // the 400 after the load, at least
            assertThat(log.count("INFO")).isEqualTo(1);
            assertThat(log.count("circuit closed")).isEqualTo(1);
            System.out.printf("[figures] kill/local: statuses %s, allowed per client %s, attempts in 3 probe periods"
                    + " with Redis down %d (700 calls), probes until recovered %d%n", Load.statuses(out),
                    Load.allowedPerClient(out), perThreePeriods, probes);
        }
    }

    @Test
    void killDuringLoadWithDenyAnswers503AndNeverAllowsMoreThanRedisDid() throws Exception {
        try (Fixture f = Fixture.redis(redis.url(), OnStorageError.DENY, 8)) {
            List<Outcome> out = assertTimeoutPreemptively(HANG_GUARD, () -> Load.run(f, 8, 40, 40, redis::stop));
            assertThat(Load.statuses(out).keySet()).contains(503).isSubsetOf(0, 429, 503);
            assertSessionsKeptWorking(out);
            assertThat(Load.allowedPerClient(out).values()).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(MAX));
            System.out.printf("[figures] kill/deny: statuses %s%n", Load.statuses(out));
        }
    }

    @Test
    void killDuringLoadWithAllowLetsRequestsThrough() throws Exception {
        try (Fixture f = Fixture.redis(redis.url(), OnStorageError.ALLOW, 8)) {
            List<Outcome> out = assertTimeoutPreemptively(HANG_GUARD, () -> Load.run(f, 8, 40, 40, redis::stop));
            assertThat(Load.statuses(out).keySet()).isSubsetOf(0, 429);
            assertSessionsKeptWorking(out);
            assertThat(Load.allowedPerClient(out).values()).allSatisfy(n -> assertThat(n).isGreaterThan(2 * MAX));
        }
    }

    @Test
    void pauseDuringLoadWithLocalFollowsThePolicyAndFewCallsReachRedis() throws Exception {
        try (Fixture f = Fixture.redis(redis.url(), OnStorageError.LOCAL, 8)) {
            CircuitBreaker breaker = f.authstash.circuitBreaker();
            long[] atPause = new long[1];
            List<Outcome> out = assertTimeoutPreemptively(HANG_GUARD, () -> Load.run(f, 8, 40, 40, () -> {
                Stalls.clientPause(redis.port(), PAUSE_MILLIS);
                atPause[0] = breaker.attempts();
            }));
            // 503 for the calls that timed out before the breaker opened (a slow reply is not an outage), then local
            assertThat(Load.statuses(out).keySet()).contains(429, 503).isSubsetOf(0, 429, 503);
            assertThat(f.authstash.rateLimiter().busyRefusals()).isEqualTo(Load.statuses(out).get(503));
            assertSessionsKeptWorking(out);
            assertThat(Load.allowedPerClient(out).values()).allSatisfy(n -> assertThat(n).isBetween(MAX, 2 * MAX));
            assertThat(breaker.state()).isEqualTo(State.OPEN);
            long reached = breaker.attempts() - atPause[0];
            // each thread starts at most one call per counted failure: THRESHOLD rounds of timeouts open it
            assertThat(reached).isLessThanOrEqualTo(8 * THRESHOLD);
            System.out.printf("[figures] pause/local: statuses %s, allowed per client %s, calls reaching Redis after"
                    + " the pause %d of %d%n", Load.statuses(out), Load.allowedPerClient(out), reached,
                    2 * 8 * 40 - 2 * 40);
        }
    }

    @Test
    void fiftyDecisionsDuringAPauseCompleteWithOneAttemptOnRedis() {
        try (Fixture f = Fixture.redis(redis.url(), OnStorageError.DENY, 1)) {
            RequestGate gate = f.authstash.gate();
            CircuitBreaker breaker = f.authstash.circuitBreaker();
            assertThat(Load.one(gate, "198.51.100.1", f.tokens.get(0)).status()).isZero();
            Stalls.clientPause(redis.port(), PAUSE_MILLIS);
            long before = breaker.attempts();
            List<Outcome> out = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                List<Outcome> o = new java.util.ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    o.add(Load.one(gate, "198.51.100.1", f.tokens.get(0)));
                }
                return o;
            });
            assertThat(out).allMatch(o -> o.status() == 503).allMatch(Outcome::sessionFound);
            // the THRESHOLD calls that timed out one after another and opened the circuit; the rest failed fast
            assertThat(breaker.attempts() - before).isEqualTo(THRESHOLD);
            assertThat(breaker.rejected()).isGreaterThanOrEqualTo(100 - THRESHOLD);
        }
    }

    @Test
    void restartEmptyGivesEachClientOneFreshWindow() throws Exception {
        try (Fixture f = Fixture.redis(redis.url(), OnStorageError.LOCAL, 8)) {
            List<Outcome> first = Load.run(f, 8, 10, -1, () -> { });
            assertThat(Load.allowedPerClient(first).values()).containsOnly(MAX); // Redis, exact
            redis.stop();
            redis.start(); // counters lost
            int probes = recover(f);
            List<Outcome> second = Load.run(f, 8, 10, -1, () -> { });
            assertThat(Load.statuses(second).keySet()).isSubsetOf(0, 429);
            assertSessionsKeptWorking(first);
            assertSessionsKeptWorking(second);
            Map<String, Long> extra = Load.allowedPerClient(second);
            assertThat(extra.values()).containsOnly(MAX); // one extra window of quota per restart, no more
            System.out.printf("[figures] restart-empty: allowed per client before %s, extra after restart %s,"
                    + " probes until recovered %d%n", Load.allowedPerClient(first), extra, probes);
        }
    }

    /**
     * Lets time pass probe period by probe period until a call through the breaker succeeds (stale pooled
     * connections fail one probe each); bounded. Uses a client and session outside the measured ones.
     */
    static int recover(Fixture f) {
        CircuitBreaker breaker = f.authstash.circuitBreaker();
        RequestGate gate = f.authstash.gate();
        for (int i = 1; i <= 200; i++) {
            f.nextProbePeriod();
            Load.one(gate, "192.0.2.250", f.tokens.get(0));
            if (breaker.state() == State.CLOSED && Load.one(gate, "192.0.2.250", f.tokens.get(0)).status() != 500
                    && breaker.state() == State.CLOSED) {
                return i;
            }
        }
        throw new AssertionError("the circuit never closed after Redis came back");
    }
}
