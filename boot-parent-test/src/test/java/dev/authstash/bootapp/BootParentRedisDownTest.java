package dev.authstash.bootapp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The same app with its Redis unreachable: it still starts (storage outages are a run-time state, not a
 * configuration error), and Actuator health reports {@code authstash} DOWN with the failure — on each Boot line the
 * module is built on (this source runs on Boot 4 and, from {@code boot35-parent-test}, on Boot 3.5).
 */
@SpringBootTest(classes = BootApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BootParentRedisDownTest {
    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void redisUrl(DynamicPropertyRegistry registry) throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort(); // nothing listens there once the socket is closed
        }
        registry.add("REDIS_URL", () -> "redis://127.0.0.1:" + closed);
    }

    @Test
    void actuatorHealthHasAuthstashDownWithTheError() throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/actuator/health")).timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(503);
        // the component object (one nested level: its details); Boot 3 and 4 order its fields differently
        Matcher component = Pattern.compile("\"authstash\":\\{[^{}]*(\\{[^{}]*}[^{}]*)?}").matcher(health.body());
        assertThat(component.find()).as(health.body()).isTrue();
        assertThat(component.group()).contains("\"status\":\"DOWN\"").contains("\"backend\":\"redis\"")
                .contains("\"circuit\":").contains("\"lastError\":\"dev.authstash.storage.StorageException");
    }
}
