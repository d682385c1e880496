package dev.authstash.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.authstash.storage.SecondaryStorage;
import dev.authstash.testkit.Race;
import dev.authstash.testkit.MutableClock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Storage-only mode (the default) on MemoryStorage and on a real Redis. */
class SessionStoreTest {
    private final MutableClock clock = new MutableClock();
    private SecondaryStorage storage;

    private SessionStore open(Backend backend) {
        storage = backend.open(clock);
        return new SessionStore(storage, null, SessionSettings.defaults(), clock);
    }

    @AfterEach
    void close() {
        if (storage != null) {
            storage.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void createsAnOpaqueRandomTokenAndFindsItsSession(Backend backend) {
        SessionStore store = open(backend);
        CreatedSession c = store.create("user-1", "198.51.100.7", "Firefox", Map.of("device", "phone"));
        String random = c.token().substring(0, c.token().indexOf('.'));
        assertThat(Base64.getUrlDecoder().decode(random)).hasSize(32);
        assertThat(c.session().id()).isEqualTo(SessionTokens.hash(c.token())).doesNotContain(random);
        assertThat(c.session().expiresAt()).isEqualTo(clock.instant().plus(Duration.ofDays(7)));
        assertThat(store.find(c.token())).contains(c.session());
        assertThat(store.create("user-1", null, null, null).token()).isNotEqualTo(c.token());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void garbageTokensFindNothingAndNeverThrow(Backend backend) {
        SessionStore store = open(backend);
        String token = store.create("user-1", null, null, null).token();
        String tamperedTag = token.substring(0, token.length() - 1) + (token.endsWith("A") ? "B" : "A");
        for (String garbage : new String[] {null, "", " ", "x".repeat(1_000_000), "a b", "ü", "{u:x}:s:y", "..",
                tamperedTag, token.substring(1), "%00" + token}) {
            assertThat(store.find(garbage)).isEmpty();
            store.revoke(garbage);
        }
        assertThat(store.find(token)).isPresent();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void slidesExpiryOnlyOnceUpdateAgeHasPassedAndExpiresUnused(Backend backend) {
        SessionStore store = open(backend);
        CreatedSession c = store.create("user-1", null, null, null);
        clock.advance(Duration.ofHours(23));
        assertThat(store.find(c.token()).orElseThrow().expiresAt()).isEqualTo(c.session().expiresAt());
        clock.advance(Duration.ofHours(1));
        Session refreshed = store.find(c.token()).orElseThrow();
        assertThat(refreshed.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofDays(7)));
        assertThat(refreshed.updatedAt()).isEqualTo(clock.instant());
        clock.advance(Duration.ofDays(6));
        assertThat(store.find(c.token())).isPresent();
        clock.advance(Duration.ofDays(7));
        assertThat(store.find(c.token())).isEmpty();
        assertThat(store.list("user-1")).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void revokesOneOrAllOthersAndListsOnlyActiveSessionsOfTheUser(Backend backend) {
        SessionStore store = open(backend);
        CreatedSession a = store.create("user-1", null, null, null);
        clock.advance(Duration.ofSeconds(1));
        CreatedSession b = store.create("user-1", null, null, null);
        clock.advance(Duration.ofSeconds(1));
        CreatedSession c = store.create("user-1", null, null, null);
        CreatedSession other = store.create("user-2", null, null, null);
        assertThat(store.list("user-1")).extracting(Session::id)
                .containsExactly(a.session().id(), b.session().id(), c.session().id());
        store.revoke(a.token());
        assertThat(store.find(a.token())).isEmpty();
        assertThat(store.list("user-1")).extracting(Session::id).containsExactly(b.session().id(), c.session().id());
        store.revokeOthers("user-1", c.token());
        assertThat(store.find(b.token())).isEmpty();
        assertThat(store.find(c.token())).isPresent();
        assertThat(store.list("user-1")).extracting(Session::id).containsExactly(c.session().id());
        assertThat(store.find(other.token())).isPresent();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void fiftyConcurrentSignInsAreAllIndexedAndRevokeAllEndsEveryOne(Backend backend) throws Exception {
        SessionStore store = open(backend);
        List<String> tokens = createConcurrently(store, "user-50", 50);
        assertThat(store.list("user-50")).hasSize(50);
        if (backend == Backend.REDIS) {
            try (var j = Backend.redisProcess().jedis()) {
                String index = "authstash:" + SessionCache.indexKey(SessionTokens.userTag("user-50"));
                assertThat(j.zcard(index)).isEqualTo(50);
                assertThat(j.pttl(index)).isPositive();
            }
        }
        store.revokeAll("user-50");
        assertThat(tokens).allSatisfy(t -> assertThat(store.find(t)).isEmpty());
        assertThat(store.list("user-50")).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void refusesBadInputNamingTheField(Backend backend) {
        SessionStore store = open(backend);
        assertThatThrownBy(() -> store.create(" ", null, null, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("userId: expected 1 to 255 characters, got 1 characters");
        assertThatThrownBy(() -> store.create("u", "x".repeat(65), null, null))
                .hasMessage("ipAddress: expected at most 64 characters, got 65");
        assertThatThrownBy(() -> store.create("u", null, null, Map.of("k", "v".repeat(1025))))
                .hasMessage("attributes.k: expected a value of at most 1024 characters, got 1025 characters");
        assertThat(store.create("u", null, "A".repeat(10_000), null).session().userAgent()).hasSize(512);
        assertThatThrownBy(() -> new SessionStore(storage, Modes.storeInDatabase(false)))
                .hasMessage("session.storeSessionInDatabase: true needs a SessionDatabase, got none");
    }

    static List<String> createConcurrently(SessionStore store, String user, int n) throws Exception {
        return Race.run(n, i -> store.create(user, null, null, null).token());
    }
}
