package dev.authstash.web;

import static dev.authstash.web.OriginCheckTest.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.authstash.Authstash;
import dev.authstash.config.AuthstashConfig;
import dev.authstash.storage.MemoryStorage;
import dev.authstash.storage.RedisStorage;
import dev.authstash.storage.SecondaryStorage;
import dev.authstash.storage.StorageSettings;
import dev.authstash.storage.UpstashSettings;
import dev.authstash.storage.UpstashStorage;
import dev.authstash.testkit.RedisClusterProcess;
import dev.authstash.testkit.RedisProcess;
import dev.authstash.testkit.UpstashEndpoint;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.Jedis;

/**
 * Issue 21 §4: every revocation (one, all, others, by id, eviction) reaches the cookie cache of every instance, so a
 * revoked session's cache cookie is refused everywhere at once on the revoking instance and within the feed's poll on
 * the others — on Redis, Redis Cluster and Upstash REST (two instances each) and in memory (one instance).
 */
class CookieCacheRevocationTest {
    private static final String SECRET = "s".repeat(32);
    private static final String DATA = "authstash.session_data";
    private static final String TOKEN = "upstash-test-token";
    private static RedisProcess redis;
    private static RedisClusterProcess cluster;
    private static UpstashEndpoint upstash;
    private final List<AutoCloseable> opened = new ArrayList<>();

    enum Backend { REDIS, CLUSTER, UPSTASH }

    @BeforeAll
    static void start() {
        redis = RedisProcess.launch();
        cluster = RedisClusterProcess.launch(3, 0);
        upstash = UpstashEndpoint.start(redis, TOKEN);
    }

    @AfterAll
    static void stop() {
        upstash.close();
        cluster.close();
        redis.stop();
    }

    @AfterEach
    void close() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
        try (Jedis j = redis.jedis()) {
            j.flushAll();
        }
    }

    private static StorageSettings settings(String url, List<String> nodes) {
        return new StorageSettings(url, nodes, StorageSettings.DEFAULT_KEY_PREFIX, 16, Duration.ofMillis(2000),
                Duration.ofMillis(2000), 1000);
    }

    private SecondaryStorage storage(Backend backend) {
        SecondaryStorage s = switch (backend) {
            case REDIS -> RedisStorage.create(settings(redis.url(), List.of()));
            case CLUSTER -> RedisStorage.create(settings("", cluster.seedNodes()));
            case UPSTASH -> UpstashStorage.create(new UpstashSettings(upstash.url(), TOKEN,
                    UpstashSettings.TOKEN_VARIABLE, UpstashSettings.Encoding.BASE64, Duration.ofSeconds(5),
                    Duration.ofSeconds(20), 1), StorageSettings.DEFAULT_KEY_PREFIX);
        };
        opened.add(s);
        return s;
    }

    /** One application instance with the cookie cache (maxAge 300 s) on {@code storage}. */
    private Authstash instance(SecondaryStorage storage, int maximumSessions) {
        Authstash a = Authstash.builder(AuthstashConfig.builder().basePath("/api/auth").secret(SECRET)
                        .sessionCookieCache(true, 300).maximumSessions(maximumSessions).build())
                .storage(storage).clock(Clock.systemUTC()).environment(k -> null).build();
        opened.add(a);
        return a;
    }

    private static RequestInfo getSession(SignedIn s) {
        String c = s.headers().get("set-cookie");
        return request("GET", "/api/auth/get-session", "Cookie", "authstash.session_token=" + s.created().token()
                + "; " + DATA + "=" + c.substring(DATA.length() + 1, c.indexOf(';')));
    }

    private static SignedIn signIn(Authstash a, String user) {
        return a.gate().signIn(request("POST", "/api/auth/sign-in/email"), user, Map.of());
    }

    /** Waits (at most 10 s; the cookie itself would answer for 300 s) until {@code gate} refuses the cookie. */
    private static boolean refusedSoon(RequestGate gate, SignedIn s) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (gate.lookup(getSession(s)).session().isEmpty()) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    /** Signs in on A, shows the cookie answering on B without storage, revokes on A, expects both to refuse. */
    private void revokedEverywhere(Backend backend, BiConsumer<Authstash, SignedIn> revoke) throws Exception {
        Authstash a = instance(storage(backend), 1000);
        Authstash b = instance(storage(backend), 1000);
        SignedIn s = signIn(a, "user-" + System.nanoTime());
        SignedIn kept = signIn(a, "someone-else-" + System.nanoTime());
        assertThat(b.gate().lookup(getSession(s)).session()).isPresent();
        assertThat(b.gate().lookup(getSession(s)).headers()).doesNotContainKey(CookieCache.SET_COOKIE); // the cookie answered
        revoke.accept(a, s);
        assertThat(a.gate().lookup(getSession(s)).session()).as("on the revoking instance, at once").isEmpty();
        assertThat(refusedSoon(b.gate(), s)).as("on the other instance").isTrue();
        assertThat(b.gate().lookup(getSession(kept)).session()).as("another user's cookie").isPresent();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void revokingOneSession(Backend backend) throws Exception {
        revokedEverywhere(backend, (a, s) -> a.sessions().revoke(s.created().token()));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void revokingAllSessionsOfTheUser(Backend backend) throws Exception {
        revokedEverywhere(backend, (a, s) -> a.sessions().revokeAll(s.created().session().userId()));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void revokingTheOtherSessions(Backend backend) throws Exception {
        revokedEverywhere(backend, (a, s) -> {
            SignedIn current = signIn(a, s.created().session().userId());
            a.sessions().revokeOthers(s.created().session().userId(), current.created().token());
            assertThat(a.gate().lookup(getSession(current)).session()).as("the kept session").isPresent();
        });
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void revokingById(Backend backend) throws Exception {
        revokedEverywhere(backend, (a, s) -> assertThat(a.sessions().revokeSession(s.created().session().userId(),
                s.created().session().id())).isTrue());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void evictingTheOldestAtTheMaximum(Backend backend) throws Exception {
        Authstash a = instance(storage(backend), 2);
        Authstash b = instance(storage(backend), 2);
        String user = "user-" + System.nanoTime();
        SignedIn oldest = signIn(a, user);
        SignedIn second = signIn(b, user);
        assertThat(b.gate().lookup(getSession(oldest)).session()).isPresent();
        SignedIn third = signIn(b, user); // evicts the oldest, in B's create script
        assertThat(b.gate().lookup(getSession(oldest)).session()).isEmpty();
        assertThat(refusedSoon(a.gate(), oldest)).isTrue();
        assertThat(a.gate().lookup(getSession(second)).session()).isPresent();
        assertThat(a.gate().lookup(getSession(third)).session()).isPresent();
    }

    @Test
    void inMemoryTheRevokingInstanceRefusesAtOnce() {
        Authstash a = instance(new MemoryStorage(10_000, Clock.systemUTC()), 1000);
        SignedIn s = signIn(a, "user-1");
        assertThat(a.gate().lookup(getSession(s)).session()).isPresent();
        a.sessions().revoke(s.created().token());
        assertThat(a.gate().lookup(getSession(s)).session()).isEmpty();
        assertThat(a.health().revocationChannel()).isEqualTo("local");
    }

    @Test
    void garbageTokensPublishNothingAndANewInstanceKnowsEarlierRevocations() throws Exception {
        SecondaryStorage storage = storage(Backend.REDIS);
        Authstash a = instance(storage, 1000);
        for (int i = 0; i < 2000; i++) { // sign-outs with tokens nobody holds: no entry anywhere
            a.sessions().revoke("garbage-" + i + ".AAAAAAAAAAAAAAAA");
            a.sessions().revoke("x" + i);
        }
        try (Jedis j = redis.jedis()) {
            assertThat(j.exists("authstash:{rv}:log")).isFalse();
        }
        SignedIn s = signIn(a, "user-1");
        a.sessions().revoke(s.created().token());
        try (Jedis j = redis.jedis()) {
            assertThat(j.xlen("authstash:{rv}:log")).isEqualTo(1);
        }
        Authstash later = instance(storage(Backend.REDIS), 1000); // started after the revocation: reads the last maxAge
        assertThat(later.gate().lookup(getSession(s)).session()).isEmpty();
        assertThat(later.health().revocationChannel()).isEqualTo("up");
    }

    @Test
    void healthSaysWhenTheChannelIsDownAndItRecovers() throws Exception {
        Authstash a = instance(RedisStorage.create(settings(redis.url(), List.of())), 1000);
        assertThat(a.health().revocationChannel()).isEqualTo("up");
        redis.stop();
        try {
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (!a.sessions().revocationChannel().equals("down") && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(a.sessions().revocationChannel()).isEqualTo("down");
        } finally {
            redis.start();
        }
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!a.sessions().revocationChannel().equals("up") && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(a.sessions().revocationChannel()).isEqualTo("up");
    }
}
