package dev.authstash.web;

import static dev.authstash.web.OriginCheckTest.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.authstash.Authstash;
import dev.authstash.config.AuthstashConfig;
import dev.authstash.config.ConfigException;
import dev.authstash.config.ConfigLoader;
import dev.authstash.testkit.MutableClock;
import dev.authstash.testkit.RedisProcess;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** {@code session.cookieCache}: lookups answered from a signed cookie without storage, for at most maxAge. */
class CookieCacheTest {
    private static final String SECRET_A = "a".repeat(32);
    private static final String SECRET_B = "b".repeat(32);
    private static final String DATA = "authstash.session_data";
    private static RedisProcess redis;
    private final MutableClock clock = new MutableClock();
    private Authstash authstash;

    @BeforeAll
    static void start() {
        redis = RedisProcess.launch();
    }

    @AfterAll
    static void stop() {
        redis.close();
    }

    @AfterEach
    void close() {
        if (authstash != null) {
            authstash.close();
        }
    }

    private RequestGate gate(String secrets, boolean cache) {
        authstash = Authstash.builder(AuthstashConfig.builder().basePath("/api/auth").redisUrl(redis.url())
                .secret(secrets).sessionCookieCache(cache, 300).build()).clock(clock).environment(k -> null).build();
        return authstash.gate();
    }

    private static RequestInfo getSession(SignedIn s) {
        return getSession(s.created().token(), cacheValue(s.headers()));
    }

    private static RequestInfo getSession(String token, String cache) {
        return request("GET", "/api/auth/get-session", "Cookie",
                "authstash.session_token=" + token + (cache == null ? "" : "; " + DATA + "=" + cache));
    }

    private static String cacheValue(Map<String, String> headers) {
        String c = headers.get("set-cookie");
        assertThat(c).startsWith(DATA + "=").contains("; HttpOnly; SameSite=Lax");
        return c.substring(DATA.length() + 1, c.indexOf(';'));
    }

    private static long commands() {
        try (Jedis j = redis.jedis()) {
            long total = 0;
            for (String line : j.info("commandstats").split("\r?\n")) {
                // EVALSHA: the revocation feed's poll, every 250 ms in the background (never per request)
                if (line.startsWith("cmdstat_") && !line.startsWith("cmdstat_info:") && !line.startsWith("cmdstat_eval")) {
                    String calls = line.substring(line.indexOf("calls=") + 6);
                    total += Long.parseLong(calls.substring(0, calls.indexOf(',')));
                }
            }
            return total;
        }
    }

    @Test
    void aSignedCookieAnswersWithoutStorageUntilMaxAgeThenStorageDecides() {
        RequestGate gate = gate(SECRET_A, true);
        SignedIn s = gate.signIn(request("POST", "/api/auth/sign-in/email"), "user-1", Map.of("role", "admin"));
        assertThat(s.headers().get("set-cookie")).contains("; Max-Age=300;");
        long before = commands();
        for (int i = 0; i < 20; i++) {
            SessionLookup l = gate.lookup(getSession(s));
            assertThat(l.session()).get().satisfies(x -> {
                assertThat(x.userId()).isEqualTo("user-1");
                assertThat(x.attributes()).containsEntry("role", "admin");
                assertThat(x.id()).isEqualTo(s.created().session().id());
            });
        }
        assertThat(commands() - before).as("Redis commands for 20 cached lookups").isZero();

        try (Jedis j = redis.jedis()) { // gone from storage without a revocation (evicted by Redis, say)
            j.del("authstash:{u:" + s.created().token().substring(44) + "}:s:" + s.created().session().id());
        }
        clock.advance(Duration.ofSeconds(299));
        assertThat(gate.lookup(getSession(s)).session()).isPresent();
        clock.advance(Duration.ofSeconds(1));
        SessionLookup expired = gate.lookup(getSession(s));
        assertThat(expired.session()).isEmpty();
        assertThat(expired.headers().get("set-cookie")).startsWith(DATA + "=; Max-Age=0");
        assertThat(expired.headers().get("Set-Cookie")).startsWith("authstash.session_token=; Max-Age=0");
    }

    @Test
    void aStorageLookupIssuesTheCacheAndTamperedOrForeignCookiesFallBackToStorage() {
        RequestGate gate = gate(SECRET_A, true);
        SignedIn mine = gate.signIn(request("POST", "/api/auth/sign-in/email"), "user-1", Map.of());
        SignedIn other = gate.signIn(request("POST", "/api/auth/sign-in/email"), "user-2", Map.of());
        SessionLookup fresh = gate.lookup(getSession(mine.created().token(), null));
        assertThat(fresh.session()).isPresent();
        String cache = cacheValue(fresh.headers());
        assertThat(gate.lookup(getSession(mine.created().token(), cache)).headers()).doesNotContainKey("set-cookie");

        // a cache cookie of another session never answers for this token
        SessionLookup foreign = gate.lookup(getSession(mine.created().token(), cacheValue(other.headers())));
        assertThat(foreign.session()).get().extracting(x -> x.userId()).isEqualTo("user-1");
        assertThat(foreign.headers()).containsKey("set-cookie");

        authstash.sessions().revoke(mine.created().token());
        String payload = cache.substring(0, cache.indexOf('.'));
        String forged = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(new String(
                java.util.Base64.getUrlDecoder().decode(payload)).replace("\"exp\":", "\"exp\":9").getBytes());
        for (String bad : new String[] {forged + cache.substring(cache.indexOf('.')), cache + "x", "x" + cache,
                cache.substring(0, cache.indexOf('.')), "", ".", "%%%", "a.b"}) {
            assertThat(gate.lookup(getSession(mine.created().token(), bad)).session()).as(bad).isEmpty();
        }
        // nor does a valid cache cookie without its session cookie (Bearer only)
        assertThat(gate.lookup(request("GET", "/api/auth/get-session", "Authorization", "Bearer "
                + other.created().token(), "Cookie", DATA + "=" + cacheValue(other.headers()))).headers())
                .doesNotContainKey("set-cookie");
    }

    @Test
    void signOutClearsTheCacheCookieAndRotationKeepsOldCookiesValid() {
        RequestGate gate = gate(SECRET_A, true);
        SignedIn s = gate.signIn(request("POST", "/api/auth/sign-in/email"), "user-1", Map.of());
        GateResult out = gate.signOut(getSession(s));
        assertThat(out.headers().get("set-cookie")).startsWith(DATA + "=; Max-Age=0");
        close();

        // the old secret still verifies once a new one signs; a cookie keyed with an unknown secret does not
        RequestGate rotated = gate(SECRET_B + "," + SECRET_A, true);
        SignedIn again = rotated.signIn(request("POST", "/api/auth/sign-in/email"), "user-3", Map.of());
        close();
        RequestGate oldOnly = gate(SECRET_A, true);
        SignedIn signedByA = oldOnly.signIn(request("POST", "/api/auth/sign-in/email"), "user-4", Map.of());
        close();
        try (Jedis j = redis.jedis()) {
            j.flushAll(); // storage forgot both sessions: only the cookie can answer
        }
        RequestGate both = gate(SECRET_B + "," + SECRET_A, true);
        assertThat(both.lookup(getSession(signedByA)).session()).as("signed with the old secret").isPresent();
        close();
        RequestGate other = gate(SECRET_A, true);
        assertThat(other.lookup(getSession(again)).session()).as("signed with a secret not listed").isEmpty();
    }

    @Test
    void offByDefaultAndAnUnknownStrategyNamesItsPath() {
        RequestGate gate = gate(SECRET_A, false);
        SignedIn s = gate.signIn(request("POST", "/api/auth/sign-in/email"), "user-1", Map.of());
        assertThat(s.headers()).doesNotContainKey("set-cookie");
        assertThatThrownBy(() -> ConfigLoader.parse("{\"session\":{\"cookieCache\":{\"strategy\":\"jwe\"}}}", k -> null))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("session.cookieCache.strategy").hasMessageContaining("expected \"compact\"");
        assertThatThrownBy(() -> ConfigLoader.parse("{\"session\":{\"cookieCache\":{\"maxAge\":0}}}", k -> null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("session.cookieCache.maxAge");
    }
}
