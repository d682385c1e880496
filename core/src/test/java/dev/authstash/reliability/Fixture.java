package dev.authstash.reliability;

import dev.authstash.Authstash;
import dev.authstash.config.AuthstashConfig;
import dev.authstash.config.ConfigBuilder;
import dev.authstash.ratelimit.OnStorageError;
import dev.authstash.session.JdbcSessionDatabase;
import dev.authstash.testkit.MutableClock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.h2.jdbcx.JdbcDataSource;

/**
 * One application instance as the fault tests run it: {@code Authstash} on a real Redis (or cluster), sessions
 * with an H2 database copy, rule {@code /sign-in} = {@value #MAX} requests per hour (so the frozen test clock never
 * rolls a window), circuit breaker {@value #THRESHOLD} failures / 1 s, time from a {@link MutableClock}. Socket and
 * connect timeouts are 500 ms (the defaults), so a stall opens the breaker after about {@value #THRESHOLD} × 500 ms;
 * 50 ms timeouts are exercised by {@code StallTimeoutTest}. The block cache is off: with the frozen clock it would
 * keep answering refusals locally across a Redis restart, and these tests count what reaches Redis.
 */
final class Fixture implements AutoCloseable {
    static final long MAX = 5;
    static final int THRESHOLD = 3;
    static final String SIGN_IN = "/api/auth/sign-in";
    private static final AtomicInteger TABLES = new AtomicInteger();

    final MutableClock clock = new MutableClock();
    final Authstash authstash;
    final List<String> tokens = new ArrayList<>();

    private Fixture(ConfigBuilder storage, OnStorageError policy, int sessions) {
        AuthstashConfig config = storage.socketTimeoutMillis(500).connectTimeoutMillis(500).basePath("/api/auth")
                .customRule("/sign-in", 3600, MAX)
                .onStorageError(policy).storeSessionInDatabase(true).circuitBreaker(THRESHOLD, 1)
                .rateLimitBlockCache(false).build();
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:reliability;DB_CLOSE_DELAY=-1");
        JdbcSessionDatabase db = new JdbcSessionDatabase(h2, "reliability_session_" + TABLES.incrementAndGet());
        db.createTable();
        authstash = Authstash.builder(config).sessionDatabase(db).clock(clock).secret("r".repeat(32))
                .environment(k -> null).build();
        for (int i = 0; i < sessions; i++) {
            tokens.add(authstash.sessions().create("user" + i, "203.0.113.9", "test", null).token());
        }
    }

    static Fixture redis(String url, OnStorageError policy, int sessions) {
        return new Fixture(AuthstashConfig.builder().redisUrl(url), policy, sessions);
    }

    static Fixture cluster(List<String> seeds, OnStorageError policy, int sessions) {
        return new Fixture(AuthstashConfig.builder().clusterNodes(seeds), policy, sessions);
    }

    /** Moves time past the breaker's open period, so that the next call probes. */
    void nextProbePeriod() {
        clock.advance(java.time.Duration.ofSeconds(1));
    }

    @Override
    public void close() {
        authstash.close();
    }
}
