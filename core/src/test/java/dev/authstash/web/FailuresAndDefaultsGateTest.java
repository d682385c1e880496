package dev.authstash.web;

import static dev.authstash.web.TestRequests.json;
import static dev.authstash.web.TestRequests.post;
import static org.assertj.core.api.Assertions.assertThat;

import dev.authstash.Authstash;
import dev.authstash.config.ConfigLoader;
import dev.authstash.metrics.MetricsListener;
import dev.authstash.ratelimit.Algorithm;
import dev.authstash.ratelimit.RateLimitRule;
import dev.authstash.testkit.Race;
import dev.authstash.testkit.RedisProcess;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** Failure counting, allow/deny lists, Better Auth's default rules, the rule selector and the block cache. */
class FailuresAndDefaultsGateTest {
    private static final String FAILED_SIGN_INS = "{\"customRules\": {\"/sign-in/email\": {\"window\": 900,"
            + " \"max\": 3, \"key\": \"body:email\", \"count\": \"failures\"}}}";
    private static RedisProcess redis;
    private Authstash authstash;

    @BeforeAll
    static void start() {
        // these tests count Redis commands: the operations feed polls (EVALSHA) only at start-up here
        System.setProperty(dev.authstash.storage.Feed.POLL_PROPERTY, "3600000");
        redis = RedisProcess.launch();
    }

    @AfterAll
    static void stop() {
        redis.stop();
        System.clearProperty(dev.authstash.storage.Feed.POLL_PROPERTY);
    }

    @BeforeEach
    void flush() {
        try (Jedis j = redis.jedis()) {
            j.flushAll();
            j.configResetStat();
        }
    }

    @AfterEach
    void close() {
        if (authstash != null) {
            authstash.close();
        }
    }

    private RequestGate gate(String rateLimit) {
        return gate(rateLimit, b -> { });
    }

    private RequestGate gate(String rateLimit, Consumer<Authstash.Builder> hooks) {
        authstash = RuleKeysGateTest.authstash(redis.url(), rateLimit, hooks);
        return authstash.gate();
    }

    private static RateLimitCheck signIn(RequestGate gate, String ip, String email) {
        return gate.rateLimit(post("/api/auth/sign-in/email", ip), json("{\"email\":\"" + email + "\"}"));
    }

    @Test
    void successesNeverCountFailuresDoAndThenEvenTheOwnerWaits() {
        RequestGate gate = gate(FAILED_SIGN_INS);
        for (int i = 0; i < 20; i++) {
            RateLimitCheck ok = signIn(gate, "192.0.2.1", "owner@x.io");
            assertThat(ok.result().proceed()).as("success %d", i).isTrue();
            ok.completed(200);
        }
        for (int i = 0; i < 3; i++) {
            RateLimitCheck wrong = signIn(gate, "203.0.113." + (i + 1), "owner@x.io");
            assertThat(wrong.result().proceed()).isTrue();
            wrong.completed(401);
            wrong.completed(401); // counted once
            signIn(gate, "192.0.2.1", "owner@x.io").completed(200);
        }
        GateResult refused = signIn(gate, "192.0.2.1", "owner@x.io").result();
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.headers().get("RateLimit-Policy")).isEqualTo("\"/sign-in/email\";q=3;w=900");
        assertThat(signIn(gate, "192.0.2.1", "other@x.io").result().proceed()).isTrue();
    }

    @Test
    void aMixOf200And401AnswersUnder200ConcurrentRequestsNeverAdmitsMoreThanMaxFailures() throws Exception {
        RequestGate gate = gate(FAILED_SIGN_INS);
        List<String> outcomes = Race.run(200, i -> {
            RateLimitCheck c = signIn(gate, "203.0.113." + (i % 50 + 1), "victim@x.io");
            if (!c.result().proceed()) {
                return "429";
            }
            int status = i % 2 == 0 ? 200 : 401;
            c.completed(status);
            return Integer.toString(status);
        });
        long failuresAdmitted = outcomes.stream().filter("401"::equals).count();
        // each slot is reserved before the handler: never more than max counted answers, whatever runs at once
        assertThat(failuresAdmitted).isBetween(1L, 3L);
        long more = 0;
        for (int i = 0; i < 5; i++) {
            RateLimitCheck c = signIn(gate, "198.51.100.1", "victim@x.io");
            if (c.result().proceed()) {
                more++;
                c.completed(401);
            }
        }
        assertThat(failuresAdmitted + more).as("max failures in all").isEqualTo(3);
    }

    @Test
    void requestsInFlightTogetherHoldTheSlotsNoMoreThanMaxRun() throws Exception {
        RequestGate gate = gate(FAILED_SIGN_INS);
        List<RateLimitCheck> inFlight = Race.run(8, i -> signIn(gate, "203.0.113." + (i + 1), "victim@x.io"));
        assertThat(inFlight.stream().filter(c -> c.result().proceed())).hasSize(3);
        inFlight.forEach(c -> c.completed(401));
        assertThat(signIn(gate, "198.51.100.1", "victim@x.io").result().status()).isEqualTo(429);
    }

    @Test
    void allowListedClientsAreNeverLimitedDeniedOnesGet403() {
        RequestGate gate = gate("{\"allow\": [\"10.1.0.0/16\"], \"deny\": [\"10.2.0.0/16\", \"2001:db8::/32\"],"
                + " \"customRules\": {\"/sign-in/email\": {\"window\": 60, \"max\": 1}}}");
        for (int i = 0; i < 10; i++) {
            GateResult r = gate.rateLimit(post("/api/auth/sign-in/email", "10.1.2.3"), RequestDetails.NONE).result();
            assertThat(r.proceed()).isTrue();
            assertThat(r.headers()).isEmpty();
        }
        for (String ip : List.of("10.2.0.9", "2001:db8::1")) {
            GateResult denied = gate.rateLimit(RequestInfo.of("GET", "/anything", ip), RequestDetails.NONE).result();
            assertThat(denied.status()).isEqualTo(403);
            assertThat(denied.body()).isEqualTo("{\"message\":\"Forbidden\"}");
        }
        assertThat(gate.rateLimit(post("/api/auth/sign-in/email", "10.3.0.1"), RequestDetails.NONE).result().proceed()).isTrue();
        assertThat(gate.rateLimit(post("/api/auth/sign-in/email", "10.3.0.1"), RequestDetails.NONE).result().status()).isEqualTo(429);
    }

    @Test
    void betterAuthsDefaultRulesAnswerTheFourthSignInWith429() {
        RequestGate gate = gate("{\"window\": 10, \"max\": 20}");
        Map<String, String> policies = new HashMap<>();
        for (String path : List.of("/sign-in/email", "/sign-up/email", "/change-password", "/forget-password",
                "/request-password-reset", "/email-otp/verify-email", "/sign-in/email-otp")) {
            for (int i = 0; i < 3; i++) {
                assertThat(gate.rateLimit(post("/api/auth" + path, "192.0.2.1"), json("{}")).result().proceed())
                        .as(path + " #" + (i + 1)).isTrue();
            }
            GateResult fourth = gate.rateLimit(post("/api/auth" + path, "192.0.2.1"), json("{}")).result();
            assertThat(fourth.status()).as(path).isEqualTo(429);
            policies.put(path, fourth.headers().get("RateLimit-Policy"));
        }
        assertThat(policies).containsEntry("/sign-in/email", "\"/sign-in*\";q=3;w=10")
                .containsEntry("/forget-password", "\"/forget-password*\";q=3;w=60")
                .containsEntry("/email-otp/verify-email", "\"/email-otp/verify-email\";q=3;w=60")
                .containsEntry("/sign-in/email-otp", "\"/sign-in/email-otp\";q=3;w=60");
        assertThat(gate.rateLimit(post("/api/auth/sign-in/social", "192.0.2.1"), json("{}")).result().proceed())
                .as("each path counts on its own, as in Better Auth").isTrue();
        assertThat(gate.rateLimit(post("/api/auth/get-session", "192.0.2.1"), json("{}")).result().headers())
                .containsEntry("RateLimit-Policy", "\"default\";q=20;w=10");
    }

    @Test
    void defaultRulesCanBeSwitchedOffAndCustomRulesBeatThem() {
        RequestGate off = gate("{\"window\": 10, \"max\": 20, \"defaultRules\": false}");
        for (int i = 0; i < 20; i++) {
            assertThat(off.rateLimit(post("/api/auth/sign-in/email", "192.0.2.1"), json("{}")).result().proceed()).isTrue();
        }
        authstash.close();
        RequestGate custom = gate("{\"window\": 10, \"max\": 20, \"customRules\": {\"/sign-in/*\": {\"window\": 60,"
                + " \"max\": 5}}}");
        for (int i = 0; i < 5; i++) {
            assertThat(custom.rateLimit(post("/api/auth/sign-in/email", "192.0.2.2"), json("{}")).result().proceed()).isTrue();
        }
        assertThat(custom.rateLimit(post("/api/auth/sign-in/email", "192.0.2.2"), json("{}")).result().headers())
                .containsEntry("RateLimit-Policy", "\"/sign-in/*\";q=5;w=60");
    }

    @Test
    void aRuleSelectorPicksTheRulesPerRequest() {
        RateLimitRule pro = new RateLimitRule("/export#pro", 60, 3, Algorithm.FIXED_WINDOW);
        RequestGate gate = gate("{\"customRules\": {\"/export\": {\"window\": 60, \"max\": 1}}}",
                b -> b.ruleSelector((request, configured) -> "pro-tenant".equals(request.header("X-Verified-Plan"))
                        ? List.of(pro) : configured));
        for (int i = 0; i < 3; i++) {
            assertThat(gate.rateLimit(post("/api/auth/export", "192.0.2.1"),
                    json("{}", "X-Verified-Plan", "pro-tenant")).result().proceed()).isTrue();
        }
        assertThat(gate.rateLimit(post("/api/auth/export", "192.0.2.1"), json("{}", "X-Verified-Plan", "pro-tenant"))
                .result().status()).isEqualTo(429);
        assertThat(gate.rateLimit(post("/api/auth/export", "192.0.2.1"), json("{}")).result().proceed()).isTrue();
        assertThat(gate.rateLimit(post("/api/auth/export", "192.0.2.1"), json("{}")).result().status()).isEqualTo(429);
    }

    @Test
    void theBlockCacheAnswersAFloodFromABlockedClientWithoutRedis() {
        java.util.concurrent.atomic.LongAdder fromCache = new java.util.concurrent.atomic.LongAdder();
        MetricsListener metrics = new MetricsListener() {
            @Override
            public void rateLimit(String ruleId, Decision decision) {
                if (decision == Decision.BLOCK_CACHE) {
                    fromCache.increment();
                }
            }
        };
        RequestGate gate = gate("{\"customRules\": {\"/sign-in/email\": [{\"window\": 60, \"max\": 5},"
                + " {\"window\": 60, \"max\": 8, \"key\": \"body:email\"}]}}", b -> b.metrics(metrics));
        for (int i = 0; i < 5; i++) {
            assertThat(signIn(gate, "192.0.2.1", "a@x.io").result().proceed()).isTrue();
        }
        long before = evalshaCalls();
        for (int i = 0; i < 1000; i++) {
            assertThat(signIn(gate, "192.0.2.1", "a@x.io").result().status()).isEqualTo(429);
        }
        long calls = evalshaCalls() - before;
        // the IP rule's key: one refusal from Redis, then local; a refused request counts against no further rule,
        // so the e-mail rule is never asked
        assertThat(calls).isEqualTo(1);
        assertThat(authstash.rateLimiter().blockCacheSaved()).isEqualTo(1000 - calls);
        assertThat(fromCache.sum()).as("metric outcome block_cache").isEqualTo(authstash.rateLimiter().blockCacheSaved());
    }

    @Test
    void aCredentialStufferRefusedByTheIpRuleCostsNoRedisCallWhateverEmailItSends() {
        RequestGate gate = gate("{\"customRules\": {\"/sign-in/email\": [{\"window\": 60, \"max\": 5},"
                + " {\"window\": 900, \"max\": 10, \"key\": \"body:email\", \"count\": \"failures\"}]}}");
        for (int i = 0; i < 5; i++) {
            assertThat(signIn(gate, "192.0.2.9", "user" + i + "@x.io").result().proceed()).isTrue();
        }
        long before = evalshaCalls();
        for (int i = 0; i < 2000; i++) {
            assertThat(signIn(gate, "192.0.2.9", "stuffed" + i + "@x.io").result().status()).isEqualTo(429);
        }
        // one refusal from Redis for the IP rule, then the block cache: no call for the e-mail rule either
        assertThat(evalshaCalls() - before).isLessThanOrEqualTo(2);
        // and the accounts it named were not counted: their owners sign in untouched
        GateResult owner = signIn(gate, "192.0.2.10", "stuffed7@x.io").result();
        assertThat(owner.proceed()).isTrue();
        assertThat(owner.headers().get("RateLimit")).startsWith("\"/sign-in/email\";r=4;");
    }

    @Test
    void aRefusedRequestCountsAgainstNoFurtherRuleAlsoWithoutTheBlockCache() {
        RequestGate gate = gate("{\"blockCache\": false, \"customRules\": {\"/sign-in/email\": ["
                + "{\"window\": 60, \"max\": 2}, {\"window\": 60, \"max\": 3, \"key\": \"body:email\"}]}}");
        for (int i = 0; i < 2; i++) {
            assertThat(signIn(gate, "192.0.2.11", "owner@x.io").result().proceed()).isTrue();
        }
        long before = evalshaCalls();
        for (int i = 0; i < 20; i++) {
            assertThat(signIn(gate, "192.0.2.11", "owner@x.io").result().status()).isEqualTo(429);
        }
        assertThat(evalshaCalls() - before).as("one call per refused request: the IP rule's").isEqualTo(20);
        // the e-mail rule counted only the 2 admitted requests, not the 20 refused ones
        GateResult third = signIn(gate, "192.0.2.12", "owner@x.io").result();
        assertThat(third.proceed()).isTrue();
        assertThat(third.headers().get("RateLimit")).startsWith("\"/sign-in/email#2\";r=0;");
        GateResult fourth = signIn(gate, "192.0.2.13", "owner@x.io").result();
        assertThat(fourth.status()).isEqualTo(429);
        assertThat(fourth.headers().get("RateLimit-Policy")).isEqualTo("\"/sign-in/email#2\";q=3;w=60");
    }

    @Test
    void withoutTheBlockCacheEveryRefusalIsAStorageCall() {
        RequestGate gate = gate("{\"blockCache\": false, \"customRules\": {\"/sign-in/email\": {\"window\": 60,"
                + " \"max\": 5}}}");
        for (int i = 0; i < 5; i++) {
            signIn(gate, "192.0.2.1", "a@x.io");
        }
        long before = evalshaCalls();
        for (int i = 0; i < 1000; i++) {
            assertThat(signIn(gate, "192.0.2.1", "a@x.io").result().status()).isEqualTo(429);
        }
        assertThat(evalshaCalls() - before).isEqualTo(1000);
        assertThat(authstash.rateLimiter().blockCacheSaved()).isEqualTo(-1);
    }

    private static long evalshaCalls() {
        try (Jedis j = redis.jedis()) {
            return j.info("commandstats").lines().filter(l -> l.startsWith("cmdstat_evalsha:"))
                    .map(l -> Long.parseLong(l.replaceFirst("^cmdstat_evalsha:calls=(\\d+),.*", "$1")))
                    .findFirst().orElse(0L);
        }
    }
}
