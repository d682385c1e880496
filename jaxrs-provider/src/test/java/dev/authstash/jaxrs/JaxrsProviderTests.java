package dev.authstash.jaxrs;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.authstash.ratelimit.OnStorageError;
import dev.authstash.testkit.LargeBody;
import java.util.Set;
import dev.authstash.ratelimit.RuleKey;
import dev.authstash.ratelimit.RateLimitSettings;
import dev.authstash.ratelimit.RateLimitRule;
import dev.authstash.ratelimit.CustomRule;
import dev.authstash.ratelimit.Algorithm;
import dev.authstash.config.AuthstashConfig;
import dev.authstash.storage.StorageSettings;
import dev.authstash.testkit.RedisProcess;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.core.Feature;
import jakarta.ws.rs.core.FeatureContext;
import java.lang.reflect.Proxy;

/** The behaviour every JAX-RS runtime must show with {@link AuthstashFeature}; one subclass per runtime. */
abstract class JaxrsProviderTests extends JaxrsAdapterContract {
    static final String SIGN_IN_POLICY = "\"/sign-in/email\";q=3;w=60";

    @Test
    void limitReachedAnswers429WithAllHeadersAndTheJsonBody() throws Exception {
        deploy(memoryConfig());
        for (int i = 1; i <= SIGN_IN_MAX; i++) {
            Response allowed = signIn();
            assertThat(allowed.statusCode()).isEqualTo(200);
            assertThat(allowed.body().asString()).isEqualTo("sign-in");
            assertThat(allowed.header("RateLimit-Policy")).isEqualTo(SIGN_IN_POLICY);
            assertThat(allowed.header("RateLimit")).startsWith("\"/sign-in/email\";r=" + (SIGN_IN_MAX - i) + ";t=");
        }
        Response refused = signIn();
        assertTooManyRequests(refused);
        assertThat(refused.header("RateLimit-Policy")).isEqualTo(SIGN_IN_POLICY);
        assertThat(refused.header("RateLimit")).startsWith("\"/sign-in/email\";r=0;t=");
        assertThat(client().get("/auth/sign-in/email").statusCode()).as("same path, other method").isEqualTo(429);
    }

    @Test
    void otherRoutesAreUnaffectedByAnExhaustedRoute() throws Exception {
        deploy(memoryConfig());
        for (int i = 0; i <= SIGN_IN_MAX; i++) {
            signIn();
        }
        assertTooManyRequests(signIn());
        Response signUp = client().get("/auth/sign-up/email");
        assertThat(signUp.statusCode()).isEqualTo(200);
        assertThat(signUp.header("RateLimit-Policy")).isEqualTo("\"default\";q=100;w=60");
        Response outside = client().get("/whoami");
        assertThat(outside.statusCode()).isEqualTo(200);
        assertThat(outside.header("RateLimit")).as("outside the base path").isNull();
    }

    @Test
    void falseRulesAreNeverLimited() throws Exception {
        deploy(memoryConfig());
        for (int i = 0; i < 30; i++) {
            Response r = client().get("/auth/public");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.header("RateLimit")).isNull();
            assertThat(r.header("RateLimit-Policy")).isNull();
        }
    }

    @Test
    void everySpellingOfALimitedPathIsCountedOrNotRouted() throws Exception {
        deploy(memoryConfig());
        List<String> spellings = List.of("/app/api/auth//sign-in/email", "/app/api//auth/sign-in/email",
                "/app/api/auth/sign-in/%65mail", "/app/api/auth/sign%2Din/email", "/app/api/auth/sign-in/email/",
                "/app/api/auth/sign-in/email;jsessionid=abc123", "/app/api/auth/sign-in;x=1/email",
                "/app/api/auth/./sign-in/email", "/app/api/auth/x/../sign-in/email",
                "/app/api/x/../auth/sign-in/email", "/app/./api/auth/sign-in/email", "/app/api/auth/sign-in%2Femail",
                "/app/api/auth/sign-in/email?x=1", "/app/api/auth/sign-in/email%3Bx", "/app/%61pi/auth/sign-in/email");
        Map<String, Integer> first = new LinkedHashMap<>();
        int served = 0;
        for (String target : spellings) {
            int status = RawHttp.get(port, target);
            first.put(target, status);
            assertThat(status).as(target).isIn(200, 400, 404, 429);
            served += status == 200 ? 1 : 0;
        }
        assertThat(served).as("requests served across spellings " + first).isLessThanOrEqualTo(SIGN_IN_MAX);
        assertThat(first.values()).as("some spellings reach the limit " + first).contains(429);
        for (String target : spellings) {
            assertThat(RawHttp.get(port, target)).as(target + " past the limit").isIn(400, 404, 429);
        }
        System.out.println(getClass().getSimpleName() + " spellings, first round: " + first);
    }

    @Test
    void forwardedHeadersAreIgnoredWithoutTrustedProxies() throws Exception {
        deploy(memoryConfig());
        for (int i = 1; i <= SIGN_IN_MAX; i++) {
            assertThat(signIn("X-Forwarded-For", "203.0.113." + i).statusCode()).isEqualTo(200);
        }
        assertTooManyRequests(signIn("X-Forwarded-For", "203.0.113.99"));
        assertTooManyRequests(signIn("Forwarded", "for=198.51.100.1"));
    }

    @Test
    void forwardedHeadersAreHonouredFromATrustedProxy() throws Exception {
        deploy(config(StorageSettings.defaults(), OnStorageError.LOCAL, List.of("127.0.0.1")));
        for (int i = 1; i <= SIGN_IN_MAX; i++) {
            assertThat(signIn("X-Forwarded-For", "203.0.113.7").statusCode()).isEqualTo(200);
        }
        assertTooManyRequests(signIn("X-Forwarded-For", "203.0.113.7"));
        assertThat(signIn("X-Forwarded-For", "203.0.113.8").statusCode()).isEqualTo(200);
        assertThat(signIn().statusCode()).as("the proxy itself").isEqualTo(200);
    }

    @Test
    void aRotatedForwardedHeaderBuysNoFreshQuotaFromATrustedProxyThatOnlyAppendsXff() throws Exception {
        deploy(config(StorageSettings.defaults(), OnStorageError.LOCAL, List.of("127.0.0.1")));
        for (int i = 1; i <= SIGN_IN_MAX; i++) {
            assertThat(signIn("Forwarded", "for=198.51.100." + i).statusCode()).isEqualTo(200);
        }
        assertTooManyRequests(signIn("Forwarded", "for=198.51.100.99"));
        assertThat(signIn("X-Forwarded-For", "203.0.113.8").statusCode()).as("x-forwarded-for is read")
                .isEqualTo(200);
    }

    @Test
    void storageFailureWithDenyAnswers503NeverA500() throws Exception {
        RedisProcess redis = redis();
        deploy(config(redisStorage(redis.url()), OnStorageError.DENY, List.of()));
        String token = sessionToken("user-1");
        assertThat(signIn().statusCode()).isEqualTo(200);
        redis.stop();
        for (Response r : List.of(signIn(), client().header("X-Api-Key", "k").get("/keyed"),
                client().auth().oauth2(token).get("/account/me"))) {
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.contentType()).startsWith("application/json");
            assertThat(r.body().asString()).isEqualTo(UNAVAILABLE);
            assertThat(Long.parseLong(r.header("Retry-After"))).isGreaterThanOrEqualTo(1);
        }
        assertThat(client().get("/whoami").statusCode()).as("no rule, no session").isEqualTo(200);
        redis.start();
        List<Integer> afterRestart = new ArrayList<>();
        long deadline = System.nanoTime() + 10_000_000_000L; // the circuit breaker probes once per second
        while (System.nanoTime() < deadline && !afterRestart.contains(200)) {
            afterRestart.add(signIn().statusCode());
            Thread.sleep(50);
        }
        assertThat(afterRestart).as("recovers once Redis is back").contains(200).isSubsetOf(200, 503);
    }

    @Test
    void storageFailureWithAllowLetsRequestsThrough() throws Exception {
        RedisProcess redis = redis();
        deploy(config(redisStorage(redis.url()), OnStorageError.ALLOW, List.of()));
        assertThat(signIn().statusCode()).isEqualTo(200);
        redis.stop();
        for (int i = 0; i < 2 * SIGN_IN_MAX; i++) {
            assertThat(signIn().statusCode()).isEqualTo(200);
        }
    }

    @Test
    void sessionStoreDownUnderAllowLetsUnprotectedRequestsThroughAnonymously() throws Exception {
        RedisProcess redis = redis();
        deploy(config(redisStorage(redis.url()), OnStorageError.ALLOW, List.of()));
        String token = sessionToken("user-1");
        redis.stop();
        Response open = client().auth().oauth2(token).get("/whoami");
        assertThat(open.statusCode()).isEqualTo(200);
        assertThat(open.body().asString()).isEqualTo("anonymous");
        assertThat(client().auth().oauth2(token).get("/account/me").statusCode()).isEqualTo(503);
    }

    @Test
    void storageFailureWithLocalKeepsLimitingInProcess() throws Exception {
        RedisProcess redis = redis();
        deploy(config(redisStorage(redis.url()), OnStorageError.LOCAL, List.of()));
        redis.stop();
        for (int i = 0; i < SIGN_IN_MAX; i++) {
            assertThat(signIn().statusCode()).isEqualTo(200);
        }
        assertTooManyRequests(signIn());
    }

    @Test
    void annotationLimitsArePerUser() throws Exception {
        deploy(memoryConfig());
        String alice = sessionToken("user-a");
        String bob = sessionToken("user-b");
        for (String token : List.of(alice, bob)) {
            for (int i = 1; i <= 2; i++) {
                Response ok = client().auth().oauth2(token).post("/imports");
                assertThat(ok.statusCode()).isEqualTo(200);
                assertThat(ok.header("RateLimit-Policy")).isEqualTo("\"TestResources#importFile\";q=2;w=60");
                assertThat(ok.header("RateLimit")).startsWith("\"TestResources#importFile\";r=" + (2 - i) + ";t=");
            }
            assertTooManyRequests(client().auth().oauth2(token).post("/imports"));
        }
        assertThat(client().post("/imports").statusCode()).as("anonymous: keyed by IP").isEqualTo(200);
        assertThat(client().post("/imports").statusCode()).isEqualTo(200);
        assertTooManyRequests(client().post("/imports"));
    }

    @Test
    void rotatingApiKeysNobodyVouchesForShareTheClientIpQuota() throws Exception {
        deploy(memoryConfig());
        for (int i = 0; i < 2; i++) {
            assertThat(client().header("X-Api-Key", "random-" + i).get("/keyed").statusCode()).isEqualTo(200);
        }
        for (int i = 2; i < 20; i++) {
            assertTooManyRequests(client().header("X-Api-Key", "random-" + i).get("/keyed"));
        }
        assertTooManyRequests(client().get("/keyed"));
    }

    @Test
    void apiKeysVouchedForByTheApplicationHaveAQuotaPerPrincipal() throws Exception {
        Map<String, String> owners = Map.of("key-1", "acct-1", "key-1b", "acct-1", "key-2", "acct-2");
        deploy(new AuthstashFeature(build(memoryConfig(),
                b -> b.headerKey("x-api-key", value -> java.util.Optional.ofNullable(owners.get(value))))));
        assertThat(client().header("X-Api-Key", "key-1").get("/keyed").statusCode()).isEqualTo(200);
        assertThat(client().header("X-Api-Key", "key-1b").get("/keyed").statusCode()).isEqualTo(200);
        assertTooManyRequests(client().header("X-Api-Key", "key-1").get("/keyed"));
        assertTooManyRequests(client().header("X-Api-Key", "key-1b").get("/keyed"));
        assertThat(client().header("X-Api-Key", "key-2").get("/keyed").statusCode()).isEqualTo(200);
        assertThat(client().header("X-Api-Key", "key-2").get("/keyed").statusCode()).isEqualTo(200);
        assertTooManyRequests(client().header("X-Api-Key", "key-2").get("/keyed"));
        for (int i = 0; i < 2; i++) {
            assertThat(client().header("X-Api-Key", "forged-" + i).get("/keyed").statusCode())
                    .as("unknown values share the IP quota").isEqualTo(200);
        }
        assertTooManyRequests(client().header("X-Api-Key", "forged-2").get("/keyed"));
        assertTooManyRequests(client().get("/keyed"));
    }

    @Test
    void annotationOnAClassSharesOneQuotaAndDefaultsToIp() throws Exception {
        deploy(memoryConfig());
        assertThat(client().get("/reports/daily").statusCode()).isEqualTo(200);
        assertThat(client().get("/reports/weekly").header("RateLimit-Policy"))
                .isEqualTo("\"ReportResource\";q=2;w=60");
        assertTooManyRequests(client().get("/reports/daily"));
        assertThat(client().get("/by-ip").statusCode()).isEqualTo(200);
        assertThat(client().get("/by-ip").statusCode()).isEqualTo(200);
        assertTooManyRequests(client().get("/by-ip"));
    }

    @Test
    void sessionFilterSetsTheSecurityContext() throws Exception {
        deploy(memoryConfig());
        String token = sessionToken("user-42");
        Response bearer = client().auth().oauth2(token).get("/account/me");
        assertThat(bearer.statusCode()).isEqualTo(200);
        assertThat(bearer.body().asString()).isEqualTo("user-42");
        assertThat(bearer.header("X-Session-User")).isEqualTo("user-42");
        assertThat(client().cookie("authstash.session_token", token).get("/account/me").body().asString())
                .isEqualTo("user-42");
        assertThat(client().auth().oauth2(token).get("/whoami").body().asString()).isEqualTo("user-42");
        assertThat(client().get("/whoami").body().asString()).isEqualTo("anonymous");
    }

    @Test
    void theSignInHelperSetsTheCookieAndTheSessionFilterKeepsItInStep() throws Exception {
        deploy(memoryConfig());
        Response in = client().header("User-Agent", "ua-test").post("/auth/login-as/user-9");
        assertThat(in.statusCode()).isEqualTo(200);
        String token = in.body().asString();
        assertThat(in.headers().getValues("Set-Cookie")).singleElement().asString().matches(
                "authstash\\.session_token=" + token.replace(".", "\\.") + "; Max-Age=60479[89]; Path=/; HttpOnly; SameSite=Lax");
        assertThat(in.header("Cache-Control")).isEqualTo("no-store");
        var session = authstash.gate().session(token).orElseThrow();
        assertThat(session.userAgent()).isEqualTo("ua-test");
        assertThat(session.ipAddress()).isEqualTo("127.0.0.1");

        Response who = client().cookie("authstash.session_token", token).get("/whoami");
        assertThat(who.body().asString()).isEqualTo("user-9");
        assertThat(who.header("Cache-Control")).isEqualTo("no-store");
        assertThat(client().cookie("authstash.session_token", token).get("/cached").header("Cache-Control"))
                .as("a resource's own Cache-Control is kept when no cookie is set").isEqualTo("private, max-age=5");

        Response forged = client().cookie("authstash.session_token", token).header("Origin", "https://evil.example")
                .post("/auth/sign-out");
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.body().asString()).isEqualTo("{\"message\":\"Invalid origin\"}");

        Response out = client().cookie("authstash.session_token", token).header("Origin", "http://127.0.0.1:" + port)
                .post("/auth/sign-out");
        assertThat(out.statusCode()).isEqualTo(200);
        assertThat(out.headers().getValues("Set-Cookie"))
                .containsExactly("authstash.session_token=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax");
        Response stale = client().cookie("authstash.session_token", token).get("/whoami");
        assertThat(stale.body().asString()).isEqualTo("anonymous");
        assertThat(stale.headers().getValues("Set-Cookie"))
                .containsExactly("authstash.session_token=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax");
    }

    @Test
    void withTheCookieCacheBothCookiesAreSetTheFilterReadsTheCacheAndSignOutClearsBoth() throws Exception {
        AuthstashConfig base = memoryConfig();
        var d = base.session();
        deploy(new AuthstashConfig(base.basePath(), base.secondaryStorage(), base.rateLimit(), base.ipAddress(),
                new dev.authstash.session.SessionSettings(d.expiresIn(), d.updateAge(), false, false, d.cookieName(),
                        d.tableName(), d.protectedPaths(), true, java.time.Duration.ofSeconds(120)),
                base.oneTime()));
        Response in = client().post("/auth/login-as/user-7");
        String token = in.body().asString();
        assertThat(in.headers().getValues("Set-Cookie")).hasSize(2)
                .anySatisfy(c -> assertThat(c).startsWith("authstash.session_token=" + token + ";"))
                .anySatisfy(c -> assertThat(c).startsWith("authstash.session_data=").contains("; Max-Age=120;"));
        String data = in.getCookie("authstash.session_data");

        Response cached = client().cookie("authstash.session_token", token).cookie("authstash.session_data", data)
                .get("/whoami");
        assertThat(cached.body().asString()).isEqualTo("user-7");
        assertThat(cached.headers().getValues("Set-Cookie")).as("answered from the cache cookie").isEmpty();
        authstash.sessions().revoke(token); // a revocation reaches the cookie cache (issue 21 §4)
        assertThat(client().cookie("authstash.session_token", token).cookie("authstash.session_data", data)
                .get("/whoami").body().asString()).as("a revoked session's cache cookie is refused").isEqualTo("anonymous");
        assertThat(client().cookie("authstash.session_token", token).get("/whoami").body().asString())
                .as("without the cache cookie storage decides").isEqualTo("anonymous");

        Response out = client().cookie("authstash.session_token", token).cookie("authstash.session_data", data)
                .header("Origin", "http://127.0.0.1:" + port).post("/auth/sign-out");
        assertThat(out.headers().getValues("Set-Cookie")).containsExactlyInAnyOrder(
                "authstash.session_token=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax",
                "authstash.session_data=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax");
    }

    /**
     * Issue 20 §4: the cookie-cache cookie alone (its header key is {@code set-cookie}, lower case) is a cookie being
     * set, compared case-insensitively: the response is {@code no-store}, over a resource's own Cache-Control.
     */
    @Test
    void theCacheCookieAloneForcesNoStoreOverTheResourcesOwnCacheControl() throws Exception {
        AuthstashConfig base = memoryConfig();
        var d = base.session();
        deploy(new AuthstashConfig(base.basePath(), base.secondaryStorage(), base.rateLimit(), base.ipAddress(),
                new dev.authstash.session.SessionSettings(d.expiresIn(), d.updateAge(), false, false, d.cookieName(),
                        d.tableName(), d.protectedPaths(), true, java.time.Duration.ofSeconds(120)),
                base.oneTime()));
        String token = client().post("/auth/login-as/user-7").body().asString();
        Response r = client().cookie("authstash.session_token", token).get("/cached");
        assertThat(r.headers().getValues("Set-Cookie")).as("only the cache cookie is set")
                .singleElement().satisfies(c -> assertThat(c).startsWith("authstash.session_data="));
        assertThat(r.header("Cache-Control")).isEqualTo("no-store");
    }

    @Test
    void protectedPathsWithoutASessionAnswer401() throws Exception {
        deploy(memoryConfig());
        String token = sessionToken("user-7");
        for (Response r : List.of(client().get("/account/me"), client().auth().oauth2("garbage").get("/account/me"),
                client().cookie("authstash.session_token", token + "x").get("/account/me"))) {
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(r.contentType()).startsWith("application/json");
            assertThat(r.body().asString()).isEqualTo("{\"message\":\"Unauthorized\"}");
            assertThat(r.header("WWW-Authenticate")).isEqualTo("Bearer");
        }
        for (String target : List.of("/app/api//account/me", "/app/api/account/./me", "/app/api/%61ccount/me",
                "/app/api/account/me/", "/app/api/account;x=1/me")) {
            assertThat(RawHttp.get(port, target)).as(target).isIn(400, 401, 404);
        }
        authstash.sessions().revoke(token);
        assertThat(client().auth().oauth2(token).get("/account/me").statusCode()).as("revoked").isEqualTo(401);
    }

    @Test
    void concurrentRequestsGetExactlyTheQuotaFromRedis() throws Exception {
        RedisProcess redis = redis();
        StorageSettings storage = new StorageSettings(redis.url(), List.of(), "authstash:", 16,
                Duration.ofSeconds(2), Duration.ofSeconds(2), 1000);
        deploy(config(storage, OnStorageError.DENY, List.of()));
        int threads = 48;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                statuses.add(pool.submit(() -> {
                    start.await();
                    return RawHttp.get(port, "/app/api/auth/sign-in/email");
                }));
            }
            start.countDown();
            Map<Integer, Integer> counts = new LinkedHashMap<>();
            for (Future<Integer> status : statuses) {
                counts.merge(status.get(), 1, Integer::sum);
            }
            assertThat(counts).containsExactlyInAnyOrderEntriesOf(Map.of(200, SIGN_IN_MAX, 429, threads - SIGN_IN_MAX));
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The first requests after start-up, all at once: each must be seen from its peer address and inside the
     * context path. RESTEasy injected the servlet capture lazily, after marking it ready, so requests racing the
     * first one bypassed the limit (it once admitted 6 of 3). Fresh deployments, so each burst is a first one.
     */
    @Test
    void theFirstConcurrentRequestsAfterStartUpAreEachSeenFromTheirPeerAndLimited() throws Exception {
        int threads = 48;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < 3; round++) {
                deploy(memoryConfig());
                CountDownLatch start = new CountDownLatch(1);
                List<Future<String>> answers = new ArrayList<>();
                for (int i = 0; i < threads; i++) {
                    answers.add(pool.submit(() -> {
                        start.await();
                        return RawHttp.head(port, "/app/api/auth/sign-in/email");
                    }));
                }
                start.countDown();
                Map<Integer, Integer> counts = new LinkedHashMap<>();
                int unseen = 0;
                for (Future<String> answer : answers) {
                    String head = answer.get();
                    counts.merge(Integer.parseInt(head.split(" ")[1]), 1, Integer::sum);
                    unseen += head.contains("\r\nX-Peer: 127.0.0.1\r\n") ? 0 : 1;
                }
                assertThat(unseen).as("round " + round + ": requests without the captured peer").isZero();
                assertThat(counts).as("round " + round)
                        .containsExactlyInAnyOrderEntriesOf(Map.of(200, SIGN_IN_MAX, 429, threads - SIGN_IN_MAX));
                stopAll();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void withoutAClientAddressRateLimitedRequestsAre503WithOneErrorAndNeverShareABucket() throws Exception {
        deploy(new AuthstashFeature(build(memoryConfig()), request -> null)); // a runtime whose peer is unknown
        String token = sessionToken("user-a");
        try (LogCapture log = new LogCapture()) {
            for (int i = 0; i < SIGN_IN_MAX + 2; i++) {
                Response refused = signIn();
                assertThat(refused.statusCode()).as("route rule").isEqualTo(503);
                assertThat(refused.contentType()).startsWith("application/json");
                assertThat(refused.body().asString())
                        .isEqualTo("{\"message\":\"Service temporarily unavailable. Please try again later.\"}");
                assertThat(client().get("/by-ip").statusCode()).as("@RateLimit keyed by IP").isEqualTo(503);
            }
            assertThat(client().get("/auth/public").statusCode()).as("a false rule").isEqualTo(200);
            assertThat(client().get("/whoami").statusCode()).as("outside basePath").isEqualTo(200);
            assertThat(client().auth().oauth2(token).post("/imports").statusCode()).as("@RateLimit per user")
                    .isEqualTo(200);
            assertThat(log.count("ERROR")).as(log.text()).isEqualTo(1);
            assertThat(log.count(RequestInfos.UNKNOWN_ADDRESS_ERROR)).isEqualTo(1);
        }
        assertThat(RequestInfos.UNKNOWN_ADDRESS_ERROR).isEqualTo("authstash: the client address of JAX-RS requests is"
                + " unknown, so rate-limited requests are refused with 503 (one bucket shared by all clients would let"
                + " one client lock everybody out); give AuthstashFeature a ClientAddressResolver for this runtime:"
                + " new AuthstashFeature(authstash, request -> <the peer IP of request>)");
    }

    @Test
    void annotationLimitsHoldWhereTheRuntimeDropsDynamicFeatures() throws Exception {
        AuthstashFeature feature = new AuthstashFeature(build(memoryConfig()));
        deploy(new Feature() { // as Quarkus REST does with the dynamic features a feature registers
            @Override
            public boolean configure(FeatureContext context) {
                return feature.configure(withoutDynamicFeatures(context));
            }
        });
        assertThat(client().get("/by-ip").statusCode()).isEqualTo(200);
        Response second = client().get("/by-ip");
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.header("RateLimit-Policy")).isEqualTo("\"TestResources#byIp\";q=2;w=60");
        assertTooManyRequests(client().get("/by-ip"));
        assertThat(client().get("/reports/daily").statusCode()).isEqualTo(200);
        assertThat(client().get("/reports/weekly").statusCode()).isEqualTo(200);
        assertTooManyRequests(client().get("/reports/daily"));
    }

    /** {@code context} ignoring the registration of any {@link DynamicFeature}. */
    static FeatureContext withoutDynamicFeatures(FeatureContext context) {
        return (FeatureContext) Proxy.newProxyInstance(FeatureContext.class.getClassLoader(),
                new Class<?>[] {FeatureContext.class}, (proxy, m, args) -> {
                    if (m.getName().equals("register") && (args[0] instanceof DynamicFeature
                            || args[0] instanceof Class<?> c && DynamicFeature.class.isAssignableFrom(c))) {
                        return proxy;
                    }
                    try {
                        Object result = m.invoke(context, args);
                        return result == context ? proxy : result;
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Test
    void aCustomClientAddressResolverDecidesTheClient() throws Exception {
        deploy(new AuthstashFeature(build(memoryConfig()), request -> request.getHeaderString("X-Test-Peer")));
        for (int i = 0; i < SIGN_IN_MAX; i++) {
            assertThat(signIn("X-Test-Peer", "10.0.0.1").statusCode()).isEqualTo(200);
        }
        assertTooManyRequests(signIn("X-Test-Peer", "10.0.0.1"));
        assertThat(signIn("X-Test-Peer", "10.0.0.2").statusCode()).isEqualTo(200);
    }

    @Test
    void peerAddressAndContextPathComeFromTheInjectedServletRequest() throws Exception {
        deploy(new AuthstashFeature(build(config(StorageSettings.defaults(), OnStorageError.LOCAL,
                List.of("127.0.0.1")))), "/shop/v2");
        Supplier<RequestSpecification> shop = () -> given().baseUri("http://127.0.0.1").port(port)
                .basePath("/shop/v2/api");
        Response echo = shop.get().header("X-Forwarded-For", "203.0.113.50").get("/whoami");
        assertThat(echo.header("X-Peer")).as("the TCP peer, not a header").isEqualTo("127.0.0.1");
        assertThat(echo.header("X-Context-Path")).isEqualTo("/shop/v2");
        for (int client = 1; client <= 4; client++) {
            String forwardedFor = "203.0.113." + client;
            for (int i = 1; i <= SIGN_IN_MAX; i++) {
                Response ok = shop.get().header("X-Forwarded-For", forwardedFor).post("/auth/sign-in/email");
                assertThat(ok.statusCode()).as(forwardedFor + " has its own quota").isEqualTo(200);
                assertThat(ok.header("RateLimit-Policy")).as("rule under basePath /api/auth inside /shop/v2")
                        .isEqualTo(SIGN_IN_POLICY);
            }
            assertTooManyRequests(shop.get().header("X-Forwarded-For", forwardedFor).post("/auth/sign-in/email"));
        }
        assertThat(RawHttp.get(port, "/shop/v2/api/auth/sign-in/email")).as("the proxy itself").isEqualTo(200);
        assertThat(shop.get().get("/account/me").statusCode()).as("protected path inside /shop/v2").isEqualTo(401);
    }

    @Test
    void aBodyKeyLeavesTheEntityWholeAndFailedSignInsLockTheAccount() throws Exception {
        AuthstashConfig base = memoryConfig();
        RateLimitSettings limits = new RateLimitSettings(true, 60, 100, Algorithm.FIXED_WINDOW, true,
                List.of(CustomRule.of("/sign-in/account", List.of(new RateLimitRule("/sign-in/account", 900, 3,
                        Algorithm.FIXED_WINDOW, RuleKey.parse("body:email"), Set.of("POST"), RateLimitRule.FAILURES)))),
                OnStorageError.LOCAL, false);
        deploy(new AuthstashConfig(base.basePath(), base.secondaryStorage(), limits, base.ipAddress(), base.session(),
                base.oneTime()));
        String body = "{\"email\":\"owner@x.io\",\"password\":\"r\u00e4ght\"}";
        for (int i = 0; i < 5; i++) {
            Response ok = client().contentType("application/json").body(body).post("/auth/sign-in/account");
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.body().asString()).as("the resource reads the whole body").isEqualTo(body);
        }
        for (int i = 0; i < 3; i++) {
            assertThat(client().contentType("application/json").body("{\"email\":\"Owner@x.io\",\"p\":\"wrong\"}")
                    .post("/auth/sign-in/account").statusCode()).isEqualTo(401);
        }
        Response locked = client().contentType("application/json").body(body).post("/auth/sign-in/account");
        assertThat(locked.statusCode()).isEqualTo(429);
        assertThat(locked.body().asString()).isEqualTo(TOO_MANY);
        assertThat(Long.parseLong(locked.header("Retry-After"))).isBetween(800L, 900L);
        String big = "{\"email\":\"owner@x.io\",\"pad\":\"" + "z".repeat(100_000) + "\"}";
        LargeBody.Answer tooLarge = LargeBody.post("http://127.0.0.1:" + port + "/app/api/auth/sign-in/account",
                "application/json", big);
        assertThat(tooLarge.status()).as("over the cap: fails closed, as in the servlet filter").isEqualTo(413);
        assertThat(tooLarge.body()).isEqualTo("{\"message\":\"Request body too large\"}");
        Response trailing = client().contentType("application/json").body("{\"email\":\"x@x.io\"} 0")
                .post("/auth/sign-in/account");
        assertThat(trailing.statusCode()).isEqualTo(400);
        assertThat(trailing.body().asString()).isEqualTo("{\"message\":\"Invalid request body\"}");
        Response textJson = client().contentType("text/json").body(body).post("/auth/sign-in/account");
        assertThat(textJson.statusCode()).isEqualTo(415);
        assertThat(textJson.body().asString()).isEqualTo("{\"message\":\"Content-Type must be application/json\"}");
        assertThat(client().contentType("application/json").body("{\"email\":\"OWNER@x.io\\u0001\"}")
                .post("/auth/sign-in/account").statusCode()).as("a padded spelling is the same account").isEqualTo(429);
    }
}
