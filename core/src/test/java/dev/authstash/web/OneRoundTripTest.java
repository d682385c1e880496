package dev.authstash.web;

import static dev.authstash.web.OriginCheckTest.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.authstash.Authstash;
import dev.authstash.config.AuthstashConfig;
import dev.authstash.testkit.RedisProcess;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * A get-session under the global rule: the rate-limit EVALSHA and the session GET travel in one pipeline, so
 * Redis reads one request from the network per get-session (INFO stats {@code total_reads_processed}), and both
 * commands still run (INFO commandstats).
 */
class OneRoundTripTest {
    private static RedisProcess redis;

    @BeforeAll
    static void start() {
        // these tests count Redis commands: the operations feed polls (EVALSHA) only at start-up here
        System.setProperty(dev.authstash.storage.Feed.POLL_PROPERTY, "3600000");
        redis = RedisProcess.launch();
    }

    @AfterAll
    static void stop() {
        redis.close();
        System.clearProperty(dev.authstash.storage.Feed.POLL_PROPERTY);
    }

    private static Map<String, Long> stats(Jedis j) {
        Map<String, Long> out = new HashMap<>();
        for (String line : (j.info("stats") + "\n" + j.info("commandstats")).split("\r?\n")) {
            if (line.startsWith("total_reads_processed:")) {
                out.put("reads", Long.parseLong(line.substring(line.indexOf(':') + 1).trim()));
            } else if (line.startsWith("cmdstat_")) {
                String calls = line.substring(line.indexOf("calls=") + 6);
                out.put(line.substring(8, line.indexOf(':')), Long.parseLong(calls.substring(0, calls.indexOf(','))));
            }
        }
        return out;
    }

    private static long delta(Map<String, Long> before, Map<String, Long> after, String key) {
        return after.getOrDefault(key, 0L) - before.getOrDefault(key, 0L);
    }

    @Test
    void rateLimitAndSessionReadShareOneRoundTripWithoutSkippingEither() {
        try (Authstash authstash = Authstash.builder(AuthstashConfig.builder().basePath("/api/auth")
                .redisUrl(redis.url()).rateLimit(60, 1000).secret("s".repeat(32)).build())
                .environment(k -> null).build();
             Jedis j = redis.jedis()) {
            RequestGate gate = authstash.gate();
            String token = authstash.sessions().create("user-1", null, null, null).token();
            int n = 20;
            Map<Boolean, Map<String, Long>> commands = new HashMap<>();
            for (boolean together : new boolean[] {true, false}) {
                RequestInfo warm = getSession(token);
                gate.rateLimit(warm);
                gate.lookup(warm); // loads the script (NOSCRIPT → EVAL) and fills the pool
                j.info("stats"); // the reads of this connection's own commands are counted below
                Map<String, Long> before = stats(j);
                for (int i = 0; i < n; i++) {
                    RequestInfo r = getSession(token);
                    // apart = as before: the same decision for a request without the cookie, then the lookup
                    GateResult limited = gate.rateLimit(together ? r : request("GET", "/api/auth/get-session"));
                    assertThat(limited.proceed()).isTrue();
                    assertThat(limited.headers()).containsKey("RateLimit");
                    SessionLookup l = gate.lookup(r);
                    assertThat(l.session()).get().extracting(s -> s.userId()).isEqualTo("user-1");
                }
                Map<String, Long> after = stats(j);
                assertThat(delta(before, after, "evalsha")).as("rate-limit scripts").isEqualTo(n);
                // commandstats counts the GETs inside the scripts too: compare with separate round trips below
                commands.put(together, Map.of("get", delta(before, after, "get"), "eval", delta(before, after, "eval")));
                // INFO stats + INFO commandstats are sent twice each; everything else is the n get-sessions
                long reads = delta(before, after, "reads") - 2;
                assertThat(reads).as("network reads, together=" + together).isEqualTo(together ? n : 2L * n);
            }
            assertThat(commands.get(true)).as("the same commands either way").isEqualTo(commands.get(false));
            assertThat(commands.get(true).get("get")).isGreaterThanOrEqualTo(n);
            authstash.sessions().revoke(token);
            RequestInfo r = getSession(token);
            gate.rateLimit(r);
            assertThat(gate.lookup(r).session()).as("a revoked session stays refused").isEmpty();
        }
    }

    private static RequestInfo getSession(String token) {
        return request("GET", "/api/auth/get-session", "Cookie", "authstash.session_token=" + token);
    }
}
