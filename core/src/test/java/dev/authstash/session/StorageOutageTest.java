package dev.authstash.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.authstash.storage.SecondaryStorage;
import dev.authstash.testkit.MutableClock;
import dev.authstash.testkit.RedisProcess;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Outages without a database copy surface as the typed exception; MemoryStorage also serves the DB modes. */
class StorageOutageTest {
    private final MutableClock clock = new MutableClock(Instant.now());

    @Test
    void withoutADatabaseCopyEveryOperationThrowsTheTypedException() {
        RedisProcess server = Backend.redisProcess();
        try (SecondaryStorage storage = Backend.REDIS.open(clock)) {
            SessionStore store = new SessionStore(storage, SessionSettings.defaults());
            String token = store.create("user-1", null, null, null).token();
            server.stop();
            assertThatThrownBy(() -> store.find(token)).isInstanceOf(SessionStorageUnavailableException.class)
                    .hasMessageStartingWith("session storage unavailable: ");
            assertThatThrownBy(() -> store.create("user-1", null, null, null))
                    .isInstanceOf(SessionStorageUnavailableException.class);
            assertThatThrownBy(() -> store.revokeAll("user-1")).isInstanceOf(SessionStorageUnavailableException.class);
            assertThatThrownBy(() -> store.list("user-1")).isInstanceOf(SessionStorageUnavailableException.class);
            assertThat(store.find("not a token")).isEmpty();
        } finally {
            server.start();
        }
    }

    @Test
    void memoryStorageReadsThroughAndNeverResurrectsRevokedRows() {
        JdbcSessionDatabase db = Databases.H2.freshTable();
        SessionStore first = new SessionStore(Backend.MEMORY.open(clock), db, Modes.storeInDatabase(true), clock);
        CreatedSession kept = first.create("user-1", null, null, null);
        CreatedSession revoked = first.create("user-1", null, null, null);
        first.revoke(revoked.token());
        clock.advance(Duration.ofHours(1));
        SessionStore restarted = new SessionStore(Backend.MEMORY.open(clock), db, Modes.storeInDatabase(true), clock);
        assertThat(restarted.find(kept.token())).contains(kept.session());
        assertThat(restarted.find(revoked.token())).isEmpty();
        assertThat(restarted.list("user-1")).containsExactly(kept.session());
        clock.advance(Duration.ofDays(7));
        assertThat(restarted.find(kept.token())).isEmpty();
    }
}
