package dev.authstash.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authstash.storage.SecondaryStorage;
import dev.authstash.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The guards that stop a revoked session from coming back through a late refresh or repopulation. */
class SessionCacheTest {
    private final MutableClock clock = new MutableClock(Instant.now());

    private Session session(String id, Duration life) {
        Instant now = clock.instant();
        return new Session(id, "user-1", now, now, now.plus(life), null, null, Map.of());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void refreshNeverRecreatesARemovedSessionAndRepopulationRespectsTombstones(Backend backend) {
        try (SecondaryStorage storage = backend.open(clock)) {
            SessionCache cache = SessionCache.over(storage);
            long now = clock.millis();
            String tag = SessionTokens.userTag("user-1");
            Session s = session("id-1", Duration.ofHours(1));
            assertThat(cache.put(tag, s, now, SessionCache.Put.REFRESH, null)).isFalse();
            assertThat(cache.get(tag, "id-1")).isNull();
            assertThat(cache.put(tag, s, now, SessionCache.Put.CREATE, null)).isTrue();
            assertThat(cache.put(tag, s, now, SessionCache.Put.REFRESH, null)).isTrue();
            cache.remove(tag, "id-1", 60_000, now);
            assertThat(cache.put(tag, s, now, SessionCache.Put.REFRESH, null)).isFalse();
            assertThat(cache.put(tag, s, now, SessionCache.Put.REPOPULATE, "")).isFalse();
            assertThat(cache.get(tag, "id-1")).isNull();
            assertThat(cache.put(tag, session("id-2", Duration.ofHours(1)), now, SessionCache.Put.REPOPULATE, "")).isTrue();
            assertThat(cache.list(tag, now)).hasSize(1);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void repopulationRefusesARowReadBeforeARevokeAll(Backend backend) {
        try (SecondaryStorage storage = backend.open(clock)) {
            SessionCache cache = SessionCache.over(storage);
            long now = clock.millis();
            String tag = SessionTokens.userTag("user-1");
            String before = cache.generation(tag);
            cache.removeAll(tag, null, 60_000); // the session being read back is not indexed yet
            assertThat(cache.generation(tag)).isNotEqualTo(before);
            assertThat(cache.put(tag, session("id-1", Duration.ofHours(1)), now, SessionCache.Put.REPOPULATE, before))
                    .isFalse();
            assertThat(cache.get(tag, "id-1")).isNull();
            assertThat(cache.put(tag, session("id-1", Duration.ofHours(1)), now, SessionCache.Put.REPOPULATE,
                    cache.generation(tag))).as("a row read after the revoke-all").isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void theIndexDropsExpiredMembers(Backend backend) {
        try (SecondaryStorage storage = backend.open(clock)) {
            SessionCache cache = SessionCache.over(storage);
            String tag = SessionTokens.userTag("user-1");
            cache.put(tag, session("short", Duration.ofMinutes(1)), clock.millis(), SessionCache.Put.CREATE, null);
            cache.put(tag, session("long", Duration.ofHours(1)), clock.millis(), SessionCache.Put.CREATE, null);
            clock.advance(Duration.ofMinutes(2));
            cache.put(tag, session("new", Duration.ofHours(1)), clock.millis(), SessionCache.Put.CREATE, null);
            if (backend == Backend.REDIS) {
                try (var j = Backend.redisProcess().jedis()) {
                    String index = "authstash:" + SessionCache.indexKey(tag);
                    assertThat(j.zrange(index, 0, -1)).containsExactlyInAnyOrder("long", "new");
                    assertThat(j.pttl(index)).isGreaterThan(Duration.ofMinutes(58).toMillis())
                            .isLessThanOrEqualTo(Duration.ofHours(1).toMillis());
                }
            }
            assertThat(cache.list(tag, clock.millis())).hasSize(2);
        }
    }
}
