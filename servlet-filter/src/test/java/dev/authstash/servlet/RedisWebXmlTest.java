package dev.authstash.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authstash.testkit.RedisProcess;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * The same web.xml with a real redis-server as secondary storage and 127.0.0.1 as trusted proxy; the
 * context-param is replaced by an override descriptor pointing at a config file written by the test.
 */
class RedisWebXmlTest extends WebXmlDeploymentContract {
    private RedisProcess redis;
    private String config;

    @Override
    TestServer deploy() throws Exception {
        redis = RedisProcess.launch();
        config = TestConfigs.derive(TestConfigs.redis(redis.url()).andThen(TestConfigs.redisPool(64, 2000))
                .andThen(TestConfigs.trustedProxies("127.0.0.1")));
        return TestServer.deploy("webapp-gated", config);
    }

    @Test
    void twoAppInstancesSharingRedisEnforceOneLimitAndShareSessions() throws Exception {
        try (TestServer second = TestServer.deploy("webapp-gated", config)) {
            int[] ports = {server.port(), second.port(), server.port()};
            for (int port : ports) {
                assertThat(RawHttp.get(port, "/shop/api/auth/shared")).isEqualTo(200);
            }
            assertThat(RawHttp.get(second.port(), "/shop/api/auth/shared")).isEqualTo(429);
            assertThat(RawHttp.get(server.port(), "/shop/api/auth/shared")).isEqualTo(429);

            String token = TestSessions.create(server.authstash(), "user-on-a");
            assertThat(RawHttp.get(second.port(), "/shop/private/data", "Authorization: Bearer " + token))
                    .as("a session created through instance A is valid on instance B").isEqualTo(200);
        }
    }

    @AfterAll
    void stopRedis() {
        if (redis != null) {
            redis.stop();
        }
    }

    @Test
    void clientsBehindATrustedProxyGetSeparateQuotas() {
        for (String client : new String[] {"203.0.113.1", "203.0.113.2"}) {
            http().header("X-Forwarded-For", client).get("/api/auth/xff").then().statusCode(200);
            http().header("X-Forwarded-For", client).get("/api/auth/xff").then().statusCode(200);
            http().header("X-Forwarded-For", client).get("/api/auth/xff").then().statusCode(429);
        }
        // the right-most untrusted hop is the client: a spoofed left-most entry changes nothing
        http().header("X-Forwarded-For", "198.51.100.9, 203.0.113.1").get("/api/auth/xff").then().statusCode(429);
        http().header("X-Forwarded-For", "203.0.113.3").get("/api/auth/xff").then().statusCode(200);
    }

    @Test
    void aRotatedForwardedHeaderBuysNoFreshQuotaFromAProxyThatOnlyAppendsXForwardedFor() {
        int allowed = 0;
        int last = 0;
        for (int i = 1; i <= 5; i++) {
            last = http().header("Forwarded", "for=192.0.2." + i).get("/api/auth/xff").statusCode();
            allowed += last == 200 ? 1 : 0;
        }
        assertThat(allowed).as("Forwarded is not listed in ipAddressHeaders: one bucket, the proxy's")
                .isLessThanOrEqualTo(2);
        assertThat(last).isEqualTo(429);
    }

    @Test
    void countersLiveInRedisUnderThePrefix() {
        http().get("/api/auth/list-sessions").then().statusCode(200);
        Set<String> keys = new HashSet<>();
        try (Jedis jedis = redis.jedis()) {
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                ScanResult<String> page = jedis.scan(cursor, new ScanParams().count(1000));
                keys.addAll(page.getResult());
                cursor = page.getCursor();
            } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        }
        assertThat(keys).isNotEmpty().allMatch(k -> k.startsWith("authstash:"));
    }
}
