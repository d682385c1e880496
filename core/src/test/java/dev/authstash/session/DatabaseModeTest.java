package dev.authstash.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authstash.storage.SecondaryStorage;
import dev.authstash.testkit.MutableClock;
import dev.authstash.testkit.RedisProcess;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Calendar;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.Jedis;

/** storeSessionInDatabase / preserveSessionInDatabase on a real Redis, over H2 and over PostgreSQL. */
class DatabaseModeTest {
    private final MutableClock clock = new MutableClock(Instant.now());
    private SecondaryStorage storage;

    private SessionStore open(JdbcSessionDatabase db, boolean preserve) {
        storage = Backend.REDIS.open(clock);
        return new SessionStore(storage, db, Modes.storeInDatabase(preserve), clock);
    }

    @AfterEach
    void close() {
        Backend.redisProcess().start();
        if (storage != null) {
            storage.close();
        }
    }

    private static Jedis redis() {
        return Backend.redisProcess().jedis();
    }

    private static String sessionKey(CreatedSession c) {
        return "authstash:" + SessionCache.sessionKey(SessionTokens.userTag(c.session().userId()), c.session().id());
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void aMissReadsTheDatabaseAndRepopulatesRedisWithTheRemainingLifetime(Databases which) {
        SessionStore store = open(which.freshTable(), false);
        CreatedSession c = store.create("user-1", "192.0.2.1", "ua", Map.of("a", "b"));
        try (Jedis j = redis()) {
            j.flushAll();
            assertThat(store.find(c.token())).contains(c.session());
            long ttl = j.pttl(sessionKey(c));
            assertThat(ttl).isPositive().isLessThanOrEqualTo(Duration.ofDays(7).toMillis());
            assertThat(j.zcard("authstash:" + SessionCache.indexKey(SessionTokens.userTag("user-1")))).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void aRevokedPreservedRowIsNeverResurrectedByReadThrough(Databases which) throws Exception {
        JdbcSessionDatabase db = which.freshTable();
        SessionStore store = open(db, true);
        CreatedSession c = store.create("user-1", null, null, null);
        store.revoke(c.token());
        try (Jedis j = redis()) {
            j.flushAll();
            assertThat(store.find(c.token())).isEmpty();
            assertThat(store.find(c.token())).isEmpty();
            assertThat(j.exists(sessionKey(c))).isFalse();
        }
        assertThat(countRows(which, db, "revoked_at IS NOT NULL")).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void revokeAllOfFiftyConcurrentSessionsHoldsInRedisAndThroughTheDatabase(Databases which) throws Exception {
        JdbcSessionDatabase db = which.freshTable();
        SessionStore store = open(db, true);
        List<String> tokens = SessionStoreTest.createConcurrently(store, "user-50", 50);
        assertThat(store.list("user-50")).hasSize(50);
        try (Jedis j = redis()) {
            assertThat(j.zcard("authstash:" + SessionCache.indexKey(SessionTokens.userTag("user-50")))).isEqualTo(50);
            store.revokeAll("user-50");
            assertThat(tokens).allSatisfy(t -> assertThat(store.find(t)).isEmpty());
            j.flushAll();
            assertThat(tokens).allSatisfy(t -> assertThat(store.find(t)).isEmpty());
        }
        assertThat(countRows(which, db, "revoked_at IS NOT NULL")).isEqualTo(50);
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void lookupsAnswerFromTheDatabaseWhileRedisIsDownAndRepopulateItAfter(Databases which) {
        SessionStore store = open(which.freshTable(), false);
        CreatedSession before = store.create("user-1", null, null, null);
        RedisProcess server = Backend.redisProcess();
        server.stop();
        for (int i = 0; i < 5; i++) {
            assertThat(store.find(before.token())).contains(before.session());
        }
        CreatedSession during = store.create("user-1", null, null, null);
        assertThat(store.find(during.token())).contains(during.session());
        server.start();
        for (CreatedSession c : List.of(before, during)) {
            assertThat(store.find(c.token())).contains(c.session());
            assertThat(store.find(c.token())).contains(c.session());
        }
        try (Jedis j = redis()) {
            assertThat(j.exists(sessionKey(before))).isTrue();
            assertThat(j.exists(sessionKey(during))).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void rowsWrittenBeforeSecondaryStorageWasSwitchedOnAreValidAndCached(Databases which) throws Exception {
        JdbcSessionDatabase db = which.freshTable();
        String legacy = "Kq3v9ZrT0aLmW2xYb7Cd4Ef5Gh6Ij8Kl";
        String legacyUser = "legacy-user";
        Instant now = clock.instant();
        insertRow(which, db, SessionTokens.hash(legacy), legacyUser, now.minusSeconds(3600), now.plusSeconds(86_400));
        insertRow(which, db, SessionTokens.hash("expired-token"), legacyUser, now.minusSeconds(7200), now.minusSeconds(1));
        SessionStore store = open(db, true);
        Session found = store.find(legacy).orElseThrow();
        assertThat(found.userId()).isEqualTo(legacyUser);
        assertThat(store.find("expired-token")).isEmpty();
        try (Jedis j = redis()) {
            String key = "authstash:" + SessionCache.sessionKey(SessionTokens.userTag(legacyUser), found.id());
            assertThat(j.exists(key)).isTrue();
            assertThat(j.get("authstash:" + SessionCache.aliasKey(found.id()))).isEqualTo(SessionTokens.userTag(legacyUser));
        }
        assertThat(store.find(legacy)).contains(found);
        assertThat(store.list(legacyUser)).extracting(Session::id).containsExactly(found.id());
        store.revoke(legacy);
        assertThat(store.find(legacy)).isEmpty();
        try (Jedis j = redis()) {
            j.flushAll();
        }
        assertThat(store.find(legacy)).isEmpty();
    }

    static void insertRow(Databases which, JdbcSessionDatabase db, String id, String user, Instant created,
                          Instant expires) throws Exception {
        Calendar utc = Calendar.getInstance(TimeZone.getTimeZone("UTC"));
        try (var c = which.dataSource().getConnection(); var ps = c.prepareStatement("INSERT INTO " + db.tableName()
                + " (id, user_id, created_at, updated_at, expires_at) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, id);
            ps.setString(2, user);
            ps.setTimestamp(3, Timestamp.from(created), utc);
            ps.setTimestamp(4, Timestamp.from(created), utc);
            ps.setTimestamp(5, Timestamp.from(expires), utc);
            ps.executeUpdate();
        }
    }

    static int countRows(Databases which, JdbcSessionDatabase db, String where) throws Exception {
        try (var c = which.dataSource().getConnection(); var st = c.createStatement();
             var rs = st.executeQuery("SELECT COUNT(*) FROM " + db.tableName() + " WHERE " + where)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
