package dev.authstash.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authstash.storage.RedisStorage;
import dev.authstash.storage.StorageSettings;
import dev.authstash.testkit.MutableClock;
import dev.authstash.testkit.RedisClusterProcess;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every per-user script runs on a real 3-master Redis Cluster: no CROSSSLOT, same behaviour. */
class SessionClusterTest {

    @Test
    void sessionsOfManyUsersWorkAcrossSlots() throws Exception {
        MutableClock clock = new MutableClock(Instant.now());
        try (RedisClusterProcess cluster = RedisClusterProcess.launch(3, 0);
             RedisStorage storage = RedisStorage.create(new StorageSettings("", cluster.seedNodes(),
                     StorageSettings.DEFAULT_KEY_PREFIX, 64, Duration.ofMillis(2000), Duration.ofMillis(2000), 1000))) {
            JdbcSessionDatabase db = Databases.H2.freshTable();
            SessionStore store = new SessionStore(storage, db, Modes.storeInDatabase(true), clock);
            for (int u = 0; u < 12; u++) {
                String user = "cluster-user-" + u;
                List<String> tokens = SessionStoreTest.createConcurrently(store, user, 10);
                assertThat(tokens).allSatisfy(t -> assertThat(store.find(t)).isPresent());
                String name = "u" + u;
                assertThat(store.updateAttributes(user, java.util.Map.of("name", name))).isEqualTo(10);
                assertThat(tokens).allSatisfy(t -> assertThat(store.find(t).orElseThrow().attributes())
                        .containsEntry("name", name));
                store.revokeOthers(user, tokens.get(0));
                assertThat(tokens.subList(1, 10)).allSatisfy(t -> assertThat(store.find(t)).isEmpty());
                clock.advance(Duration.ofDays(1));
                assertThat(store.find(tokens.get(0))).isPresent();
                store.revokeAll(user);
                assertThat(store.find(tokens.get(0))).isEmpty();
            }
            String legacy = "legacy-cluster-token-0123456789";
            DatabaseModeTest.insertRow(Databases.H2, db, SessionTokens.hash(legacy), "old", clock.instant(),
                    clock.instant().plus(Duration.ofHours(1)));
            assertThat(store.find(legacy)).isPresent();
            assertThat(store.find(legacy)).isPresent();
            store.revoke(legacy);
            assertThat(store.find(legacy)).isEmpty();
        }
    }
}
