package dev.authstash.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authstash.session.Instances.Instance;
import dev.authstash.testkit.MutableClock;
import dev.authstash.testkit.RedisProcess;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.Jedis;

/**
 * Revocations against database read-through, on a real Redis and a real database: instance B misses Redis and
 * reads the row back while instance A revokes; the row B read must not be cached again afterwards.
 */
class ReadThroughRaceTest {

    @ParameterizedTest
    @EnumSource(Databases.class)
    void revokeAllWhileASessionIsReadBackFromTheDatabaseDoesNotReCacheIt(Databases database) throws Exception {
        raceWith(database, store -> store.revokeAll("user-1"));
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void revokeOthersWhileASessionIsReadBackFromTheDatabaseDoesNotReCacheIt(Databases database) throws Exception {
        raceWith(database, null);
    }

    private void raceWith(Databases database, java.util.function.Consumer<SessionStore> revocation) throws Exception {
        RedisProcess redis = Backend.redisProcess();
        redis.start();
        try (Jedis j = redis.jedis()) {
            j.flushAll();
        }
        JdbcSessionDatabase real = database.freshTable();
        PausingDatabase paused = new PausingDatabase(real);
        try (Instance a = Instances.open(redis.url(), real, Clock.systemUTC(), 1000);
             Instance b = Instances.open(redis.url(), paused, Clock.systemUTC(), 1000)) {
            CreatedSession victim = a.store().create("user-1", null, null, null);
            CreatedSession kept = a.store().create("user-1", null, null, null);
            try (Jedis j = redis.jedis()) {
                j.flushAll(); // Redis lost the user's keys (a restart, a failover): the next lookup reads through
            }
            CompletableFuture<Optional<Session>> readBack = CompletableFuture.supplyAsync(() -> b.store().find(victim.token()));
            assertThat(paused.read.await(10, TimeUnit.SECONDS)).as("B read the row").isTrue();
            if (revocation == null) {
                a.store().revokeOthers("user-1", kept.token());
            } else {
                revocation.accept(a.store());
            }
            paused.release.countDown();
            readBack.get(10, TimeUnit.SECONDS);

            assertThat(a.store().find(victim.token())).as("instance A").isEmpty();
            assertThat(b.store().find(victim.token())).as("instance B").isEmpty();
            try (Jedis j = redis.jedis()) {
                assertThat(j.exists("authstash:{u:" + SessionTokens.userTag("user-1") + "}:s:" + victim.session().id()))
                        .as("re-cached").isFalse();
            }
        }
    }

    /** The same race without a latch: each round, 8 threads read a session back on two instances while one revokes all. */
    @ParameterizedTest
    @EnumSource(Databases.class)
    void revokeAllRacingConcurrentReadThroughsNeverLeavesAServedCopy(Databases database) throws Exception {
        RedisProcess redis = Backend.redisProcess();
        redis.start();
        JdbcSessionDatabase db = database.freshTable();
        try (Instance a = Instances.open(redis.url(), db, Clock.systemUTC(), 1000);
             Instance b = Instances.open(redis.url(), db, Clock.systemUTC(), 1000)) {
            for (int round = 0; round < 20; round++) {
                String user = "user-" + round;
                CreatedSession victim = a.store().create(user, null, null, null);
                try (Jedis j = redis.jedis()) {
                    j.flushAll();
                }
                dev.authstash.testkit.Race.run(9, thread -> {
                    if (thread == 0) {
                        a.store().revokeAll(user);
                    } else {
                        (thread % 2 == 0 ? a : b).store().find(victim.token());
                    }
                    return null;
                });
                assertThat(a.store().find(victim.token())).as("round %d, instance A", round).isEmpty();
                assertThat(b.store().find(victim.token())).as("round %d, instance B", round).isEmpty();
                try (Jedis j = redis.jedis()) {
                    assertThat(j.keys("authstash:*:s:*")).as("round %d, cached copies", round).isEmpty();
                }
            }
        }
    }

    /**
     * A cached copy that a revoking instance could not remove (its Redis unreachable, and it stopped before retrying)
     * is dropped at its next sliding refresh: the refresh finds the row revoked and never extends the copy.
     */
    @ParameterizedTest
    @EnumSource(Databases.class)
    void aStaleCachedCopyIsDroppedAtItsNextRefresh(Databases database) throws Exception {
        RedisProcess redis = Backend.redisProcess();
        redis.start();
        try (Jedis j = redis.jedis()) {
            j.flushAll();
        }
        JdbcSessionDatabase db = database.freshTable();
        MutableClock clock = new MutableClock(Instant.now());
        String unreachable = "redis://127.0.0.1:" + deadPort();
        try (Instance b = Instances.open(redis.url(), db, clock, 1000);
             Instance partitioned = Instances.open(unreachable, db, clock, 1000)) {
            CreatedSession victim = b.store().create("user-1", null, null, null);
            try {
                partitioned.store().revoke(victim.token());
            } catch (SessionStorageUnavailableException expected) {
                // the row is revoked; this instance could not reach Redis
            }
            clock.advance(Duration.ofDays(1).plusSeconds(1));
            assertThat(b.store().find(victim.token())).isEmpty();
            try (Jedis j = redis.jedis()) {
                assertThat(j.keys("authstash:*:s:*")).as("the stale copy").isEmpty();
            }
        }
    }

    private static int deadPort() throws java.io.IOException {
        try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** The real database; {@code findActive} waits, after reading, until the test releases it (once). */
    static final class PausingDatabase implements SessionDatabase {
        final CountDownLatch read = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        private final SessionDatabase real;

        PausingDatabase(SessionDatabase real) {
            this.real = real;
        }

        @Override
        public Optional<Session> findActive(String id, Instant now) {
            Optional<Session> row = real.findActive(id, now);
            if (read.getCount() > 0) {
                read.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return row;
        }

        @Override public void insert(Session s) { real.insert(s); }
        @Override public boolean updateExpiry(String id, Instant u, Instant e) { return real.updateExpiry(id, u, e); }
        @Override public void revoke(String id, Instant at) { real.revoke(id, at); }
        @Override public void delete(String id) { real.delete(id); }
        @Override public List<Session> findActiveByUser(String u, Instant now) { return real.findActiveByUser(u, now); }
        @Override public void revokeAllForUser(String u, String except, Instant at) { real.revokeAllForUser(u, except, at); }
        @Override public void deleteAllForUser(String u, String except) { real.deleteAllForUser(u, except); }
    }
}
