package dev.authstash.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authstash.storage.RedisScript;
import dev.authstash.storage.ScriptStorage;
import dev.authstash.storage.SecondaryStorage;
import dev.authstash.testkit.MutableClock;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Issue 20 §5: the session scripts touch only the keys they declare (Redis' scripting contract, which Dragonfly
 * enforces by default), on a real redis-server. Each script runs instrumented: every {@code redis.call} first checks
 * that its key arguments are in {@code KEYS}, else the script fails with "undeclared key". Plus §4: revoking one
 * session lowers the per-user index TTL to the longest remaining session.
 */
class DeclaredKeysTest {
    private final MutableClock clock = new MutableClock(Instant.now());
    private final List<String> scriptsRun = new ArrayList<>();
    /** Runs once, after the next script named so (another instance changing the index between two runs). */
    private final AtomicReference<Map.Entry<String, Runnable>> between = new AtomicReference<>();

    private static final String PRELUDE = """
            local __declared = {}
            for _, k in ipairs(KEYS) do __declared[k] = true end
            local __one = {GET = 1, SET = 1, ZADD = 1, ZREM = 1, ZRANGE = 1, ZREMRANGEBYSCORE = 1, ZCARD = 1,
              ZSCORE = 1, PEXPIRE = 1, PTTL = 1, INCR = 1, HSET = 1, HGET = 1, HMGET = 1}
            local function __call(cmd, ...)
              local a = {...}
              local c = string.upper(cmd)
              local n
              if c == 'DEL' or c == 'EXISTS' then n = #a elseif c == 'TIME' then n = 0 elseif __one[c] then n = 1
              else error('instrumented: unknown command ' .. c) end
              for i = 1, n do
                if not __declared[a[i]] then error('undeclared key ' .. tostring(a[i]) .. ' in ' .. c) end
              end
              return redis.call(cmd, ...)
            end
            """;

    private Session session(String id, Duration life) {
        Instant now = clock.instant();
        return new Session(id, "user-1", now, now, now.plus(life), null, null, Map.of());
    }

    /** The storage, with every script instrumented. */
    private ScriptStorage instrumented(SecondaryStorage real) {
        ScriptStorage redis = (ScriptStorage) real;
        return (ScriptStorage) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ScriptStorage.class},
                (proxy, method, args) -> {
                    try {
                        if (method.getName().equals("eval")) {
                            RedisScript script = (RedisScript) args[0];
                            String name = script.source().lines().findFirst().orElse("");
                            scriptsRun.add(name);
                            Object r = method.invoke(redis, RedisScript.of(PRELUDE
                                    + script.source().replace("redis.call(", "__call(")), args[1], args[2]);
                            Map.Entry<String, Runnable> hook = between.get();
                            if (hook != null && name.contains(hook.getKey()) && between.compareAndSet(hook, null)) {
                                hook.getValue().run();
                            }
                            return r;
                        }
                        return method.invoke(redis, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Test
    void everySessionScriptTouchesOnlyItsDeclaredKeys() {
        try (SecondaryStorage real = Backend.REDIS.open(clock)) {
            SessionCache cache = SessionCache.over(instrumented(real));
            assertThat(cache).isInstanceOf(RedisSessionCache.class);
            String tag = SessionTokens.userTag("user-1");
            long now = clock.millis();
            for (String id : List.of("a", "b", "c")) {
                cache.create(tag, session(id, Duration.ofHours(1)), now, 3, 60_000);
                clock.advance(Duration.ofMillis(5));
            }
            assertThat(cache.create(tag, session("d", Duration.ofHours(1)), clock.millis(), 3, 60_000))
                    .as("a create beyond the cap evicts the oldest").containsExactly("a");
            assertThat(cache.list(tag, clock.millis())).hasSize(3);
            assertThat(cache.updateAttributes(tag, Map.of("plan", "pro"), clock.millis(), 60_000)).isEqualTo(3);
            assertThat(cache.list(tag, clock.millis())).allMatch(json -> json.contains("\"plan\":\"pro\""));
            assertThat(cache.put(tag, session("b", Duration.ofHours(2)), clock.millis(), SessionCache.Put.REFRESH, null))
                    .isTrue();
            assertThat(cache.remove(tag, "b", 60_000, clock.millis())).isTrue();
            assertThat(cache.put(tag, session("b", Duration.ofHours(1)), clock.millis(), SessionCache.Put.REPOPULATE,
                    cache.generation(tag))).as("tombstoned").isFalse();
            cache.removeAll(tag, "d", 60_000);
            assertThat(cache.list(tag, clock.millis())).hasSize(1).allMatch(json -> json.contains("\"d\""));
            assertThat(cache.get(tag, "c")).isNull();
            assertThat(scriptsRun).anyMatch(s -> s.contains("Stores a session"))
                    .anyMatch(s -> s.contains("Prunes expired index entries"))
                    .anyMatch(s -> s.contains("Changes the attributes"))
                    .anyMatch(s -> s.contains("Removes one session"))
                    .anyMatch(s -> s.contains("Removes every session"));
        }
    }

    /** A session created between the two runs of a revoke-all (the first learns the members) is removed too. */
    @Test
    void aRevokeAllRacingACreateStillRemovesEverySession() {
        try (SecondaryStorage real = Backend.REDIS.open(clock)) {
            SessionCache cache = SessionCache.over(instrumented(real));
            SessionCache other = SessionCache.over(real);
            String tag = SessionTokens.userTag("user-1");
            cache.create(tag, session("a", Duration.ofHours(1)), clock.millis(), 10, 0);
            cache.create(tag, session("b", Duration.ofHours(1)), clock.millis(), 10, 0);
            between.set(Map.entry("Removes every session", () ->
                    other.create(tag, session("late", Duration.ofHours(1)), clock.millis(), 10, 0)));
            cache.removeAll(tag, null, 60_000);
            assertThat(between.get()).as("the create ran between two runs").isNull();
            assertThat(cache.list(tag, clock.millis())).isEmpty();
            assertThat(cache.get(tag, "late")).isNull();
        }
    }

    /** After one of a user's sessions is revoked, the index lives as long as the longest remaining session. */
    @Test
    void revokingTheLongestSessionLowersTheIndexTtl() {
        try (SecondaryStorage real = Backend.REDIS.open(clock)) {
            SessionCache cache = SessionCache.over(real);
            String tag = SessionTokens.userTag("user-1");
            cache.create(tag, session("short", Duration.ofMinutes(10)), clock.millis(), 10, 0);
            cache.create(tag, session("long", Duration.ofDays(7)), clock.millis(), 10, 0);
            try (var j = Backend.redisProcess().jedis()) {
                String index = "authstash:" + SessionCache.indexKey(tag);
                String creation = "authstash:" + SessionCache.creationKey(tag);
                assertThat(j.pttl(index)).isGreaterThan(Duration.ofDays(6).toMillis());
                assertThat(cache.remove(tag, "long", 0, clock.millis())).isTrue();
                assertThat(j.pttl(index)).isGreaterThan(Duration.ofMinutes(9).toMillis())
                        .isLessThanOrEqualTo(Duration.ofMinutes(10).toMillis());
                assertThat(j.pttl(creation)).isLessThanOrEqualTo(Duration.ofMinutes(10).toMillis());
                assertThat(cache.remove(tag, "short", 0, clock.millis())).isTrue();
                assertThat(j.exists(index)).isFalse();
            }
        }
    }
}
