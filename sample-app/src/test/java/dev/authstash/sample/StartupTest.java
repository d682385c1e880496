package dev.authstash.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Start-up: the banner, and every bad setting failing with a message that names it. */
class StartupTest {
    private static final String BAD_MAX = """
            { "basePath": "/api/auth",
              "rateLimit": { "window": 60, "max": 100,
                "customRules": { "/sign-in/email": { "window": 60, "max": -5 } } } }""";
    private final Apps apps = new Apps();

    @AfterEach
    void stop() {
        apps.close();
    }

    @Test
    void aConfigErrorFailsStartNamingTheField() {
        String path = Apps.configFile(BAD_MAX);
        assertThatThrownBy(() -> apps.start("AUTHSTASH_CONFIG", path)).isInstanceOf(StartupException.class)
                .hasMessageContaining("rateLimit.customRules").hasMessageContaining("max");
        String unknownKey = Apps.configFile("{ \"basePath\": \"/api/auth\", \"rateLimt\": {} }");
        assertThatThrownBy(() -> apps.start("AUTHSTASH_CONFIG", unknownKey)).isInstanceOf(StartupException.class)
                .hasMessageContaining("rateLimt");
        String wrongType = Apps.configFile("{ \"rateLimit\": { \"window\": \"sixty\" } }");
        assertThatThrownBy(() -> apps.start("AUTHSTASH_CONFIG", wrongType)).isInstanceOf(StartupException.class)
                .hasMessageContaining("rateLimit.window");
    }

    @Test
    void badEnvironmentValuesFailStartNamingTheVariable() {
        assertThatThrownBy(() -> apps.start("PORT", "eighty")).isInstanceOf(StartupException.class)
                .hasMessageContaining("PORT").hasMessageContaining("eighty");
        assertThatThrownBy(() -> apps.start("DATABASE_URL", "mysql:nowhere")).isInstanceOf(StartupException.class)
                .hasMessageContaining("DATABASE_URL");
        assertThatThrownBy(() -> apps.start("AUTHSTASH_CONFIG", "/no/such/authstash.json"))
                .isInstanceOf(StartupException.class).hasMessageContaining("/no/such/authstash.json");
        assertThatThrownBy(() -> apps.start("REDIS_URL", "http://not-redis:80"))
                .isInstanceOf(StartupException.class).hasMessageContaining("http://not-redis:80")
                .hasMessageContaining("REDIS_URL");
        assertThatThrownBy(() -> apps.start("AUTHSTASH_SECRET", "too-short")).isInstanceOf(StartupException.class)
                .hasMessageContaining("AUTHSTASH_SECRET");
    }

    @Test
    void startWithPortZeroBindsAFreePort() {
        Running app = apps.start();
        assertThat(app.port()).isPositive();
        assertThat(app.url()).isEqualTo("http://localhost:" + app.port());
        new Client(app).get("/api/v1/health", null).then().statusCode(200);
    }

    @Test
    void theMainClassExitsNonZeroWithTheFieldOnStderr() throws Exception {
        Process p = launch(Map.of("AUTHSTASH_CONFIG", Apps.configFile(BAD_MAX), "PORT", "0"), true);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).isNotZero();
        assertThat(stderr).contains("cannot start").contains("rateLimit.customRules").contains("max");
    }

    @Test
    void theMainClassPrintsUrlStorageDatabaseAndRules() throws Exception {
        Process p = launch(Map.of("PORT", "0"), false);
        try {
            List<String> lines = new ArrayList<>();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null && !line.contains("try: curl")) {
                    lines.add(line);
                }
            }
            String banner = String.join("\n", lines);
            assertThat(banner).containsPattern("listening on http://localhost:[1-9][0-9]*")
                    .contains("secondary storage: in memory").contains("database:          embedded H2")
                    .contains("config:            classpath:authstash.json")
                    .containsPattern("/api/auth/sign-in/email +5 per 60 s")
                    .containsPattern("/api/auth/sign-up/email +5 per 60 s")
                    .containsPattern("/api/auth/forget-password +3 per 60 s")
                    .containsPattern("/api/auth/email-otp/\\* +5 per 60 s")
                    .containsPattern("/api/auth/\\*\\* +100 per 60 s");
        } finally {
            p.destroy();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static Process launch(Map<String, String> env, boolean captureStderr) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                SampleApp.class.getName());
        pb.environment().remove("REDIS_URL");
        pb.environment().remove("UPSTASH_REDIS_REST_URL");
        pb.environment().remove("UPSTASH_REDIS_REST_TOKEN");
        pb.environment().remove("DATABASE_URL");
        pb.environment().remove("AUTHSTASH_CONFIG");
        pb.environment().putAll(env);
        pb.redirectError(captureStderr ? ProcessBuilder.Redirect.PIPE : ProcessBuilder.Redirect.DISCARD);
        return pb.start();
    }
}
