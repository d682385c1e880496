package dev.authstash.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.authstash.testkit.RedisProcess;
import dev.authstash.testkit.UpstashEndpoint;
import dev.authstash.testkit.UpstashEndpoint.Fault;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** The REST protocol details: one request per call, NOSCRIPT, sync token, encodings, pipeline, multi-exec, auth. */
class UpstashProtocolTest {
    private static final String TOKEN = "protocol-token-5f3a9c";
    private static RedisProcess redis;
    private static UpstashEndpoint endpoint;

    @BeforeAll
    static void start() {
        redis = RedisProcess.launch();
        endpoint = UpstashEndpoint.start(redis, TOKEN);
    }

    @AfterAll
    static void stop() {
        endpoint.close();
        redis.close();
    }

    @AfterEach
    void noFault() {
        endpoint.fault(Fault.NONE);
    }

    private static UpstashStorage storage() {
        return UpstashStorage.create(UpstashStorageTest.settings(endpoint.url(), TOKEN), "p:");
    }

    @Test
    void everyCallIsOneRequestAndScriptsReloadAfterNoscriptWhateverTheStatus() {
        RedisScript script = RedisScript.of("redis.call('SET', KEYS[1], ARGV[1]) return {1, KEYS[1], ARGV[1]}");
        try (UpstashStorage s = storage(); Jedis j = redis.jedis()) {
            j.scriptFlush();
            long before = endpoint.requests();
            assertThat(s.eval(script, List.of("k1"), List.of("v"))).isEqualTo(List.of(1L, "p:k1", "v"));
            assertThat(endpoint.requests() - before).as("EVALSHA, NOSCRIPT, then EVAL").isEqualTo(2);
            s.increment("counter", Duration.ofMinutes(1)); // loads the increment script the same way
            before = endpoint.requests();
            for (int i = 0; i < 10; i++) {
                s.eval(script, List.of("k1"), List.of("v" + i));
                s.increment("counter", Duration.ofMinutes(1));
            }
            assertThat(endpoint.requests() - before).as("one request per script call once loaded").isEqualTo(20);
            before = endpoint.requests();
            s.set("a", "1", null);
            s.get("a");
            s.getAndDelete("a");
            s.delete("a");
            assertThat(endpoint.requests() - before).isEqualTo(4);
            assertThat(j.get("p:k1")).isEqualTo("v9");
        }
    }

    @Test
    void theSyncTokenOfEachAnswerIsSentWithTheNextRequest() {
        try (UpstashStorage s = storage()) {
            s.set("sync", "1", null);
            String first = s.syncToken();
            assertThat(first).isNotNull();
            s.get("sync");
            assertThat(endpoint.lastSyncTokenReceived()).isEqualTo(first);
            assertThat(s.syncToken()).isNotEqualTo(first);
            s.get("sync");
            assertThat(endpoint.lastSyncTokenReceived()).isNotEqualTo(first).isNotNull();
        }
    }

    @Test
    void responseEncodingNoneWorksAndBase64AgainstAServerWithoutItSaysWhatToSet() {
        UpstashSettings plain = new UpstashSettings(endpoint.url(), TOKEN, "t", UpstashSettings.Encoding.NONE,
                Duration.ofSeconds(5), Duration.ofSeconds(10), 1);
        try (UpstashStorage none = UpstashStorage.create(plain, "p:"); UpstashStorage b64 = storage()) {
            none.set("enc", "héllo wörld", null);
            assertThat(none.get("enc")).isEqualTo("héllo wörld");
            assertThat(b64.get("enc")).isEqualTo("héllo wörld");
            endpoint.fault(Fault.IGNORE_ENCODING);
            assertThat(none.get("enc")).isEqualTo("héllo wörld");
            assertThatThrownBy(() -> b64.get("enc")).isInstanceOf(StorageException.class)
                    .hasMessageContaining("secondaryStorage.upstash.responseEncoding");
        }
    }

    @Test
    void pipelineAndMultiExecAreOneRequestEachWithPerCommandErrors() {
        try (UpstashStorage s = storage(); Jedis j = redis.jedis()) {
            long before = endpoint.requests();
            List<Object> piped = s.pipeline(List.of(List.of("SET", "pl", "x"), List.of("INCR", "pl"),
                    List.of("GET", "pl")));
            assertThat(endpoint.requests() - before).isEqualTo(1);
            assertThat(endpoint.lastPath()).isEqualTo("/pipeline");
            assertThat(piped.get(0)).isEqualTo("OK");
            assertThat(piped.get(1)).isInstanceOf(StorageException.class);
            assertThat(((StorageException) piped.get(1)).getMessage()).contains("not an integer");
            assertThat(piped.get(2)).isEqualTo("x");
            List<Object> tx = s.multiExec(List.of(List.of("SET", "tx", "5"), List.of("INCR", "tx"),
                    List.of("GETDEL", "tx")));
            assertThat(endpoint.lastPath()).isEqualTo("/multi-exec");
            assertThat(tx).containsExactly("OK", 6L, "6");
            assertThat(j.exists("tx")).isFalse();
        }
    }

    @Test
    void aRefusedTokenAtStartUpNamesWhereItCameFromNeverTheToken() {
        UpstashSettings wrong = UpstashSettings.of(endpoint.url(), "wrong-secret-token-value", "UPSTASH_REDIS_REST_TOKEN");
        assertThatThrownBy(() -> UpstashStorage.create(wrong, "p:")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("UPSTASH_REDIS_REST_TOKEN").hasMessageContaining("refused the token")
                .hasMessageNotContaining("wrong-secret-token-value");
    }

    @Test
    void aRefusedTokenLaterIsAStorageFailureLoggedOnce() {
        try (UpstashStorage s = storage()) {
            java.io.PrintStream err = System.err;
            java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
            System.setErr(new java.io.PrintStream(log, true, java.nio.charset.StandardCharsets.UTF_8));
            try {
                endpoint.fault(Fault.UNAUTHORIZED);
                for (int i = 0; i < 3; i++) {
                    assertThatThrownBy(() -> s.get("x")).isInstanceOf(StorageException.class)
                            .hasMessageContaining("HTTP 401").hasMessageNotContaining(TOKEN);
                }
            } finally {
                System.setErr(err);
            }
            String text = log.toString(java.nio.charset.StandardCharsets.UTF_8);
            assertThat(text.split("refused the token", -1)).hasSize(2);
            assertThat(text).doesNotContain(TOKEN);
        }
    }

    @Test
    void plainHttpIsRefusedExceptOnLoopback() {
        assertThatThrownBy(() -> UpstashSettings.validateUrl("http://eu1-cat.upstash.io"))
                .hasMessageContaining("expected an https:// URL (http:// only for a loopback host)")
                .hasMessageContaining("http://eu1-cat.upstash.io");
        assertThatThrownBy(() -> UpstashSettings.validateUrl("https://x.upstash.io/?_token=secret123"))
                .hasMessageNotContaining("secret123");
        assertThatThrownBy(() -> UpstashSettings.validateUrl("redis://x:6379")).hasMessageContaining("https://");
        UpstashSettings.validateUrl("https://eu1-cat.upstash.io");
        UpstashSettings.validateUrl("http://localhost:8079");
        UpstashSettings.validateUrl("http://127.0.0.1:8079");
        UpstashSettings.validateUrl("http://[::1]:8079");
    }
}
