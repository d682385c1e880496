package dev.authstash.web;

import static dev.authstash.web.TestRequests.json;
import static dev.authstash.web.TestRequests.post;
import static org.assertj.core.api.Assertions.assertThat;

import dev.authstash.Authstash;
import dev.authstash.config.ConfigLoader;
import dev.authstash.testkit.Race;
import dev.authstash.testkit.RedisProcess;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** Rule keys beyond the client IP, through the gate over a real redis-server. */
class RuleKeysGateTest {
    static final String SECRET = "0123456789abcdef0123456789abcdef-test";
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

    @BeforeEach
    void flush() {
        try (Jedis j = redis.jedis()) {
            j.flushAll();
        }
    }

    @AfterEach
    void close() {
        if (authstash != null) {
            authstash.close();
        }
    }

    /** Authstash over the test Redis with {@code rateLimit} as given (JSON) and {@code hooks} on the builder. */
    static Authstash authstash(String redisUrl, String rateLimit, Consumer<Authstash.Builder> hooks) {
        String json = """
                {"basePath": "/api/auth",
                 "secondaryStorage": {"url": "%s", "connectTimeoutMillis": 2000, "socketTimeoutMillis": 2000,
                                      "poolSize": 32},
                 "rateLimit": %s}""".formatted(redisUrl, rateLimit);
        Authstash.Builder b = Authstash.builder(ConfigLoader.parse(json, name -> null)).environment(name -> null)
                .secret(SECRET);
        hooks.accept(b);
        return b.build();
    }

    private Authstash start(String rateLimit) {
        authstash = authstash(redis.url(), rateLimit, b -> b
                .headerKey("X-Api-Key", v -> v.startsWith("valid-") ? Optional.of("acct-" + v.substring(6)) : Optional.empty())
                .keyResolver("tenant", r -> Optional.ofNullable(r.header("X-Tenant-Verified"))));
        return authstash;
    }

    private static int status(GateResult r) {
        return r.proceed() ? 200 : r.status();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ip", "user", "body:email", "header:x-api-key", "resolver:tenant", "ip+body:email"})
    void everyKeyTypeAdmitsExactlyMaxOf200ConcurrentRequests(String key) throws Exception {
        RequestGate gate = start("{\"customRules\": {\"/limited\": {\"window\": 60, \"max\": 10, \"key\": \"" + key
                + "\"}}}").gate();
        String token = authstash.sessions().create("user-1", "127.0.0.1", "test", Map.of()).token();
        boolean sameIp = key.startsWith("ip");
        List<Integer> statuses = Race.run(200, i -> status(gate.rateLimit(
                post("/api/auth/limited", sameIp ? "10.9.0.1" : "10.9." + (i / 200) + "." + (i % 200 + 1)),
                json("{\"email\":\"Victim@Example.com\"}", "Authorization", "Bearer " + token,
                        "X-Api-Key", "valid-1", "X-Tenant-Verified", "t-1")).result()));
        assertThat(statuses.stream().filter(s -> s == 200).count()).as(key).isEqualTo(10);
        assertThat(statuses.stream().filter(s -> s == 429).count()).as(key).isEqualTo(190);
        String other = authstash.sessions().create("user-2", "127.0.0.1", "test", Map.of()).token();
        assertThat(gate.rateLimit(post("/api/auth/limited", sameIp ? "10.9.0.2" : "10.9.0.7"),
                json("{\"email\":\"other@example.com\"}", "Authorization", "Bearer " + other,
                        "X-Api-Key", "valid-2", "X-Tenant-Verified", "t-2")).result().proceed())
                .as("another value of the key has its own quota").isTrue();
    }

    @Test
    void anAccountLimitHoldsAcross50ClientIpsAndItsOwnerIsToldToWait() throws Exception {
        RequestGate gate = start("{\"customRules\": {\"/sign-in/email\": ["
                + "{\"window\": 60, \"max\": 5}, {\"window\": 900, \"max\": 10, \"key\": \"body:email\"}]}}").gate();
        List<Integer> statuses = Race.run(50, i -> status(gate.rateLimit(post("/api/auth/sign-in/email",
                "203.0.113." + (i + 1)), json("{\"email\":\" victim@example.COM \",\"password\":\"guess" + i
                + "\"}")).result()));
        assertThat(statuses.stream().filter(s -> s == 200).count()).isEqualTo(10);
        GateResult owner = gate.rateLimit(post("/api/auth/sign-in/email", "198.51.100.20"),
                json("{\"email\":\"victim@example.com\",\"password\":\"right\"}")).result();
        assertThat(owner.status()).isEqualTo(429);
        assertThat(owner.headers().get("RateLimit-Policy")).isEqualTo("\"/sign-in/email#2\";q=10;w=900");
        assertThat(Long.parseLong(owner.headers().get("Retry-After"))).isBetween(800L, 900L);
        assertThat(gate.rateLimit(post("/api/auth/sign-in/email", "198.51.100.20"),
                json("{\"email\":\"someone@example.com\"}")).result().proceed()).isTrue();
    }

    @Test
    void hostileBodiesFailClosedWithTheirStatusAndJsonMessageAndCountNothing() {
        RequestGate gate = start("{\"customRules\": {\"/sign-in/email\": [{\"window\": 60, \"max\": 2},"
                + " {\"window\": 60, \"max\": 2, \"key\": \"body:email\"}]}}").gate();
        byte[] big = ("{\"email\":\"a@example.com\",\"pad\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}").getBytes();
        byte[] invalidUtf8 = {'{', '"', 'e', 'm', 'a', 'i', 'l', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        byte[] deep = ("{\"email\":\"a@example.com\",\"x\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}").getBytes();
        byte[] bom = ("\uFEFF{\"email\":\"a@example.com\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] utf16 = "{\"email\":\"a@example.com\"}".getBytes(java.nio.charset.StandardCharsets.UTF_16LE);
        byte[] ok = "{\"email\":\"a@example.com\"}".getBytes();
        Map<RequestDetails, Integer> hostile = new java.util.LinkedHashMap<>();
        hostile.put(TestRequests.details(big, "application/json"), 413);
        hostile.put(TestRequests.details(null, "application/json"), 413); // unreadable: the adapter gave null
        hostile.put(TestRequests.details(invalidUtf8, "application/json"), 400);
        hostile.put(TestRequests.details(deep, "application/json"), 400);
        hostile.put(TestRequests.details(bom, "application/json"), 400);
        hostile.put(TestRequests.details(utf16, "application/json"), 400);
        hostile.put(TestRequests.details(ok, "text/plain"), 415);
        hostile.put(TestRequests.details(ok, "text/json"), 415);
        hostile.put(TestRequests.details("email=a%40example.com".getBytes(), "application/x-www-form-urlencoded"), 415);
        hostile.put(TestRequests.details(ok, "multipart/form-data; boundary=x"), 415);
        hostile.put(TestRequests.details(ok, "application/json; charset=ISO-8859-1"), 415);
        hostile.put(TestRequests.details(ok, null), 415);
        hostile.put(TestRequests.details("{\"email\":\"a@example.com\"".getBytes(), "application/json"), 400);
        hostile.put(TestRequests.details("[\"a@example.com\"]".getBytes(), "application/json"), 400);
        hostile.put(TestRequests.details("{\"email\":{\"$ne\":null}}".getBytes(), "application/json"), 400);
        hostile.put(TestRequests.details("{\"email\":7}".getBytes(), "application/json"), 400);
        hostile.put(TestRequests.details("{\"email\":null}".getBytes(), "application/json"), 400);
        hostile.put(TestRequests.details(new byte[0], "application/json"), 400);
        hostile.put(TestRequests.details("{\"password\":\"x\"}".getBytes(), "application/json"), 400);
        hostile.put(TestRequests.details("{\"email\":\" \\u200b\\u0001 \"}".getBytes(), "application/json"), 400);
        hostile.put(TestRequests.details("{\"email\":\"a@example.com\"}{}".getBytes(), "application/json"), 400);
        hostile.put(TestRequests.details("{\"email\":\"a@example.com\"} 0".getBytes(), "application/json"), 400);
        hostile.put(TestRequests.details("{\"email\":\"x@example.com\",\"email\":\"a@example.com\"}".getBytes(),
                "application/json"), 400);
        hostile.put(TestRequests.details("{\"email\":\"x@example.com\",\"Email\":\"a@example.com\"}".getBytes(),
                "application/json"), 400);
        int n = 0;
        for (Map.Entry<RequestDetails, Integer> body : hostile.entrySet()) {
            GateResult r = gate.rateLimit(post("/api/auth/sign-in/email", "192.0.2.66"), body.getKey()).result();
            assertThat(r.status()).as("hostile body #%d", n++).isEqualTo(body.getValue());
            assertThat(r.body()).startsWith("{\"message\":\"").endsWith("\"}");
        }
        assertThat(gate.rateLimit(post("/api/auth/sign-in/email", "192.0.2.66"), json("{\"email\":\"a@example.com\"}"))
                .result().proceed()).as("nothing was counted, not even under the IP rule").isTrue();
        assertThat(gate.rateLimit(post("/api/auth/sign-in/email", "192.0.2.66"),
                json("{\"email\":\"a@example.com\",\"pad\":[[[[]]]]}  \r\n")).result().proceed()).isTrue();
        assertThat(gate.rateLimit(post("/api/auth/sign-in/email", "192.0.2.66"),
                TestRequests.details(ok, "application/json; charset=\"UTF-8\"")).result().status()).isEqualTo(429);
        assertThat(gate.rateLimit(post("/api/auth/sign-in/email", "192.0.2.67"), TestRequests.details(ok, "text/json"))
                .result().body()).isEqualTo("{\"message\":\"Content-Type must be application/json\"}");
    }

    @Test
    void everySpellingOfOneAccountSharesItsBucketAndNestingPastTheCapIsRefused() {
        RequestGate gate = start("{\"customRules\": {\"/sign-in/email\": {\"window\": 900, \"max\": 3,"
                + " \"key\": \"body:email\"}}}").gate();
        List<String> spellings = List.of("bo@example.com\\u0001", "bo@example.com\\u0001\\u0001", " BO@example.com\\t",
                "bo@exa\\u200bmple.com", "\\uff42\\uff4f@example.com", "bo@example.com\\u00a0", "\\ufeffbo@example.com",
                "bo@example.com\\u2028", "b\\u00adO@Example.COM", "bo@example.com\\ufe0f", "bo@example.com\\udb40\\udc20");
        int allowed = 0;
        for (String spelling : spellings) {
            GateResult r = gate.rateLimit(post("/api/auth/sign-in/email", "198.51.100." + (allowed + 7)),
                    json("{\"email\":\"" + spelling + "\"}")).result();
            assertThat(r.status()).as(spelling).isIn(0, 429);
            allowed += r.proceed() ? 1 : 0;
        }
        assertThat(allowed).as("one account, one bucket of 3").isEqualTo(3);
        for (int depth = 17; depth <= 20; depth++) {
            String nested = "[".repeat(depth - 1) + "]".repeat(depth - 1);
            assertThat(gate.rateLimit(post("/api/auth/sign-in/email", "198.51.100.99"),
                    json("{\"email\":\"carl@example.com\",\"x\":" + nested + "}")).result().status())
                    .as("depth " + depth).isEqualTo(400);
        }
        String sixteen = "[".repeat(15) + "]".repeat(15);
        assertThat(gate.rateLimit(post("/api/auth/sign-in/email", "198.51.100.99"),
                json("{\"email\":\"carl@example.com\",\"x\":" + sixteen + "}")).result().proceed())
                .as("depth 16 is read").isTrue();
    }

    @Test
    void severalRulesAllApplyAndTheTightestDecisionWinsTheHeaders() {
        RequestGate gate = start("{\"customRules\": {\"/sign-in/email\": ["
                + "{\"window\": 60, \"max\": 5}, {\"window\": 900, \"max\": 3, \"key\": \"body:email\"}]}}").gate();
        GateResult first = gate.rateLimit(post("/api/auth/sign-in/email", "192.0.2.1"), json("{\"email\":\"a@x.io\"}")).result();
        assertThat(first.headers()).containsEntry("RateLimit-Policy", "\"/sign-in/email#2\";q=3;w=900");
        assertThat(first.headers().get("RateLimit")).startsWith("\"/sign-in/email#2\";r=2;");
        gate.rateLimit(post("/api/auth/sign-in/email", "192.0.2.1"), json("{\"email\":\"a@x.io\"}"));
        gate.rateLimit(post("/api/auth/sign-in/email", "192.0.2.1"), json("{\"email\":\"a@x.io\"}"));
        GateResult byAccount = gate.rateLimit(post("/api/auth/sign-in/email", "192.0.2.1"),
                json("{\"email\":\"a@x.io\"}")).result();
        assertThat(byAccount.status()).isEqualTo(429);
        assertThat(byAccount.headers()).containsEntry("RateLimit-Policy", "\"/sign-in/email#2\";q=3;w=900");
        assertThat(gate.rateLimit(post("/api/auth/sign-in/email", "192.0.2.1"), json("{\"email\":\"b@x.io\"}"))
                .result().proceed()).as("5th request of the IP").isTrue();
        GateResult byIp = gate.rateLimit(post("/api/auth/sign-in/email", "192.0.2.1"),
                json("{\"email\":\"c@x.io\"}")).result();
        assertThat(byIp.status()).isEqualTo(429);
        assertThat(byIp.headers()).containsEntry("RateLimit-Policy", "\"/sign-in/email\";q=5;w=60");
    }

    @Test
    void methodsLimitOnlyTheirMethodsOthersFallToTheGlobalRule() {
        RequestGate gate = start("{\"window\": 60, \"max\": 100, \"customRules\": {\"/sign-in/email\":"
                + " {\"window\": 60, \"max\": 1, \"methods\": [\"POST\"]}}}").gate();
        assertThat(gate.rateLimit(post("/api/auth/sign-in/email", "192.0.2.1"), json("{}")).result().proceed()).isTrue();
        assertThat(gate.rateLimit(post("/api/auth/sign-in/email", "192.0.2.1"), json("{}")).result().status()).isEqualTo(429);
        GateResult get = gate.rateLimit(RequestInfo.of("GET", "/api/auth/sign-in/email", "192.0.2.1"),
                RequestDetails.NONE).result();
        assertThat(get.proceed()).isTrue();
        assertThat(get.headers()).containsEntry("RateLimit-Policy", "\"default\";q=100;w=60");
    }

    @Test
    void aRuleOnGetAlsoCoversHeadWhichRunsTheGetHandler() {
        RequestGate gate = start("{\"window\": 60, \"max\": 100, \"customRules\": {\"/get-session\":"
                + " {\"window\": 60, \"max\": 2, \"methods\": [\"GET\"]}}}").gate();
        String path = "/api/auth/get-session";
        assertThat(gate.rateLimit(RequestInfo.of("GET", path, "192.0.2.7"), RequestDetails.NONE).result().proceed())
                .isTrue();
        assertThat(gate.rateLimit(RequestInfo.of("head", path, "192.0.2.7"), RequestDetails.NONE).result().proceed())
                .isTrue();
        GateResult third = gate.rateLimit(RequestInfo.of("HEAD", path, "192.0.2.7"), RequestDetails.NONE).result();
        assertThat(third.status()).isEqualTo(429);
        assertThat(third.headers()).containsEntry("RateLimit-Policy", "\"/get-session\";q=2;w=60");
        GateResult post = gate.rateLimit(RequestInfo.of("POST", path, "192.0.2.7"), RequestDetails.NONE).result();
        assertThat(post.headers()).containsEntry("RateLimit-Policy", "\"default\";q=100;w=60");
    }
}
