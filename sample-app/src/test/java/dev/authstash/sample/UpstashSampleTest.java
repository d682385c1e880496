package dev.authstash.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.authstash.testkit.RedisProcess;
import dev.authstash.testkit.UpstashEndpoint;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * The sample app on Upstash REST from {@code UPSTASH_REDIS_REST_URL} + {@code UPSTASH_REDIS_REST_TOKEN} (the
 * test kit's endpoint in front of a real Redis): the banner names it, two instances share one limit, no fault of
 * the endpoint (HTML page, 5xx, malformed or truncated JSON, 401, slow, down) makes the app answer 500, and a
 * non-https URL or a wrong token stops start-up naming the variable.
 */
class UpstashSampleTest {
    private static final String TOKEN = "sample-upstash-token";
    private static RedisProcess redis;
    private static UpstashEndpoint endpoint;
    private final Apps apps = new Apps();

    @BeforeAll
    static void launch() {
        redis = RedisProcess.launch();
        endpoint = UpstashEndpoint.start(redis, TOKEN);
    }

    @AfterAll
    static void stopAll() {
        endpoint.close();
        redis.close();
    }

    @AfterEach
    void stop() {
        apps.close();
    }

    private Map<String, String> env(String token) {
        return Apps.env("UPSTASH_REDIS_REST_URL", endpoint.url(), "UPSTASH_REDIS_REST_TOKEN", token,
                "REDIS_URL", "redis://127.0.0.1:1", "DATABASE_URL", Apps.sharedH2(),
                "AUTHSTASH_SECRET", "sample-upstash-secret-0123456789abcdef");
    }

    @Test
    void twoInstancesShareOneSignInLimitOverRestAndTheBannerSaysSo() {
        Map<String, String> env = env(TOKEN);
        PrintStream out = System.out;
        ByteArrayOutputStream banner = new ByteArrayOutputStream();
        System.setOut(new PrintStream(banner, true, StandardCharsets.UTF_8));
        Client a;
        try {
            a = new Client(apps.start(env));
        } finally {
            System.setOut(out);
        }
        assertThat(banner.toString(StandardCharsets.UTF_8))
                .contains("secondary storage: Upstash REST " + endpoint.url() + " (UPSTASH_REDIS_REST_URL)")
                .doesNotContain(TOKEN);
        Client b = new Client(apps.start(env));
        String email = Client.newEmail();
        a.signUp(email);
        for (int i = 0; i < 5; i++) {
            (i % 2 == 0 ? a : b).signInRaw(email, "wrong password");
        }
        b.signInRaw(email, Client.PASSWORD).then().statusCode(429);
        a.signInRaw(email, Client.PASSWORD).then().statusCode(429);
        try (Jedis j = redis.jedis()) {
            assertThat(j.keys("authstash:rl:*")).isNotEmpty();
        }
    }

    @Test
    void noFaultOfTheRestEndpointMakesTheAppAnswer500() {
        Client app = new Client(apps.start(env(TOKEN)));
        String email = Client.newEmail();
        app.signUp(email);
        String token = app.signIn(email);
        endpoint.slowMillis(30_000);
        try {
            for (UpstashEndpoint.Fault fault : List.of(UpstashEndpoint.Fault.HTML, UpstashEndpoint.Fault.SERVER_ERROR,
                    UpstashEndpoint.Fault.MALFORMED_JSON, UpstashEndpoint.Fault.TRUNCATED,
                    UpstashEndpoint.Fault.UNAUTHORIZED, UpstashEndpoint.Fault.SLOW)) {
                endpoint.fault(fault);
                for (int i = 0; i < 3; i++) {
                    assertThat(app.signInRaw(email, "wrong password").statusCode()).as("sign-in during %s", fault)
                            .isIn(401, 429, 503);
                    assertThat(app.get("/api/auth/get-session", token).statusCode()).as("get-session during %s", fault)
                            .isIn(200, 401, 503);
                }
            }
            endpoint.fault(UpstashEndpoint.Fault.NONE);
            endpoint.stop();
            assertThat(app.signInRaw(email, "wrong password").statusCode()).as("endpoint down").isIn(401, 429, 503);
        } finally {
            endpoint.fault(UpstashEndpoint.Fault.NONE);
            endpoint.start();
        }
    }

    @Test
    void aWrongTokenOrAPlainHttpUrlStopsStartUpNamingTheVariable() {
        assertThatThrownBy(() -> apps.start(env("not-the-token"))).isInstanceOf(StartupException.class)
                .hasMessageContaining("UPSTASH_REDIS_REST_TOKEN").hasMessageNotContaining("not-the-token");
        Map<String, String> plain = env(TOKEN);
        plain.put("UPSTASH_REDIS_REST_URL", "http://eu1-cat.upstash.io");
        assertThatThrownBy(() -> apps.start(plain)).isInstanceOf(StartupException.class)
                .hasMessageContaining("UPSTASH_REDIS_REST_URL").hasMessageContaining("https://");
    }
}
