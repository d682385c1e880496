package dev.authstash.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.authstash.Authstash;
import dev.authstash.config.ConfigLoader;
import dev.authstash.testkit.Race;
import dev.authstash.testkit.RedisProcess;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.Jedis;

/**
 * Issue 19 §1 (second bullet) and §3: {@link RequestGate#attempt} counts where the application decides the
 * identity, device cookies exempt the owner's browser from an account-wide lockout, {@link Authstash#unlock} lifts
 * it; in memory and over a real redis-server.
 */
class AccountAttemptTest {
    private static final String SECRET = "0123456789abcdef0123456789abcdef-test";
    private static final String RULES = """
            {"enabled": true, "window": 60, "max": 1000, "customRules": {"/sign-in/email": [
               {"window": 60, "max": 1000},
               {"window": 900, "max": 3, "key": "account", "count": "failures",
                "deviceCookie": {"window": 900, "max": 2, "maxAge": 86400}}]}}""";
    private static RedisProcess redis;
    private Authstash authstash;

    @BeforeAll
    static void start() {
        redis = RedisProcess.launch();
    }

    @AfterAll
    static void stop() {
        redis.stop();
    }

    @AfterEach
    void close() {
        if (authstash != null) {
            authstash.close();
        }
    }

    private RequestGate gate(String storage) {
        if (storage.equals("redis")) {
            try (Jedis j = redis.jedis()) {
                j.flushAll();
            }
        }
        String url = storage.equals("redis") ? redis.url() : "";
        String json = """
                {"basePath": "/api/auth",
                 "secondaryStorage": {"url": "%s", "connectTimeoutMillis": 2000, "socketTimeoutMillis": 2000,
                                      "poolSize": 64},
                 "rateLimit": %s}""".formatted(url, RULES);
        authstash = Authstash.builder(ConfigLoader.parse(json, name -> null)).environment(name -> null).secret(SECRET)
                .build();
        return authstash.gate();
    }

    private static ChoreographyTest.View signIn(String ip, String... cookie) {
        ChoreographyTest.View v = cookie.length == 0 ? ChoreographyTest.View.of("POST", "/api/auth/sign-in/email")
                : ChoreographyTest.View.of("POST", "/api/auth/sign-in/email", "Cookie", cookie[0]);
        return v.from(ip);
    }

    /** One attempt answered {@code status} when allowed; the attempt's status (429 refused). */
    private static int attempt(RequestGate gate, ChoreographyTest.View view, String email, int status) {
        AccountAttempt a = gate.attempt(view, "/sign-in/email", email);
        if (!a.allowed()) {
            return a.refusal().get().status();
        }
        a.completed(status);
        return status;
    }

    /** The device cookie a successful sign-in issues, as the browser sends it back. */
    private static String deviceCookie(RequestGate gate, String email) {
        AccountAttempt ok = gate.attempt(signIn("198.51.100.1"), "/sign-in/email", email);
        assertThat(ok.allowed()).isTrue();
        List<Header> headers = ok.completed(200);
        assertThat(headers).hasSize(1);
        String setCookie = headers.get(0).value();
        assertThat(setCookie).startsWith("authstash.device_token=").contains("HttpOnly").contains("Max-Age=86400");
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "redis"})
    void aLockedAccountStillAdmitsItsOwnersDeviceUntilTheDeviceSpendsItsOwnBucket(String storage) {
        RequestGate gate = gate(storage);
        String email = "bo@example.com";
        String owner = deviceCookie(gate, email);
        for (int i = 0; i < 3; i++) { // attackers on three addresses, spellings of one account
            assertThat(attempt(gate, signIn("203.0.113." + i), List.of(" Bo@Example.com", "bo@example.com\u0001",
                    "ｂｏ@example.com").get(i), 401)).isEqualTo(401);
        }
        AccountAttempt refused = gate.attempt(signIn("203.0.113.77"), "/sign-in/email", email);
        assertThat(refused.allowed()).isFalse();
        GateOutcome.Respond r = refused.refusal().get();
        assertThat(r.status()).isEqualTo(429);
        assertThat(r.body()).isEqualTo("{\"message\":\"Too many requests. Please try again later.\"}");
        assertThat(r.headers()).extracting(Header::name)
                .containsExactly("RateLimit-Policy", "RateLimit", "Retry-After", "X-Retry-After");
        assertThat(r.headers().get(0).value()).isEqualTo("\"/sign-in/email#2\";q=3;w=900");
        assertThat(refused.completed(401)).isEmpty();
        assertThat(attempt(gate, signIn("198.51.100.2"), email, 200)).as("a new browser of the owner").isEqualTo(429);

        AccountAttempt trusted = gate.attempt(signIn("198.51.100.1", owner), "/sign-in/email", email);
        assertThat(trusted.allowed()).as("the owner's browser").isTrue();
        assertThat(trusted.trustedDevice()).isTrue();
        trusted.completed(401); // the owner mistypes twice: the device bucket (max 2)
        assertThat(attempt(gate, signIn("198.51.100.1", owner), email, 401)).isEqualTo(401);
        AccountAttempt spent = gate.attempt(signIn("198.51.100.1", owner), "/sign-in/email", email);
        assertThat(spent.allowed()).as("a device that spent its bucket loses its exemption").isFalse();
        assertThat(spent.refusal().get().headers().get(0).value()).isEqualTo("\"/sign-in/email#2:device\";q=2;w=900");
        assertThat(attempt(gate, signIn("203.0.113.5"), "al@example.com", 401)).as("other accounts").isEqualTo(401);
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "redis"})
    void forgedExpiredForeignAndGarbageCookiesCountAsUntrusted(String storage) {
        RequestGate gate = gate(storage);
        String email = "bo@example.com";
        String owner = deviceCookie(gate, email);
        String other = deviceCookie(gate, "al@example.com");
        String value = owner.substring(owner.indexOf('=') + 1);
        String[] p = value.split("\\.");
        String wrongKey = new DeviceCookiesTestAccess().otherKeyCookie(email);
        for (int i = 0; i < 3; i++) {
            attempt(gate, signIn("203.0.113." + i), email, 401);
        }
        List<String> forged = List.of(
                "authstash.device_token=" + p[0] + "." + p[1] + "." + (p[2].charAt(0) == 'A' ? 'B' : 'A') + p[2].substring(1),
                "authstash.device_token=" + Long.toString(Long.parseLong(p[0], 36) + 1, 36) + "." + p[1] + "." + p[2],
                "authstash.device_token=" + "1." + p[1] + "." + p[2], // expired long ago (and forged)
                other.replace("authstash.device_token=", "authstash.device_token="), // another account's
                "authstash.device_token=" + wrongKey, // signed with a key not in the list
                "authstash.device_token=garbage", "authstash.device_token=" + "x".repeat(5000),
                "authstash.device_token=..", "authstash.device_token=");
        for (String cookie : forged) {
            AccountAttempt a = gate.attempt(signIn("198.51.100.3", cookie), "/sign-in/email", email);
            assertThat(a.trustedDevice()).as(cookie).isFalse();
            assertThat(a.allowed()).as(cookie).isFalse();
        }
        assertThat(gate.attempt(signIn("198.51.100.3", owner), "/sign-in/email", email).allowed()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "redis"})
    void unlockLiftsTheAccountLockAndOnlyThatAccounts(String storage) {
        RequestGate gate = gate(storage);
        for (String email : List.of("bo@example.com", "al@example.com")) {
            for (int i = 0; i < 3; i++) {
                attempt(gate, signIn("203.0.113." + i), email, 401);
            }
            assertThat(attempt(gate, signIn("198.51.100.2"), email, 200)).isEqualTo(429);
        }
        assertThat(authstash.unlock(" BO@example.com")).isEqualTo(1);
        assertThat(attempt(gate, signIn("198.51.100.2"), "bo@example.com", 200)).isEqualTo(200);
        assertThat(attempt(gate, signIn("198.51.100.2"), "al@example.com", 200)).isEqualTo(429);
        assertThatThrownBy(() -> authstash.unlock("\u200B ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void successesAndMalformedAnswersNeverCountAndTheRouteFilterLeavesAccountRulesAlone() {
        RequestGate gate = gate("redis");
        for (int i = 0; i < 10; i++) {
            assertThat(attempt(gate, signIn("203.0.113.1"), "bo@example.com", i % 2 == 0 ? 200 : 400)).isIn(200, 400);
            GateOutcome limits = gate.limits(signIn("203.0.113.1"));
            assertThat(limits).isInstanceOf(GateOutcome.Proceed.class);
            assertThat(limits.headers().get(0).value()).isEqualTo("\"/sign-in/email\";q=1000;w=60");
        }
        AccountAttempt empty = gate.attempt(signIn("203.0.113.1"), "/sign-in/email", " \u200B\u0007 ");
        assertThat(empty.refusal().get().status()).isEqualTo(400);
        for (int i = 0; i < 5; i++) { // no rule keyed on account has that name: uncounted (and a WARN)
            AccountAttempt unnamed = gate.attempt(signIn("203.0.113.1"), "/sign-up/email", "bo@example.com");
            assertThat(unnamed.allowed()).isTrue();
            assertThat(unnamed.completed(401)).isEmpty();
        }
        assertThat(gate.attempt(signIn("203.0.113.1"), "/sign-in/email#2", "bo@example.com").allowed()).isTrue();
    }

    @Test
    void concurrentWrongAttemptsWithOneDeviceCookieAdmitExactlyTheDeviceMax() throws Exception {
        RequestGate gate = gate("redis");
        String email = "bo@example.com";
        String owner = deviceCookie(gate, email);
        List<Integer> statuses = Race.run(40, t -> attempt(gate, signIn("203.0.113." + t, owner), email, 401));
        assertThat(statuses.stream().filter(s -> s == 401).count()).isEqualTo(2);
        assertThat(statuses.stream().filter(s -> s == 429).count()).isEqualTo(38);
        List<Integer> untrusted = Race.run(40, t -> attempt(gate, signIn("192.0.2." + t), email, 401));
        assertThat(untrusted.stream().filter(s -> s == 401).count()).isEqualTo(3);
    }

    /** A cookie as another deployment (another secret) would sign it. */
    private static final class DeviceCookiesTestAccess {
        String otherKeyCookie(String email) {
            SessionCookies session = new SessionCookies(new TokenHeaders("better-auth.session_token"),
                    new Scheme(new dev.authstash.client.ClientIpResolver(dev.authstash.client.IpAddressSettings.defaults())),
                    false, java.time.Clock.systemUTC());
            return new DeviceCookies("better-auth.session_token", session, java.time.Clock.systemUTC(),
                    List.of("another-secret-of-at-least-32-characters!".getBytes())).value(email, 86400);
        }
    }

    static Map<String, String> unused() {
        return Map.of();
    }
}
