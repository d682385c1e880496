package dev.authstash.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authstash.config.AuthstashConfig;
import dev.authstash.config.ConfigLoader;
import org.junit.jupiter.api.Test;

class BannerTest {
    @Test
    void showsRedisWithoutItsPasswordAndEveryRule() {
        AuthstashConfig config = ConfigLoader.parse("""
                { "basePath": "/api/auth", "secondaryStorage": { "url": "redis://app:hunter2@cache:6379/0" },
                  "rateLimit": { "window": 10, "max": 50, "customRules": {
                    "/sign-in/email": { "window": 60, "max": 5 }, "/get-session": false } } }""", name -> null);
        String text = Banner.text("http://localhost:1234", config, name -> null, "classpath:x.json", "jdbc:h2:mem:db");
        assertThat(text).contains("listening on http://localhost:1234").contains("Redis redis://app:***@cache:6379/0")
                .doesNotContain("hunter2").contains("jdbc:h2:mem:db").contains("classpath:x.json")
                .containsPattern("/api/auth/sign-in/email +5 per 60 s").containsPattern("/api/auth/get-session +never limited")
                .containsPattern("/api/auth/\\*\\* +50 per 10 s \\(global rule\\)");
    }

    @Test
    void redisFromTheEnvironmentIsShownWhenTheConfigNamesNone() {
        AuthstashConfig config = ConfigLoader.parse("{}", name -> null);
        assertThat(Banner.text("http://localhost:1", config, java.util.Map.of("REDIS_URL", "redis://:pw@r:6379")::get,
                "c", "d")).contains("Redis redis://:***@r:6379 (REDIS_URL)");
        assertThat(Banner.text("http://localhost:1", config, name -> null, "c", "d"))
                .contains("secondary storage: in memory");
    }

    @Test
    void upstashFromTheEnvironmentIsNamedWithoutItsToken() {
        AuthstashConfig config = ConfigLoader.parse("{}", name -> null);
        java.util.Map<String, String> env = java.util.Map.of("UPSTASH_REDIS_REST_URL", "https://eu1-cat.upstash.io",
                "UPSTASH_REDIS_REST_TOKEN", "AXsecret", "REDIS_URL", "redis://r:6379");
        assertThat(Banner.text("http://localhost:1", config, env::get, "c", "d"))
                .contains("secondary storage: Upstash REST https://eu1-cat.upstash.io (UPSTASH_REDIS_REST_URL)")
                .doesNotContain("AXsecret");
    }
}
