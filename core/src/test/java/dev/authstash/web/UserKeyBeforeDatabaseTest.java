package dev.authstash.web;

import static dev.authstash.web.TestRequests.json;
import static dev.authstash.web.TestRequests.post;
import static org.assertj.core.api.Assertions.assertThat;

import dev.authstash.Authstash;
import dev.authstash.config.ConfigLoader;
import dev.authstash.session.JdbcSessionDatabase;
import dev.authstash.session.SessionDatabase;
import dev.authstash.testkit.RedisProcess;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * Issue 20 §4: on a route whose rule keys on {@code user}, the limit is decided before any database read-through
 * ({@code storeSessionInDatabase}): a flood of tokens that Redis does not hold costs no database query in the
 * limits step; such requests count against the key's fallback, the client IP. Real redis-server and H2.
 */
class UserKeyBeforeDatabaseTest {
    @Test
    void aFloodOfTokensMissingFromRedisIsRefusedWithoutADatabaseRead() throws Exception {
        RedisProcess redis = RedisProcess.launch();
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:userkey;DB_CLOSE_DELAY=-1");
        JdbcSessionDatabase table = new JdbcSessionDatabase(h2, "userkey_session");
        table.createTable();
        AtomicInteger reads = new AtomicInteger();
        SessionDatabase counting = (SessionDatabase) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {SessionDatabase.class}, (proxy, method, args) -> {
                    if (method.getName().startsWith("find")) {
                        reads.incrementAndGet();
                    }
                    try {
                        return method.invoke(table, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        String config = """
                {"basePath": "/api/auth", "secondaryStorage": {"url": "%s"},
                 "session": {"storeSessionInDatabase": true},
                 "rateLimit": {"customRules": {"/limited": {"window": 60, "max": 3, "key": "user"}}}}"""
                .formatted(redis.url());
        try (Authstash a = Authstash.builder(ConfigLoader.parse(config, name -> null)).environment(name -> null)
                .secret("0123456789abcdef0123456789abcdef-test").sessionDatabase(counting).build()) {
            List<String> tokens = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                tokens.add(a.sessions().create("user-" + i, "127.0.0.1", "test", null).token());
            }
            try (Jedis j = redis.jedis()) {
                j.flushAll(); // only the database holds them now
            }
            reads.set(0);
            int admitted = 0;
            int refused = 0;
            for (String token : tokens) {
                GateResult r = a.gate().rateLimit(post("/api/auth/limited", "10.9.0.1"),
                        json("{}", "Authorization", "Bearer " + token)).result();
                if (r.proceed()) {
                    admitted++;
                } else {
                    assertThat(r.status()).isEqualTo(429);
                    refused++;
                }
            }
            assertThat(reads.get()).as("database reads before the limit was decided").isZero();
            assertThat(admitted).as("keyed by the client IP, the fallback").isEqualTo(3);
            assertThat(refused).isEqualTo(17);
            assertThat(a.sessions().find(tokens.get(0))).as("the session step still reads through").isPresent();
            assertThat(reads.get()).isPositive();
        } finally {
            redis.stop();
        }
    }
}
