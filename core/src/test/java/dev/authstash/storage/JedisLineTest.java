package dev.authstash.storage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Which Jedis this run has: core's own, or the line a platform manages (the {@code jedis-6} and {@code jedis-7}
 * surefire runs swap it), so the storage tests beside it are known to have run on that line.
 */
class JedisLineTest {
    @Test
    void theJedisOnTheClassPathIsTheOneThisRunIsFor() {
        String expected = System.getProperty("authstash.test.jedis");
        assertThat(expected).as("system property authstash.test.jedis (set by core's pom)").isNotBlank();
        assertThat(RedisClients.jedisVersion()).isEqualTo(expected);
    }
}
