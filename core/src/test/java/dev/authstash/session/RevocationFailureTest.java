package dev.authstash.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.authstash.storage.RedisStorage;
import dev.authstash.storage.StorageSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * A revocation whose Redis part fails is reported, never swallowed: with a database copy the row is revoked
 * first, and the caller learns that the cached copy may still be live, so it can retry.
 */
class RevocationFailureTest {

    @Test
    void aRevokeThatCannotReachRedisThrowsAfterRevokingTheRowAndARetryCompletesIt() throws Exception {
        var process = Backend.redisProcess();
        process.start();
        StorageSettings settings = new StorageSettings(process.url(), List.of(), "authstash:", 4,
                Duration.ofMillis(200), Duration.ofMillis(100), 1000);
        JdbcSessionDatabase db = Databases.H2.freshTable();
        try (RedisStorage redis = RedisStorage.create(settings); Jedis admin = process.jedis()) {
            admin.flushAll();
            SessionStore store = new SessionStore(redis, db, Modes.storeInDatabase(true), Clock.systemUTC());
            CreatedSession c = store.create("user-9", null, null, null);

            admin.clientPause(1500);
            assertThatThrownBy(() -> store.revoke(c.token()))
                    .isInstanceOf(SessionStorageUnavailableException.class)
                    .hasMessageStartingWith("session revoked in the database but not in secondary storage");
            assertThat(db.findActive(c.session().id(), Instant.now())).as("the row is revoked").isEmpty();
            awaitUnpaused(process);

            store.revoke(c.token());
            assertThat(store.find(c.token())).isEmpty();
            try (Jedis j = process.jedis()) {
                assertThat(j.keys("authstash:*:s:*")).isEmpty();
            }
        }
    }

    private static void awaitUnpaused(dev.authstash.testkit.RedisProcess process) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (Jedis j = process.jedis()) {
                j.ping();
                return;
            } catch (RuntimeException stillPaused) {
                Thread.sleep(100);
            }
        }
    }
}
