package dev.authstash.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authstash.testkit.RedisProcess;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * Issue 19 §3 over HTTP against the sample app's bundled config on real Redis: attackers on 50 addresses (a trusted
 * proxy's {@code X-Forwarded-For}) lock an account, yet its owner's browser that signed in before (device cookie)
 * still signs in; a new browser is refused; no forged cookie buys the exemption; a device that spends its own
 * bucket loses it; unlock, a password reset and an e-mail OTP lift the lock.
 */
class DeviceCookieLockoutTest {
    private static final String DEVICE = "authstash.device_token=";
    private static RedisProcess redis;
    private final Apps apps = new Apps();
    private final AtomicInteger addresses = new AtomicInteger();
    private Running app;
    private String email;

    @BeforeAll
    static void launchRedis() {
        redis = RedisProcess.launch();
    }

    @AfterAll
    static void stopRedis() {
        redis.stop();
    }

    @BeforeEach
    void start() {
        try (Jedis jedis = redis.jedis()) {
            jedis.flushAll();
        }
        String config = Apps.bundledConfigWithTestTimeouts().replace("\"session\":",
                "\"advanced\": { \"ipAddress\": { \"trustedProxies\": [\"127.0.0.1\", \"::1\"] } },\n  \"session\":");
        app = apps.start(Apps.env("REDIS_URL", redis.url(), "DATABASE_URL", Apps.sharedH2(),
                "AUTHSTASH_SECRET", "a-secret-of-at-least-thirty-two-characters",
                "AUTHSTASH_CONFIG", Apps.configFile(config)));
        email = Client.newEmail();
        fresh().signUp(email);
    }

    @AfterEach
    void stop() {
        apps.close();
    }

    /** A client on an address no request used yet (below the per-IP rule of 5 per minute). */
    private Client fresh() {
        int n = addresses.incrementAndGet();
        return new Client(app).forwardedFor("10.20." + (n / 250) + "." + (n % 250 + 1));
    }

    private Response signIn(String account, String password, String cookie) {
        RequestSpecification spec = fresh().spec(null).contentType(ContentType.JSON);
        if (cookie != null) { // a browser: it tells the origin check where the request comes from
            spec = spec.header("Cookie", cookie).header("Sec-Fetch-Site", "same-origin");
        }
        return spec.body(Map.of("email", account, "password", password)).post("/api/auth/sign-in/email");
    }

    /** The device cookie of a successful sign-in, as the browser sends it back ({@code name=value}). */
    private String browserSignsIn(String account, String password) {
        Response r = signIn(account, password, null);
        r.then().statusCode(200);
        String setCookie = r.headers().getValues("Set-Cookie").stream().filter(c -> c.startsWith(DEVICE)).findFirst()
                .orElseThrow(() -> new AssertionError("no device cookie in " + r.headers()));
        assertThat(setCookie).contains("HttpOnly").contains("Max-Age=31536000").contains("SameSite=Lax");
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    private void lockTheAccountFrom50Addresses() {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            statuses.add(signIn(email, "wrong password " + i, null).statusCode());
        }
        assertThat(statuses.subList(0, 10)).containsOnly(401);
        assertThat(statuses.subList(10, 50)).containsOnly(429);
    }

    @Test
    void theOwnersBrowserSignsInThroughALockoutANewBrowserDoesNot() {
        String owner = browserSignsIn(email, Client.PASSWORD);
        lockTheAccountFrom50Addresses();
        Response newBrowser = signIn(email, Client.PASSWORD, null);
        assertThat(newBrowser.statusCode()).isEqualTo(429);
        assertThat(newBrowser.header("RateLimit-Policy")).isEqualTo("\"/sign-in/email#2\";q=10;w=900");
        assertThat(newBrowser.jsonPath().getString("message")).isEqualTo("Too many requests. Please try again later.");
        Response trusted = signIn(email, Client.PASSWORD, "other=1; " + owner);
        assertThat(trusted.statusCode()).as("the owner's browser").isEqualTo(200);
        assertThat(trusted.headers().getValues("Set-Cookie")).anyMatch(c -> c.startsWith(DEVICE)); // re-issued
        assertThat(signIn(email, Client.PASSWORD, null).statusCode()).isEqualTo(429);
    }

    @Test
    void noForgedCookieBuysTheExemption() {
        String owner = browserSignsIn(email, Client.PASSWORD);
        String attacker = Client.newEmail();
        fresh().signUp(attacker);
        String attackersOwn = browserSignsIn(attacker, Client.PASSWORD); // valid, for another account
        Running other = apps.start(Apps.env("DATABASE_URL", Apps.sharedH2())); // another deployment: another key
        new Client(other).signUp(email);
        Response elsewhere = new Client(other).signInRaw(email, Client.PASSWORD);
        String otherKey = elsewhere.headers().getValues("Set-Cookie").stream().filter(c -> c.startsWith(DEVICE))
                .findFirst().orElseThrow();
        otherKey = otherKey.substring(0, otherKey.indexOf(';'));
        lockTheAccountFrom50Addresses();
        String[] p = owner.substring(DEVICE.length()).split("\\.");
        String later = Long.toString(Long.parseLong(p[0], 36) + 1_000_000, 36);
        List<String> forged = List.of(
                DEVICE + p[0] + "." + p[1] + "." + (p[2].charAt(5) == 'x' ? 'y' : 'x') + p[2].substring(1), // signature
                DEVICE + later + "." + p[1] + "." + p[2], // a later expiry
                DEVICE + "1." + p[1] + "." + p[2], // expired in 1970
                DEVICE + p[0] + "." + (p[1].charAt(0) == 'A' ? 'B' : 'A') + p[1].substring(1) + "." + p[2], // device
                attackersOwn, // another account's valid cookie
                otherKey, // the owner's account, signed with a key this deployment does not hold
                DEVICE + "garbage", DEVICE + "..", DEVICE, DEVICE + "%00%ff", DEVICE + "x".repeat(3000),
                DEVICE.replace("=", "") + "; " + DEVICE + "\"" + p[0] + "\"");
        for (String cookie : forged) {
            Response r = signIn(email, Client.PASSWORD, cookie);
            assertThat(r.statusCode()).as(cookie).isEqualTo(429);
        }
        assertThat(signIn(email, Client.PASSWORD, owner).statusCode()).isEqualTo(200);
    }

    @Test
    void aDeviceThatSpendsItsOwnBucketLosesItsExemption() {
        String owner = browserSignsIn(email, Client.PASSWORD);
        lockTheAccountFrom50Addresses();
        for (int i = 0; i < 10; i++) { // the stolen cookie, or the owner mistyping: the device's own 10
            assertThat(signIn(email, "wrong " + i, owner).statusCode()).isEqualTo(401);
        }
        Response spent = signIn(email, Client.PASSWORD, owner);
        assertThat(spent.statusCode()).isEqualTo(429);
        assertThat(spent.header("RateLimit-Policy")).isEqualTo("\"/sign-in/email#2:device\";q=10;w=900");
    }

    @Test
    void concurrentWrongAttemptsWithOneDeviceCookieAdmitExactlyTheDeviceMax() throws Exception {
        String owner = browserSignsIn(email, Client.PASSWORD);
        int n = 40;
        List<Callable<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Client client = fresh();
            int guess = i;
            calls.add(() -> client.spec(null).contentType(ContentType.JSON).header("Cookie", owner)
                    .header("Sec-Fetch-Site", "same-origin")
                    .body(Map.of("email", email, "password", "wrong " + guess)).post("/api/auth/sign-in/email")
                    .statusCode());
        }
        List<Integer> statuses = race(calls);
        assertThat(statuses.stream().filter(s -> s == 401).count()).as(statuses.toString()).isEqualTo(10);
        assertThat(statuses.stream().filter(s -> s == 429).count()).isEqualTo(n - 10);
    }

    @Test
    void unlockLiftsTheLock() {
        lockTheAccountFrom50Addresses();
        assertThat(app.authstash().unlock(email.toUpperCase())).isEqualTo(1);
        assertThat(signIn(email, Client.PASSWORD, null).statusCode()).isEqualTo(200);
    }

    @Test
    void aPasswordResetLiftsTheLock() {
        lockTheAccountFrom50Addresses();
        fresh().post("/api/auth/forget-password", Map.of("email", email)).then().statusCode(200);
        List<Map<String, String>> messages = fresh().outbox(email).jsonPath().getList("$");
        String token = messages.get(messages.size() - 1).get("token");
        fresh().post("/api/auth/reset-password", Map.of("token", token, "newPassword", "a brand new password"))
                .then().statusCode(200);
        assertThat(signIn(email, "a brand new password", null).statusCode()).isEqualTo(200);
    }

    @Test
    void anEmailOtpLiftsTheLock() {
        lockTheAccountFrom50Addresses();
        fresh().post("/api/auth/email-otp/send-verification-otp", Map.of("email", email, "type", "email-verification"))
                .then().statusCode(200);
        List<Map<String, String>> messages = fresh().outbox(email).jsonPath().getList("$");
        String otp = messages.get(messages.size() - 1).get("otp");
        fresh().post("/api/auth/email-otp/verify-email", Map.of("email", email, "otp", otp)).then().statusCode(200);
        assertThat(signIn(email, Client.PASSWORD, null).statusCode()).isEqualTo(200);
    }

    private static List<Integer> race(List<Callable<Integer>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> futures = new ArrayList<>();
            for (Callable<Integer> call : calls) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return call.call();
                }));
            }
            go.countDown();
            List<Integer> out = new ArrayList<>();
            for (Future<Integer> f : futures) {
                out.add(f.get(120, TimeUnit.SECONDS));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}
