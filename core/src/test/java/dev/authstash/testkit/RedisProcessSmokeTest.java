package dev.authstash.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

class RedisProcessSmokeTest {
    @Test
    void reportsTheVersionItStartedAndAllowsDebugOnEveryVersion() {
        try (RedisProcess redis = RedisProcess.launch(); Jedis j = redis.jedis()) {
            assertThat(RedisBinary.version()).matches("\\d+\\.\\d+\\.\\d+")
                    .isEqualTo(j.info("server").lines().filter(l -> l.startsWith("redis_version:"))
                            .map(l -> l.substring("redis_version:".length()).strip()).findFirst().orElseThrow());
            // 7.0+ refuses DEBUG unless started with --enable-debug-command (the stall tests need it)
            assertThat(j.sendCommand(() -> "DEBUG".getBytes(java.nio.charset.StandardCharsets.US_ASCII), "SLEEP", "0"))
                    .isNotNull();
        }
    }

    @Test
    void startsAnswersAndLosesDataOnRestart() {
        try (RedisProcess redis = RedisProcess.launch()) {
            try (Jedis j = redis.jedis()) {
                j.set("k", "v");
                assertThat(j.get("k")).isEqualTo("v");
            }
            redis.stop();
            redis.start();
            try (Jedis j = redis.jedis()) {
                assertThat(j.get("k")).isNull();
            }
        }
    }
}
