package dev.authstash.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.authstash.testkit.RedisProcess;
import dev.authstash.testkit.UpstashEndpoint;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * Issue 20 §4: a reply from Upstash REST is read up to {@link UpstashHttp#MAX_REPLY_BYTES} (16 MiB) and abandoned
 * beyond, a storage failure naming the bound — never an unbounded buffer of whatever the endpoint (or a proxy in
 * front of it) streams. Test-kit REST endpoint in front of a real redis-server.
 */
class UpstashReplyBoundTest {
    private static final String TOKEN = "bound-token-7c1e2a";

    @Test
    void aReplyOverTheBoundIsAStorageFailureAndSmallerOnesAreRead() {
        try (RedisProcess redis = RedisProcess.launch(); UpstashEndpoint endpoint = UpstashEndpoint.start(redis, TOKEN);
             UpstashStorage s = UpstashStorage.create(UpstashStorageTest.settings(endpoint.url(), TOKEN), "p:");
             Jedis j = redis.jedis()) {
            char[] big = new char[UpstashHttp.MAX_REPLY_BYTES / 2]; // base64 and JSON make the reply larger still
            Arrays.fill(big, 'x');
            j.set("p:huge", new String(big) + new String(big));
            j.set("p:fine", "y".repeat(1_000_000));
            assertThatThrownBy(() -> s.get("huge")).isExactlyInstanceOf(StorageException.class)
                    .hasMessage("Upstash REST GET: reply over 16777216 bytes, not read");
            assertThat(s.get("fine")).hasSize(1_000_000);
        }
    }
}
