package dev.authstash.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authstash.testkit.Race;
import dev.authstash.testkit.RedisProcess;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * Issue 19 §4 over HTTP on the sample app (real Redis, a trusted proxy's {@code X-Forwarded-For} standing for many
 * attacker addresses): wrong OTP guesses count against one budget per address across re-sent codes (default 10 per
 * hour), after which even the right code is 403 {@code Too many attempts}; a sixth code within the hour is 429.
 */
class OtpGuessBudgetHttpTest {
    private static final String SEND = "/api/auth/email-otp/send-verification-otp";
    private static final String VERIFY = "/api/auth/email-otp/verify-email";
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

    @AfterEach
    void stop() {
        apps.close();
    }

    /** The bundled config behind a trusted proxy, plus {@code emailOtp} (JSON members, or ""). */
    private void start(String emailOtp) {
        try (Jedis jedis = redis.jedis()) {
            jedis.flushAll();
        }
        String config = Apps.bundledConfigWithTestTimeouts().replace("\"session\":",
                "\"advanced\": { \"ipAddress\": { \"trustedProxies\": [\"127.0.0.1\", \"::1\"] } },\n"
                        + (emailOtp.isEmpty() ? "" : "  \"emailOTP\": {" + emailOtp + "},\n") + "  \"session\":");
        app = apps.start(Apps.env("REDIS_URL", redis.url(), "DATABASE_URL", Apps.sharedH2(),
                "AUTHSTASH_SECRET", "a-secret-of-at-least-thirty-two-characters",
                "AUTHSTASH_CONFIG", Apps.configFile(config)));
        email = Client.newEmail();
        fresh().signUp(email);
    }

    /** A client on an address no request used yet (below the per-IP rule of 5 per minute on /email-otp/*). */
    private Client fresh() {
        int n = addresses.incrementAndGet();
        return new Client(app).forwardedFor("10.30." + (n / 250) + "." + (n % 250 + 1));
    }

    private Response send(Client client) {
        return client.post(SEND, Map.of("email", email, "type", "email-verification"));
    }

    private String lastCode() {
        List<Map<String, String>> messages = new Client(app).outbox(email).jsonPath().getList("$");
        return messages.get(messages.size() - 1).get("otp");
    }

    @Test
    void fiftyConcurrentWrongGuessesAcrossResendsFrom50AddressesGetTenAndThenTheRightCodeIs403() throws Exception {
        start("\"sendLimit\": { \"max\": 1000, \"window\": 3600 }"); // re-sends out of the way: the budget alone
        List<Client> clients = new java.util.ArrayList<>();
        for (int i = 0; i < 50; i++) {
            clients.add(fresh());
        }
        List<String> answers = Race.run(50, t -> {
            Client c = clients.get(t);
            assertThat(send(c).statusCode()).isEqualTo(200); // every attacker re-sends: a fresh code each time
            Response r = c.post(VERIFY, Map.of("email", email, "otp", "wrong"));
            return r.statusCode() + " " + r.jsonPath().getString("message");
        });
        Map<String, Long> counts = answers.stream()
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(counts.getOrDefault("400 Invalid OTP", 0L)).as("wrong guesses compared: %s", counts)
                .isBetween(1L, 10L);
        assertThat(counts.keySet()).allMatch(a -> a.equals("400 Invalid OTP") || a.equals("403 Too many attempts"));
        // a guess at a code whose own 3 tries others used up is refused uncompared and spends no budget: under the
        // race fewer than 10 may have been compared; spend the rest one by one, each at a fresh code
        for (long compared = counts.getOrDefault("400 Invalid OTP", 0L); compared < 10; compared++) {
            send(fresh()).then().statusCode(200);
            fresh().post(VERIFY, Map.of("email", email, "otp", "wrong")).then().statusCode(400);
        }
        Client owner = fresh();
        send(owner).then().statusCode(200);
        Response right = owner.post(VERIFY, Map.of("email", email, "otp", lastCode()));
        assertThat(right.statusCode()).as("the owner's right code once the budget is spent").isEqualTo(403);
        assertThat(right.jsonPath().getString("message")).isEqualTo("Too many attempts");
    }

    @Test
    void aNewCodeBuysNoFreshGuessesUnderTheDefaultBudget() {
        start("");
        int wrong = 0;
        while (wrong < 10) { // 3 + 3 + 3 + 1 over four codes, each from a new address
            send(fresh()).then().statusCode(200);
            for (int i = 0; i < 3 && wrong < 10; i++, wrong++) {
                fresh().post(VERIFY, Map.of("email", email, "otp", "wrong")).then().statusCode(400);
            }
        }
        send(fresh()).then().statusCode(200);
        Response right = fresh().post(VERIFY, Map.of("email", email, "otp", lastCode()));
        assertThat(right.statusCode()).isEqualTo(403);
        assertThat(right.jsonPath().getString("message")).isEqualTo("Too many attempts");
    }

    @Test
    void whenTheBudgetWindowEndsTheRightCodeIsAcceptedAgain() throws Exception {
        start("\"guessBudget\": { \"max\": 2, \"window\": 1 }");
        send(fresh()).then().statusCode(200);
        fresh().post(VERIFY, Map.of("email", email, "otp", "wrong")).then().statusCode(400);
        fresh().post(VERIFY, Map.of("email", email, "otp", "wrong")).then().statusCode(400);
        send(fresh()).then().statusCode(200);
        String code = lastCode();
        Client owner = fresh();
        owner.post(VERIFY, Map.of("email", email, "otp", code)).then().statusCode(403);
        int status = 403;
        long deadline = System.nanoTime() + 10_000_000_000L; // the window ends by Redis' clock: poll, bounded
        while (status == 403 && System.nanoTime() < deadline) {
            Thread.sleep(200);
            status = fresh().post(VERIFY, Map.of("email", email, "otp", code)).statusCode(); // refusals cost nothing
        }
        assertThat(status).isEqualTo(200);
    }

    @Test
    void theSixthCodeOfTheHourIs429PerAddressAndTheCodeBeforeStillVerifies() {
        start("");
        for (int i = 0; i < 5; i++) {
            send(fresh()).then().statusCode(200);
        }
        String fifth = lastCode();
        Response refused = send(fresh());
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.jsonPath().getString("message")).isEqualTo("Too many requests. Please try again later.");
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(3000L, 3600L);
        assertThat(refused.header("X-Retry-After")).isEqualTo(refused.header("Retry-After"));
        assertThat(new Client(app).outbox(email).jsonPath().getList("$")).as("nothing sent").hasSize(5);
        String other = Client.newEmail();
        fresh().signUp(other);
        fresh().post(SEND, Map.of("email", other, "type", "email-verification")).then().statusCode(200);
        fresh().post(SEND, Map.of("email", "ghost-" + other, "type", "email-verification")).then().statusCode(200);
        fresh().post(VERIFY, Map.of("email", email, "otp", fifth)).then().statusCode(200);
    }
}
