package dev.authstash.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.authstash.session.Instances.Instance;
import dev.authstash.testkit.RedisProcess;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import redis.clients.jedis.Jedis;
import java.util.stream.Stream;

/**
 * A revocation is final: two instances share one Redis (with AOF, so a killed server comes back with its data)
 * and one database; the Redis part of the revocation fails on instance A (Redis paused, killed, or A's breaker
 * open); once Redis answers again the session is refused on both instances, without waiting for its expiry.
 */
class RevocationOutageTest {
    private static RedisProcess redis;

    enum Outage {
        CLIENT_PAUSE, KILLED_REDIS, BREAKER_OPEN
    }

    enum Kind {
        REVOKE_ONE, REVOKE_ALL, REVOKE_OTHERS
    }

    @BeforeAll
    static void startRedis() {
        redis = RedisProcess.launch("--appendonly", "yes", "--appendfsync", "always");
    }

    @AfterAll
    static void stopRedis() {
        redis.stop();
    }

    @BeforeEach
    void flush() {
        redis.start();
        try (Jedis j = redis.jedis()) {
            j.flushAll();
        }
    }

    static Stream<Arguments> cases() {
        return Stream.of(Outage.values()).flatMap(o -> Stream.of(Kind.values()).map(k -> Arguments.of(o, k)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void aRevocationAttemptedDuringAnOutageIsRefusedOnBothInstancesOnceRedisAnswers(Outage outage, Kind kind)
            throws Exception {
        JdbcSessionDatabase db = Databases.H2.freshTable();
        try (Instance a = Instances.open(redis.url(), db, Clock.systemUTC(), 3000);
             Instance b = Instances.open(redis.url(), db, Clock.systemUTC(), 3000)) {
            CreatedSession victim = a.store().create("user-1", null, null, null);
            CreatedSession current = a.store().create("user-1", null, null, null);
            assertThat(b.store().find(victim.token())).as("cached, served by B").isPresent();

            begin(outage, a);
            assertThatThrownBy(() -> revoke(kind, a.store(), victim, current))
                    .isInstanceOf(SessionStorageUnavailableException.class);
            end(outage);

            assertThat(a.store().find(victim.token())).as("instance A").isEmpty();
            assertThat(Instances.awaitRefused(() -> b.store().find(victim.token()))).as("instance B").isEmpty();
            assertThat(a.store().find(victim.token())).as("instance A, later").isEmpty();
            if (kind == Kind.REVOKE_OTHERS) {
                assertThat(b.store().find(current.token())).as("the kept session").isPresent();
            }
        }
    }

    static void revoke(Kind kind, SessionStore store, CreatedSession victim, CreatedSession current) {
        switch (kind) {
            case REVOKE_ONE -> store.revoke(victim.token());
            case REVOKE_ALL -> store.revokeAll(victim.session().userId());
            case REVOKE_OTHERS -> store.revokeOthers(current.session().userId(), current.token());
        }
    }

    private static void begin(Outage outage, Instance a) throws InterruptedException {
        switch (outage) {
            case CLIENT_PAUSE -> {
                try (Jedis j = redis.jedis()) {
                    j.clientPause(1500);
                }
            }
            case KILLED_REDIS -> redis.stop();
            case BREAKER_OPEN -> {
                try (Jedis j = redis.jedis()) {
                    j.clientPause(400);
                }
                a.store().find("no-such-token-abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH.AAAAAAAAAAAAAAAA");
                assertThat(a.breaker().state()).as("A's breaker").isEqualTo(dev.authstash.storage.CircuitBreaker.State.OPEN);
                Instances.awaitAnswering(redis);
            }
        }
    }

    private static void end(Outage outage) throws InterruptedException {
        switch (outage) {
            case CLIENT_PAUSE -> Instances.awaitAnswering(redis);
            case KILLED_REDIS -> {
                redis.start();
                try (Jedis j = redis.jedis()) {
                    assertThat(j.keys("authstash:*:s:*")).as("AOF brought the sessions back").isNotEmpty();
                }
            }
            case BREAKER_OPEN -> { }
        }
    }
}
