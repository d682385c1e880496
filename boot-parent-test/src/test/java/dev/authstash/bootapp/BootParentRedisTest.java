package dev.authstash.bootapp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authstash.Authstash;
import dev.authstash.storage.RedisStorage;
import dev.authstash.testkit.RedisProcess;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import redis.clients.jedis.UnifiedJedis;

/**
 * The app on Spring Boot's own parent, on real Tomcat, with a real Redis named by {@code REDIS_URL}: it starts
 * (before Jedis-6/7 support: {@code NoClassDefFoundError: redis/clients/jedis/RedisClient}), runs on Boot's managed
 * Jedis, limits over HTTP, and reports Actuator health.
 */
@SpringBootTest(classes = BootApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BootParentRedisTest {
    private static final RedisProcess REDIS = RedisProcess.launch();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    int port;

    @Autowired
    Authstash authstash;

    @Autowired
    MeterRegistry meters;

    @DynamicPropertySource
    static void redisUrl(DynamicPropertyRegistry registry) {
        registry.add("REDIS_URL", REDIS::url);
    }

    @AfterAll
    static void stopRedis() {
        REDIS.stop();
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).method(method, HttpRequest.BodyPublishers.noBody()).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void runsOnTheJedisBootManages() {
        String expected = System.getProperty("boot.managed.jedis");
        assertThat(expected).isNotBlank();
        assertThat(UnifiedJedis.class.getProtectionDomain().getCodeSource().getLocation().toString())
                .contains("jedis-" + expected + ".jar");
        assertThat(authstash.storage()).isInstanceOf(RedisStorage.class);
    }

    @Test
    void fiveSignInsCountOnceEachThenTheSixthIs429() throws Exception {
        List<Integer> statuses = new ArrayList<>();
        List<String> remaining = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            HttpResponse<String> r = send("POST", "/api/auth/sign-in/email");
            statuses.add(r.statusCode());
            remaining.add(r.headers().firstValue("RateLimit").orElse("none").replaceAll(";t=.*", ""));
        }
        assertThat(statuses).containsExactly(401, 401, 401, 401, 401, 429);
        assertThat(remaining).containsExactly("\"/sign-in/email\";r=4", "\"/sign-in/email\";r=3",
                "\"/sign-in/email\";r=2", "\"/sign-in/email\";r=1", "\"/sign-in/email\";r=0", "\"/sign-in/email\";r=0");
        try (var jedis = REDIS.jedis()) {
            assertThat(jedis.keys("authstash:rl:*")).as("the counter lives in Redis").isNotEmpty();
        }
        // bound to the application's Micrometer registry (Boot 3 and 4 name its auto-configuration differently)
        assertThat(meters.find("authstash.ratelimit.decisions").tag("outcome", "limited").counter())
                .as("authstash meters in the app's registry").isNotNull()
                .satisfies(c -> assertThat(c.count()).isGreaterThanOrEqualTo(1.0));
    }

    @Test
    void actuatorHealthHasAuthstashUp() throws Exception {
        HttpResponse<String> health = send("GET", "/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"authstash\":{").contains("\"status\":\"UP\"");
    }
}
