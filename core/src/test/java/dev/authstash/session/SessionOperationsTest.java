package dev.authstash.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authstash.storage.RedisStorage;
import dev.authstash.storage.SecondaryStorage;
import dev.authstash.testkit.MutableClock;
import dev.authstash.testkit.Race;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.Jedis;

/** Issue 21 §3: revoke by session id, {@code maximumSessions}, {@code deferSessionRefresh}, on memory and Redis. */
class SessionOperationsTest {
    private final MutableClock clock = new MutableClock(Instant.now());
    private final List<AutoCloseable> opened = new ArrayList<>();

    private SessionStore open(Backend backend, SessionSettings settings) {
        SecondaryStorage storage = backend.open(clock);
        opened.add(storage);
        SessionStore store = new SessionStore(storage, null, settings, clock);
        opened.add(store::close);
        return store;
    }

    private SessionStore openOnSharedRedis(SessionSettings settings) {
        RedisStorage redis = Stores.redis(Backend.redisProcess());
        opened.add(redis);
        SessionStore store = new SessionStore(redis, null, settings, clock);
        opened.add(store::close);
        return store;
    }

    private SessionStore openWithDatabase(JdbcSessionDatabase db, SessionSettings settings) {
        SecondaryStorage storage = Backend.REDIS.open(clock);
        opened.add(storage);
        SessionStore store = new SessionStore(storage, db, settings, clock);
        opened.add(store::close);
        return store;
    }

    @AfterEach
    void close() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    private static SessionSettings maximum(int n) {
        return SessionSettings.defaults().withMaximumSessions(n);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void listReturnsIdsAndRevokingByIdIsFinal(Backend backend) {
        SessionStore store = open(backend, SessionSettings.defaults());
        CreatedSession a = store.create("user-1", null, null, null);
        CreatedSession b = store.create("user-1", null, null, null);
        List<String> ids = store.list("user-1").stream().map(Session::id).toList();
        assertThat(ids).containsExactlyInAnyOrder(a.session().id(), b.session().id())
                .doesNotContain(a.token(), b.token());

        assertThat(store.revokeSession("user-1", a.session().id())).isTrue();
        assertThat(store.find(a.token())).isEmpty();
        assertThat(store.find(b.token())).isPresent();
        assertThat(store.list("user-1")).extracting(Session::id).containsExactly(b.session().id());
        assertThat(store.revokeSession("user-1", a.session().id())).isFalse(); // already gone
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void anIdRevokesNothingOfAnotherUser(Backend backend) {
        SessionStore store = open(backend, SessionSettings.defaults());
        CreatedSession victim = store.create("victim", null, null, null);
        store.create("attacker", null, null, null);
        assertThat(store.revokeSession("attacker", victim.session().id())).isFalse();
        for (String garbage : new String[] {null, "", "x", victim.token(), "a".repeat(44), "{u:x}:s:y".repeat(5)}) {
            assertThat(store.revokeSession("attacker", garbage)).isFalse();
        }
        assertThat(store.find(victim.token())).isPresent();
        assertThat(store.list("victim")).hasSize(1);
    }

    @Test
    void revokingByIdOnOneInstanceIsRefusedOnTheOther() {
        opened.add(Backend.REDIS.open(clock)); // started and emptied
        SessionStore a = openOnSharedRedis(SessionSettings.defaults());
        SessionStore b = openOnSharedRedis(SessionSettings.defaults());
        CreatedSession c = a.create("user-1", null, null, null);
        assertThat(b.find(c.token())).isPresent();
        assertThat(b.revokeSession("user-1", c.session().id())).isTrue();
        assertThat(a.find(c.token())).isEmpty();
        assertThat(b.find(c.token())).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void revokingByIdIsFinalAgainstThePreservedDatabaseCopy(Databases which) throws Exception {
        JdbcSessionDatabase db = which.freshTable();
        SessionStore store = openWithDatabase(db, Modes.storeInDatabase(true));
        CreatedSession c = store.create("user-1", null, null, null);
        CreatedSession other = store.create("user-2", null, null, null);
        assertThat(store.revokeSession("user-2", c.session().id())).isFalse();
        assertThat(store.revokeSession("user-1", c.session().id())).isTrue();
        try (Jedis j = Backend.redisProcess().jedis()) {
            j.del("authstash:" + SessionCache.sessionKey(SessionTokens.userTag("user-1"), c.session().id()));
        }
        assertThat(store.find(c.token())).isEmpty(); // read-through finds the row revoked, the tombstone blocks it
        try (Jedis j = Backend.redisProcess().jedis()) {
            j.flushAll(); // the tombstone gone too: the row alone decides
        }
        assertThat(store.find(c.token())).isEmpty();
        assertThat(db.findActiveByUser("user-1", clock.instant())).isEmpty();
        assertThat(store.find(other.token())).isPresent();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void creatingOneMoreThanTheMaximumEvictsTheOldest(Backend backend) {
        SessionStore store = open(backend, maximum(3));
        List<CreatedSession> made = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            made.add(store.create("user-1", null, null, null));
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(store.find(made.get(0).token())).isEmpty();
        assertThat(store.find(made.get(1).token())).isEmpty();
        for (CreatedSession c : made.subList(2, 5)) {
            assertThat(store.find(c.token())).isPresent();
        }
        assertThat(store.list("user-1")).extracting(Session::id)
                .containsExactly(made.get(2).session().id(), made.get(3).session().id(), made.get(4).session().id());
        CreatedSession other = store.create("user-2", null, null, null);
        assertThat(store.find(other.token())).isPresent(); // per user
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void createsInTheSameMillisecondEvictInTheOrderTheyRan(Backend backend) {
        SessionStore store = open(backend, maximum(2));
        List<CreatedSession> made = new ArrayList<>();
        for (int i = 0; i < 6; i++) { // the clock does not move: every createdAt is equal
            made.add(store.create("user-1", null, null, null));
            assertThat(store.find(made.get(i).token())).as("the new session always stays").isPresent();
        }
        assertThat(made.stream().filter(c -> store.find(c.token()).isPresent()).map(c -> c.session().id()))
                .containsExactly(made.get(4).session().id(), made.get(5).session().id());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void concurrentCreatesLeaveExactlyTheMaximumLive(Backend backend) throws Exception {
        int max = 5;
        int extra = 27;
        SessionStore store = open(backend, maximum(max));
        List<CreatedSession> made = Race.run(max + extra, t -> store.create("user-1", null, null, null));
        long live = made.stream().filter(c -> store.find(c.token()).isPresent()).count();
        assertThat(live).isEqualTo(max);
        assertThat(store.list("user-1")).hasSize(max);
        if (backend == Backend.REDIS) {
            try (Jedis j = Backend.redisProcess().jedis()) {
                String tag = SessionTokens.userTag("user-1");
                assertThat(j.zcard("authstash:" + SessionCache.indexKey(tag))).isEqualTo(max);
                assertThat(j.keys("authstash:{u:" + tag + "}:s:*")).hasSize(max);
            }
        }
    }

    @Test
    void concurrentCreatesOnTwoInstancesLeaveExactlyTheMaximumAndBothRefuseTheEvicted() throws Exception {
        opened.add(Backend.REDIS.open(clock)); // started and emptied
        SessionStore a = openOnSharedRedis(maximum(4));
        SessionStore b = openOnSharedRedis(maximum(4));
        List<CreatedSession> made = Race.run(20, t -> (t % 2 == 0 ? a : b).create("user-1", null, null, null));
        Set<String> liveOnA = new HashSet<>();
        Set<String> liveOnB = new HashSet<>();
        for (CreatedSession c : made) {
            a.find(c.token()).ifPresent(s -> liveOnA.add(s.id()));
            b.find(c.token()).ifPresent(s -> liveOnB.add(s.id()));
        }
        assertThat(liveOnA).hasSize(4).isEqualTo(liveOnB);
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void evictionRevokesThePreservedDatabaseRowSoReadThroughCannotBringItBack(Databases which) throws Exception {
        JdbcSessionDatabase db = which.freshTable();
        SessionStore store = openWithDatabase(db, Modes.storeInDatabase(true).withMaximumSessions(2));
        List<CreatedSession> made = Race.run(6, t -> store.create("user-1", null, null, null));
        assertThat(db.findActiveByUser("user-1", clock.instant())).hasSize(2);
        try (Jedis j = Backend.redisProcess().jedis()) {
            j.flushAll();
        }
        long live = made.stream().filter(c -> store.find(c.token()).isPresent()).count();
        assertThat(live).isEqualTo(2);
        assertThat(store.list("user-1")).hasSize(2);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void withDeferredRefreshALookupWithoutRefreshNeverWritesAndTheNextOneRefreshes(Backend backend) {
        SessionStore store = open(backend, SessionSettings.defaults().withDeferSessionRefresh(true));
        CreatedSession c = store.create("user-1", null, null, null);
        clock.advance(Duration.ofDays(2));
        Session read = store.find(c.token(), null, false).orElseThrow();
        assertThat(read.expiresAt()).isEqualTo(c.session().expiresAt());
        assertThat(store.find(c.token(), null, false).orElseThrow().updatedAt()).isEqualTo(c.session().updatedAt());
        Session refreshed = store.find(c.token(), null, true).orElseThrow();
        assertThat(refreshed.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofDays(7)));
    }

    @Test
    void maximumSessionsIsBoundedByDefault() {
        assertThat(SessionSettings.defaults().maximumSessions()).isEqualTo(SessionSettings.DEFAULT_MAXIMUM_SESSIONS);
        assertThat(SessionSettings.DEFAULT_MAXIMUM_SESSIONS).isEqualTo(1000);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void attributesAndMapsStayIntact(Backend backend) {
        SessionStore store = open(backend, maximum(1));
        CreatedSession first = store.create("user-1", "192.0.2.1", "ua", Map.of("k", "v"));
        CreatedSession second = store.create("user-1", "192.0.2.2", "ua", Map.of("k", "w"));
        assertThat(store.find(first.token())).isEmpty();
        assertThat(store.find(second.token())).contains(second.session());
        store.revokeAll("user-1");
        assertThat(store.list("user-1")).isEmpty();
    }
}
