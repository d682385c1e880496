package dev.authstash.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authstash.storage.RedisStorage;
import dev.authstash.testkit.RedisProcess;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** The revocation checks cost nothing on the hot path: a cached lookup is one Redis GET and no SQL. */
class HotPathTest {

    @Test
    void aCachedLookupIsOneRedisGetAndNoSqlEvenAfterRevocations() {
        AtomicInteger sql = new AtomicInteger();
        JdbcSessionDatabase real = Databases.H2.freshTable();
        SessionDatabase counted = (SessionDatabase) Proxy.newProxyInstance(SessionDatabase.class.getClassLoader(),
                new Class<?>[] {SessionDatabase.class}, (proxy, method, args) -> {
                    sql.incrementAndGet();
                    try {
                        return method.invoke(real, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        try (RedisProcess redis = RedisProcess.launch(); RedisStorage storage = Stores.redis(redis);
             Jedis admin = redis.jedis()) {
            SessionStore store = new SessionStore(storage, counted, Modes.storeInDatabase(true), Clock.systemUTC());
            CreatedSession kept = store.create("user-1", null, null, null);
            store.revokeOthers("user-1", kept.token());
            store.revoke(store.create("user-2", null, null, null).token());
            assertThat(store.find(kept.token())).isPresent();
            sql.set(0);
            Map<String, Long> before = calls(admin.info("commandstats"));
            int n = 50;
            for (int i = 0; i < n; i++) {
                assertThat(store.find(kept.token())).isPresent();
            }
            Map<String, Long> after = calls(admin.info("commandstats"));
            assertThat(sql.get()).as("SQL statements").isZero();
            assertThat(after.get("get") - before.getOrDefault("get", 0L)).as("GETs").isEqualTo(n);
            after.forEach((cmd, c) -> {
                long delta = c - before.getOrDefault(cmd, 0L);
                if (!cmd.equals("info")) {
                    assertThat(delta).as("calls of %s", cmd).isEqualTo(cmd.equals("get") ? n : 0);
                }
            });
        }
    }

    /** cmdstat_x:calls=N,... → {x: N} */
    private static Map<String, Long> calls(String info) {
        Map<String, Long> out = new HashMap<>();
        for (String line : info.split("\r?\n")) {
            if (line.startsWith("cmdstat_")) {
                String calls = line.substring(line.indexOf("calls=") + 6);
                out.put(line.substring(8, line.indexOf(':')), Long.parseLong(calls.substring(0, calls.indexOf(','))));
            }
        }
        return out;
    }
}
