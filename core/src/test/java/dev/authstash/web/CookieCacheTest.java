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
        return gate(secrets, cache, "compact", "1");
    }

    private RequestGate gate(String secrets, boolean cache, String strategy, String version) {
        authstash = Authstash.builder(AuthstashConfig.builder().basePath("/api/auth").redisUrl(redis.url())
                .secret(secrets).sessionCookieCache(cache, 300).sessionCookieCacheStrategy(strategy)
                .sessionCookieCacheVersion(version).build()).clock(clock).environment(k -> null).build();
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
        assertThatThrownBy(() -> ConfigLoader.parse("{\"session\":{\"cookieCache\":{\"strategy\":\"jwt\"}}}", k -> null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("session.cookieCache.strategy")
                .hasMessageContaining("expected \"compact\" or \"jwe\", got \"jwt\"");
        assertThatThrownBy(() -> ConfigLoader.parse("{\"session\":{\"cookieCache\":{\"version\":\"a b\"}}}",
                k -> null)).isInstanceOf(ConfigException.class).hasMessageContaining("session.cookieCache.version")
                .hasMessageContaining("expected 1 to 64 characters of A-Z a-z 0-9 . _ : -, got \"a b\"");
        assertThatThrownBy(() -> ConfigLoader.parse("{\"session\":{\"cookieCache\":{\"maxAge\":0}}}", k -> null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("session.cookieCache.maxAge");
    }

    @Test
    void aJweCookieAnswersWithoutStorageAndShowsNothingOfTheSession() {
        RequestGate gate = gate(SECRET_A, true, "jwe", "1");
        SignedIn s = gate.signIn(request("POST", "/api/auth/sign-in/email"), "user-1@example.com",
                Map.of("role", "admin"));
        String cache = cacheValue(s.headers());
        String[] parts = cache.split("\\.", -1);
        assertThat(parts).hasSize(5);
        assertThat(parts[1]).as("dir: no encrypted key").isEmpty();
        assertThat(new String(java.util.Base64.getUrlDecoder().decode(parts[0])))
                .matches("\\{\"alg\":\"dir\",\"enc\":\"A256GCM\",\"kid\":\"[A-Za-z0-9_-]{22}\"}");
        for (String part : parts) {
            String decoded = new String(java.util.Base64.getUrlDecoder().decode(part),
                    java.nio.charset.StandardCharsets.ISO_8859_1);
            assertThat(decoded).doesNotContain("user-1").doesNotContain("admin").doesNotContain("userId");
        }
        assertThat(cacheValue(gate.signIn(request("POST", "/api/auth/sign-in/email"), "user-1@example.com", Map.of())
                .headers()).split("\\.")[0]).as("a fresh kid per cookie").isNotEqualTo(parts[0]);
        long before = commands();
        SessionLookup cached = gate.lookup(getSession(s));
        assertThat(cached.session()).get().satisfies(x -> {
            assertThat(x.userId()).isEqualTo("user-1@example.com");
            assertThat(x.attributes()).containsEntry("role", "admin");
        });
        assertThat(commands() - before).as("Redis commands for a cached lookup").isZero();

        authstash.sessions().revoke(s.created().token());
        try (Jedis j = redis.jedis()) {
            j.flushAll(); // only a cookie could answer now
        }
        java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
        String noneHeader = b64.encodeToString("{\"alg\":\"none\"}".getBytes());
        String otherKid = b64.encodeToString(("{\"alg\":\"dir\",\"enc\":\"A256GCM\",\"kid\":\""
                + "A".repeat(22) + "\"}").getBytes());
        String flipped = parts[3].charAt(0) == 'A' ? "B" + parts[3].substring(1) : "A" + parts[3].substring(1);
        for (String bad : new String[] {noneHeader + ".." + parts[2] + "." + parts[3] + "." + parts[4],
                otherKid + ".." + parts[2] + "." + parts[3] + "." + parts[4],
                String.join(".", parts[0], parts[1], parts[2], flipped, parts[4]),
                String.join(".", parts[0], "x", parts[2], parts[3], parts[4]),
                String.join(".", parts[0], parts[1], parts[2], parts[3]), cache + ".", "....", "%.%.%.%.%"}) {
            assertThat(gate.lookup(getSession(s.created().token(), bad)).session()).as(bad).isEmpty();
        }
        close();
        RequestGate compact = gate(SECRET_A, true);
        assertThat(compact.lookup(getSession(s)).session()).as("a jwe cookie under the compact strategy").isEmpty();
    }

    @Test
    void aNewVersionInvalidatesEveryCacheCookieAndJweKeysRotate() {
        RequestGate v1 = gate(SECRET_A, true, "jwe", "1");
        SignedIn jwe = v1.signIn(request("POST", "/api/auth/sign-in/email"), "user-1", Map.of());
        close();
        RequestGate compactV1 = gate(SECRET_A, true);
        SignedIn compact = compactV1.signIn(request("POST", "/api/auth/sign-in/email"), "user-2", Map.of());
        close();
        try (Jedis j = redis.jedis()) {
            j.flushAll(); // storage forgot every session: only the cookies can answer
        }
        RequestGate rotated = gate(SECRET_B + "," + SECRET_A, true, "jwe", "1");
        assertThat(rotated.lookup(getSession(jwe)).session()).as("jwe, sealed with the old secret").isPresent();
        close();
        RequestGate foreign = gate(SECRET_B, true, "jwe", "1");
        assertThat(foreign.lookup(getSession(jwe)).session()).as("jwe, a secret not listed").isEmpty();
        close();
        RequestGate jweV2 = gate(SECRET_A, true, "jwe", "2");
        assertThat(jweV2.lookup(getSession(jwe)).session()).as("jwe, version 1 under version 2").isEmpty();
        close();
        RequestGate compactV2 = gate(SECRET_A, true, "compact", "2");
        assertThat(compactV2.lookup(getSession(compact)).session()).as("compact, version 1 under 2").isEmpty();
        SignedIn again = compactV2.signIn(request("POST", "/api/auth/sign-in/email"), "user-3", Map.of());
        try (Jedis j = redis.jedis()) {
            j.flushAll();
        }
        assertThat(compactV2.lookup(getSession(again)).session()).as("version 2's own cookie").isPresent();
        close();
        RequestGate compactAgainV1 = gate(SECRET_A, true);
        assertThat(compactAgainV1.lookup(getSession(compact)).session()).as("back to version 1").isPresent();
    }
}
