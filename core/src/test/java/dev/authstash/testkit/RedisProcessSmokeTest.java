package dev.authstash.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

class RedisProcessSmokeTest {
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
