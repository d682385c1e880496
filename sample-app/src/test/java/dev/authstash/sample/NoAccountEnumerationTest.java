package dev.authstash.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authstash.testkit.RedisProcess;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * forget-password and email-otp/send answer an address without an account exactly as one with an account: the
 * same status and body, and the same Redis commands (so the same work and about the same time). Timing itself is
 * not asserted (benchmarks measure time); the command mix is what would differ.
 */
class NoAccountEnumerationTest {
    private static RedisProcess redis;
    private final Apps apps = new Apps();

    @BeforeAll
    static void launchRedis() {
        // these tests count Redis commands: the operations feed polls (EVALSHA) only at start-up here
        System.setProperty(dev.authstash.storage.Feed.POLL_PROPERTY, "3600000");
        redis = RedisProcess.launch();
    }

    @AfterAll
    static void stopRedis() {
        redis.stop();
        System.clearProperty(dev.authstash.storage.Feed.POLL_PROPERTY);
    }

    @AfterEach
    void stop() {
        apps.close();
    }

    @Test
    void knownAndUnknownAddressesCostTheSameRedisCommands() {
        Running app = apps.start("REDIS_URL", redis.url(), "AUTHSTASH_SECRET", "a-secret-of-at-least-thirty-two-characters",
                "AUTHSTASH_CONFIG", Apps.configFile(Apps.bundledConfigWithTestTimeouts()));
        String known = Client.newEmail();
        new Client(app).signUp(known);
        for (String[] call : new String[][] {
                {"/api/auth/forget-password", "{\"email\":\"%s\"}"},
                {"/api/auth/email-otp/send-verification-otp", "{\"email\":\"%s\",\"type\":\"email-verification\"}"}}) {
            // one client, its route counter already made: INFO counts the commands scripts run too, so both requests
            // must take the same path through the rate-limit script
            Client client = new Client(app);
            assertThat(client.post(call[0], String.format(call[1], Client.newEmail())).statusCode()).isEqualTo(200);
            Map<String, Long> before = commands();
            var knownAnswer = client.post(call[0], String.format(call[1], known));
            Map<String, Long> afterKnown = commands();
            var unknownAnswer = client.post(call[0], String.format(call[1], Client.newEmail()));
            Map<String, Long> afterUnknown = commands();
            assertThat(unknownAnswer.statusCode()).isEqualTo(knownAnswer.statusCode()).isEqualTo(200);
            assertThat(unknownAnswer.body().asString()).isEqualTo(knownAnswer.body().asString());
            assertThat(delta(afterKnown, afterUnknown)).as(call[0]).isEqualTo(delta(before, afterKnown))
                    .isNotEmpty();
        }
    }

    /** Calls per command ({@code INFO commandstats}), without the INFO calls themselves. */
    private static Map<String, Long> commands() {
        try (Jedis j = new Jedis("127.0.0.1", redis.port())) {
            Map<String, Long> calls = new TreeMap<>();
            for (String line : j.info("commandstats").split("\r?\n")) {
                if (line.startsWith("cmdstat_") && !line.startsWith("cmdstat_info:")) {
                    String name = line.substring(8, line.indexOf(':'));
                    int at = line.indexOf("calls=") + 6;
                    calls.put(name, Long.parseLong(line.substring(at, line.indexOf(',', at))));
                }
            }
            return calls;
        }
    }

    private static Map<String, Long> delta(Map<String, Long> from, Map<String, Long> to) {
        Map<String, Long> d = new TreeMap<>();
        to.forEach((k, v) -> {
            long n = v - from.getOrDefault(k, 0L);
            if (n != 0) {
                d.put(k, n);
            }
        });
        return d;
    }
}
