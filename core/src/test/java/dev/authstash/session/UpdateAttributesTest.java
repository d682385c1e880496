package dev.authstash.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.authstash.storage.SecondaryStorage;
import dev.authstash.testkit.MutableClock;
import dev.authstash.testkit.Race;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.Jedis;

/**
 * {@link SessionStore#updateAttributes}: every live session of a user changes at once, on memory (the generic
 * storage path), on Redis (one script) and with a database copy (H2, PostgreSQL); a revoked session stays revoked.
 */
class UpdateAttributesTest {
    private final MutableClock clock = new MutableClock(Instant.now());
    private SecondaryStorage storage;

    private SessionStore open(Backend backend) {
        storage = backend.open(clock);
        return new SessionStore(storage, null, SessionSettings.defaults(), clock);
    }

    private SessionStore open(Databases which, JdbcSessionDatabase db, boolean preserve) {
        storage = Backend.REDIS.open(clock);
        return new SessionStore(storage, db, Modes.storeInDatabase(preserve), clock);
    }

    @AfterEach
    void close() {
        if (storage != null) {
            storage.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void changesEverySessionOfTheUserAndNoOther(Backend backend) {
        SessionStore store = open(backend);
        CreatedSession a = store.create("user-1", null, null, Map.of("email", "a@x.test", "emailVerified", "false"));
        CreatedSession b = store.create("user-1", null, null, Map.of("emailVerified", "false", "device", "phone"));
        CreatedSession other = store.create("user-2", null, null, Map.of("emailVerified", "false"));
        Map<String, String> set = new HashMap<>();
        set.put("emailVerified", "true");
        set.put("device", null);
        assertThat(store.updateAttributes("user-1", set)).isEqualTo(2);
        assertThat(store.find(a.token()).orElseThrow().attributes())
                .isEqualTo(Map.of("email", "a@x.test", "emailVerified", "true"));
        Session sb = store.find(b.token()).orElseThrow();
        assertThat(sb.attributes()).isEqualTo(Map.of("emailVerified", "true"));
        assertThat(sb.expiresAt()).isEqualTo(b.session().expiresAt());
        assertThat(sb.createdAt()).isEqualTo(b.session().createdAt());
        assertThat(store.find(other.token()).orElseThrow().attributes()).containsEntry("emailVerified", "false");
        assertThat(store.updateAttributes("nobody", Map.of("x", "y"))).isZero();
        assertThat(store.list("user-1")).allSatisfy(s -> assertThat(s.attributes()).containsEntry("emailVerified", "true"));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void badInputNamesTheFieldAndChangesNothing(Backend backend) {
        SessionStore store = open(backend);
        Map<String, String> full = new HashMap<>();
        for (int i = 0; i < 32; i++) {
            full.put("k" + i, "v");
        }
        CreatedSession c = store.create("user-1", null, null, full);
        assertThatThrownBy(() -> store.updateAttributes("user-1", null)).hasMessage("attributes: expected a map, got null");
        assertThatThrownBy(() -> store.updateAttributes("", Map.of("a", "b"))).hasMessageStartingWith("userId: ");
        assertThatThrownBy(() -> store.updateAttributes("user-1", Map.of("k".repeat(65), "v")))
                .hasMessage("attributes: keys need 1 to 64 characters, got 65 characters");
        assertThatThrownBy(() -> store.updateAttributes("user-1", Map.of("k", "v".repeat(1025))))
                .hasMessage("attributes.k: expected a value of at most 1024 characters, got 1025 characters");
        assertThatThrownBy(() -> store.updateAttributes("user-1", Map.of("one-more", "v")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("attributes: at most 32 entries per session after the update, got 33");
        assertThat(store.find(c.token()).orElseThrow().attributes()).isEqualTo(full);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void redisKeepsEachKeysTtl(Backend backend) {
        SessionStore store = open(backend);
        CreatedSession c = store.create("user-1", null, null, null);
        if (backend == Backend.REDIS) {
            String key = "authstash:" + SessionCache.sessionKey(SessionTokens.userTag("user-1"), c.session().id());
            try (Jedis j = Backend.redisProcess().jedis()) {
                long before = j.pttl(key);
                store.updateAttributes("user-1", Map.of("a", "b"));
                long after = j.pttl(key);
                assertThat(after).isPositive().isLessThanOrEqualTo(before);
                assertThat(j.get(key)).contains("\"a\":\"b\"").doesNotContain(c.token());
            }
        } else {
            store.updateAttributes("user-1", Map.of("a", "b"));
        }
        clock.advance(Duration.ofDays(7));
        assertThat(store.find(c.token())).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void anUpdateRacingRevocationsNeverBringsASessionBack(Backend backend) throws Exception {
        SessionStore store = open(backend);
        raceUpdatesAgainstRevokes(store);
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void withADatabaseCopyRowsAndRedisChangeAndReadThroughSeesTheNewValues(Databases which) {
        JdbcSessionDatabase db = which.freshTable();
        SessionStore store = open(which, db, true);
        CreatedSession a = store.create("user-1", null, null, Map.of("emailVerified", "false"));
        CreatedSession b = store.create("user-1", null, null, Map.of("emailVerified", "false"));
        CreatedSession revoked = store.create("user-1", null, null, Map.of("emailVerified", "false"));
        store.revoke(revoked.token());
        assertThat(store.updateAttributes("user-1", Map.of("emailVerified", "true"))).isEqualTo(2);
        assertThat(store.find(a.token()).orElseThrow().attributes()).containsEntry("emailVerified", "true");
        try (Jedis j = Backend.redisProcess().jedis()) {
            j.flushAll();
        }
        assertThat(store.find(b.token()).orElseThrow().attributes()).containsEntry("emailVerified", "true");
        assertThat(store.find(revoked.token())).isEmpty();
        assertThat(db.findActiveByUser("user-1", clock.instant()))
                .allSatisfy(s -> assertThat(s.attributes()).containsEntry("emailVerified", "true")).hasSize(2);
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void withADatabaseCopyAnUpdateRacingRevocationsNeverBringsASessionBack(Databases which) throws Exception {
        SessionStore store = open(which, which.freshTable(), true);
        raceUpdatesAgainstRevokes(store);
        try (Jedis j = Backend.redisProcess().jedis()) {
            j.flushAll();
        }
        raceCheckedAfterFlush(store);
    }

    /**
     * Instance B reads a row back (Redis lost the keys) and is held between its SELECT and its write while A
     * updates the attributes: B must not cache the old attributes afterwards.
     */
    @ParameterizedTest
    @EnumSource(Databases.class)
    void aReadThroughThatReadTheRowBeforeTheUpdateDoesNotCacheOldAttributes(Databases which) throws Exception {
        var redis = Backend.redisProcess();
        redis.start();
        try (Jedis j = redis.jedis()) {
            j.flushAll();
        }
        JdbcSessionDatabase real = which.freshTable();
        ReadThroughRaceTest.PausingDatabase paused = new ReadThroughRaceTest.PausingDatabase(real);
        try (Instances.Instance a = Instances.open(redis.url(), real, java.time.Clock.systemUTC(), 1000);
             Instances.Instance b = Instances.open(redis.url(), paused, java.time.Clock.systemUTC(), 1000)) {
            CreatedSession c = a.store().create("user-1", null, null, Map.of("v", "old"));
            try (Jedis j = redis.jedis()) {
                j.flushAll();
            }
            var readBack = java.util.concurrent.CompletableFuture.supplyAsync(() -> b.store().find(c.token()));
            assertThat(paused.read.await(10, java.util.concurrent.TimeUnit.SECONDS)).as("B read the row").isTrue();
            assertThat(a.store().updateAttributes("user-1", Map.of("v", "new"))).isEqualTo(1);
            paused.release.countDown();
            readBack.get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(b.store().find(c.token()).orElseThrow().attributes()).containsEntry("v", "new");
            assertThat(a.store().find(c.token()).orElseThrow().attributes()).containsEntry("v", "new");
        }
    }

    @org.junit.jupiter.api.Test
    void aSessionDatabaseWithoutTheMethodIsToldSoByName() {
        storage = Backend.MEMORY.open(clock);
        SessionStore store = new SessionStore(storage, new ReadThroughRaceTest.PausingDatabase(Databases.H2.freshTable()),
                Modes.storeInDatabase(false), clock);
        store.create("user-1", null, null, null);
        assertThatThrownBy(() -> store.updateAttributes("user-1", Map.of("a", "b")))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("PausingDatabase does not implement SessionDatabase.updateAttributes");
    }

    private List<CreatedSession> created;
    private List<Boolean> revokedFlags;

    /** 16 sessions; 8 threads revoke one each while 8 threads update all of them; revoked ones stay revoked. */
    private void raceUpdatesAgainstRevokes(SessionStore store) throws Exception {
        created = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            created.add(store.create("user-1", null, null, Map.of("n", "0")));
        }
        revokedFlags = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            revokedFlags.add(i % 2 == 0);
        }
        Race.run(16, t -> {
            if (t % 2 == 0) {
                store.revoke(created.get(t).token());
            } else {
                store.updateAttributes("user-1", Map.of("n", Integer.toString(t)));
            }
            return null;
        });
        raceCheckedAfterFlush(store);
        assertThat(store.list("user-1")).hasSize(8);
    }

    private void raceCheckedAfterFlush(SessionStore store) {
        for (int i = 0; i < 16; i++) {
            if (revokedFlags.get(i)) {
                assertThat(store.find(created.get(i).token())).as("revoked session %d", i).isEmpty();
            } else {
                assertThat(store.find(created.get(i).token()).orElseThrow().attributes().get("n"))
                        .as("session %d", i).isNotEqualTo("0");
            }
        }
    }
}
