package dev.authstash.testkit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.authstash.Authstash;
import dev.authstash.config.ConfigLoader;
import dev.authstash.metrics.MetricsListener;
import dev.authstash.metrics.MetricsListener.SessionSource;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The HTTP behaviour every adapter shows, on its real runtime, so that adapters cannot drift: one concrete subclass
 * per runtime (servlet on Jetty and Tomcat, Jersey, RESTEasy, the Spring Boot starter, every future adapter) only
 * starts its server with the {@link Authstash} it is given ({@link #serve}).
 *
 * <p>The served web app, at context path {@value #CONTEXT}, runs the adapter in front of one small application that
 * answers every path and method (the same for every runtime):
 * <ul>
 *   <li>with request header {@value #SIGN_IN_HEADER}: signs that user in with the adapter's session helper
 *       ({@code ServletSessions.signIn}, {@code JaxrsSessions.signIn}) and answers 200 {@code signed-in};</li>
 *   <li>otherwise: status {@value #ANSWER_HEADER} (a number) when that header is sent, else 200, with the body
 *       {@code user=<id>} for a request with a session (the id the adapter exposes: principal or session
 *       attribute), else {@code user=anonymous}.</li>
 * </ul>
 * The configuration ({@link #config}): base path {@code /api/auth}; {@code /sign-in/email} 3 a minute,
 * {@code /sign-up/email} 2 failures a minute ({@code "count": "failures"}), {@code /public} never limited, the rest
 * of the base path 100 a minute; {@code rateLimit.deny} {@code 198.51.100.0/24}; loopback trusted as a proxy (so a
 * test picks its client with {@code X-Forwarded-For}); {@code /api/account/**} protected; the cookie cache on.
 */
public abstract class AdapterContract {
    /** Context path of the served web app. */
    public static final String CONTEXT = "/app";
    /** Request header: sign this user in. */
    public static final String SIGN_IN_HEADER = "X-Sign-In";
    /** Request header: answer with this status. */
    public static final String ANSWER_HEADER = "X-Answer";

    static final String TOO_MANY = "{\"message\":\"Too many requests. Please try again later.\"}";
    static final String UNAVAILABLE = "{\"message\":\"Service temporarily unavailable. Please try again later.\"}";
    static final String SIGN_IN_POLICY = "\"/sign-in/email\";q=3;w=60";
    private static final AtomicInteger CLIENTS = new AtomicInteger();

    /** A running server; closed after each test. */
    public interface Served extends AutoCloseable {
        /** The port the web app is reachable on at 127.0.0.1. */
        int port();
    }

    /** Starts the runtime with the adapter on {@code authstash} and the contract's application (see the class comment). */
    protected abstract Served serve(Authstash authstash) throws Exception;

    /**
     * Whether the runtime itself answers 500 to a path with an encoded slash ({@code %2F}) before any filter runs
     * (Grizzly's HTTP server does); such an answer then counts as refused. Default false.
     */
    protected boolean containerRefusesEncodedSlashWith500() {
        return false;
    }

    private final List<AutoCloseable> open = new ArrayList<>();
    private Served served;
    private Authstash authstash;
    private final String client = "203.0.113." + (CLIENTS.incrementAndGet() % 250 + 1);

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        open.clear();
    }

    /** The contract's configuration document, with {@code rateLimit.onStorageError} and optional storage. */
    static String config(String onStorageError, String redisUrl) {
        String storage = redisUrl == null ? "\"storage\": \"memory\","
                : "\"storage\": \"secondary-storage\",";
        String secondary = redisUrl == null ? "" : "\"secondaryStorage\": {\"url\": \"" + redisUrl
                + "\", \"connectTimeoutMillis\": 2000, \"socketTimeoutMillis\": 2000},";
        return "{\"basePath\": \"/api/auth\", " + secondary
                + " \"secret\": \"adapter-contract-secret-of-32-characters\","
                + " \"rateLimit\": {\"enabled\": true, \"window\": 60, \"max\": 100, " + storage
                + "  \"onStorageError\": \"" + onStorageError + "\", \"deny\": [\"198.51.100.0/24\"],"
                + "  \"customRules\": {\"/sign-in/email\": {\"window\": 60, \"max\": 3},"
                + "   \"/sign-up/email\": {\"window\": 60, \"max\": 2, \"count\": \"failures\"},"
                + "   \"/public\": false}},"
                + " \"advanced\": {\"ipAddress\": {\"trustedProxies\": [\"127.0.0.1\", \"::1\"]}},"
                + " \"session\": {\"protectedPaths\": [\"/api/account/**\"],"
                + "  \"cookieCache\": {\"enabled\": true, \"maxAge\": 300}}}";
    }

    /** Builds authstash from {@code json} (no environment), serves it; both closed after the test. */
    private void start(String json, Consumer<Authstash.Builder> options) throws Exception {
        Authstash.Builder builder = Authstash.builder(ConfigLoader.parse(json, name -> null)).environment(name -> null);
        options.accept(builder);
        authstash = builder.build();
        open.add(authstash);
        served = serve(authstash);
        open.add(served);
    }

    private void start() throws Exception {
        start(config("local", null), b -> { });
    }

    private RedisProcess redis() {
        RedisProcess redis = RedisProcess.launch();
        open.add(redis);
        return redis;
    }

    /** rest-assured against the web app, as this test's client (a trusted proxy forwarding for it). */
    private RequestSpecification http() {
        return given().baseUri("http://127.0.0.1").port(served.port()).basePath(CONTEXT)
                .header("X-Forwarded-For", client);
    }

    private String token(String userId) {
        return authstash.sessions().create(userId, "127.0.0.1", "contract", Map.of()).token();
    }

    private static void assertJson(Response r, int status, String body) {
        assertThat(r.statusCode()).as(r.headers().toString()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/json");
        assertThat(r.body().asString()).isEqualTo(body);
    }

    @Test
    void aLimitedRouteCountsEachRequestOnceThenAnswers429WithEveryHeader() throws Exception {
        start();
        for (int remaining = 2; remaining >= 0; remaining--) {
            Response allowed = http().post("/api/auth/sign-in/email");
            assertThat(allowed.statusCode()).isEqualTo(200);
            assertThat(allowed.header("RateLimit-Policy")).isEqualTo(SIGN_IN_POLICY);
            assertThat(allowed.header("RateLimit")).as("one count per request")
                    .startsWith("\"/sign-in/email\";r=" + remaining + ";t=");
        }
        Response refused = http().post("/api/auth/sign-in/email");
        assertJson(refused, 429, TOO_MANY);
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 60L);
        assertThat(refused.header("X-Retry-After")).isEqualTo(refused.header("Retry-After"));
        assertThat(refused.header("RateLimit-Policy")).isEqualTo(SIGN_IN_POLICY);
        assertThat(refused.header("RateLimit")).startsWith("\"/sign-in/email\";r=0;t=");
    }

    @Test
    void allowedRoutesCarryTheirPolicyAndUnlimitedOnesNone() throws Exception {
        start();
        Response other = http().get("/api/auth/anything");
        assertThat(other.statusCode()).isEqualTo(200);
        assertThat(other.body().asString()).isEqualTo("user=anonymous");
        assertThat(other.header("RateLimit-Policy")).isEqualTo("\"default\";q=100;w=60");
        assertThat(other.header("RateLimit")).startsWith("\"default\";r=99;t=");
        Response unlimited = http().get("/api/auth/public");
        assertThat(unlimited.statusCode()).isEqualTo(200);
        assertThat(unlimited.header("RateLimit")).isNull();
        assertThat(unlimited.header("RateLimit-Policy")).isNull();
        assertThat(http().get("/elsewhere").header("RateLimit")).as("outside the base path").isNull();
    }

    @Test
    void noSpellingOfALimitedPathEscapesItsRule() throws Exception {
        start();
        List<String> spellings = List.of("/app/api/auth//sign-in/email", "/app/api//auth/sign-in/email",
                "/app/api/auth/sign-in/%65mail", "/app/api/auth/sign%2Din/email", "/app/api/auth/sign-in/email/",
                "/app/api/auth/sign-in/email;jsessionid=abc123", "/app/api/auth/sign-in;x=1/email",
                "/app/api/auth/./sign-in/email", "/app/api/auth/x/../sign-in/email",
                "/app/api/x/../auth/sign-in/email", "/app/./api/auth/sign-in/email", "/app/api/auth/sign-in%2Femail",
                "/app/api/auth/sign-in/email?x=1", "/app/%61pi/auth/sign-in/email", "/app//api/auth/sign-in/email");
        Map<String, Integer> first = new LinkedHashMap<>();
        int served = 0;
        for (String target : spellings) {
            int status = rawGet(target);
            first.put(target, status);
            if (status == 500 && target.contains("%2F") && containerRefusesEncodedSlashWith500()) {
                continue; // the container refused it before any filter ran: it reached no resource
            }
            assertThat(status).as(target).isIn(200, 400, 404, 429);
            served += status == 200 ? 1 : 0;
        }
        assertThat(served).as("requests served across spellings " + first).isLessThanOrEqualTo(3);
        assertThat(first.values()).as("the limit is reached " + first).contains(429);
        for (String target : spellings) {
            int status = rawGet(target);
            if (status == 500 && target.contains("%2F") && containerRefusesEncodedSlashWith500()) {
                continue;
            }
            assertThat(status).as(target + " past the limit").isIn(400, 404, 429);
        }
    }

    @Test
    void aClientOnTheDenyListGets403() throws Exception {
        start();
        Response denied = http().header("X-Forwarded-For", "198.51.100.7").get("/api/auth/anything");
        assertJson(denied, 403, "{\"message\":\"Forbidden\"}");
        assertThat(http().get("/api/auth/anything").statusCode()).as("another client").isEqualTo(200);
    }

    @Test
    void aCrossSiteSignInGets403AndASameOriginOneProceeds() throws Exception {
        start();
        Response crossSite = http().header("Origin", "https://evil.example").post("/api/auth/sign-in/email");
        assertJson(crossSite, 403, "{\"message\":\"Invalid origin\"}");
        Response sameOrigin = http().header("Origin", "http://127.0.0.1:" + served.port())
                .post("/api/auth/sign-in/email");
        assertThat(sameOrigin.statusCode()).isEqualTo(200);
        String cookie = authstash.config().session().cookieName() + "=" + token("u1");
        Response crossSiteWrite = http().header("Origin", "https://evil.example").header("Cookie", cookie)
                .post("/api/auth/update-user");
        assertJson(crossSiteWrite, 403, "{\"message\":\"Invalid origin\"}");
    }

    @Test
    void aSessionIsExposedAndAbsentOneIsAnonymous() throws Exception {
        start();
        assertThat(http().get("/elsewhere").body().asString()).isEqualTo("user=anonymous");
        String token = token("u1");
        Response bearer = http().header("Authorization", "Bearer " + token).get("/elsewhere");
        assertThat(bearer.statusCode()).isEqualTo(200);
        assertThat(bearer.body().asString()).isEqualTo("user=u1");
        assertThat(bearer.header("Cache-Control")).isEqualTo("no-store");
        Response cookie = http().header("Cookie", authstash.config().session().cookieName() + "=" + token)
                .get("/api/account/me");
        assertThat(cookie.statusCode()).isEqualTo(200);
        assertThat(cookie.body().asString()).isEqualTo("user=u1");
        assertThat(cookie.header("Cache-Control")).isEqualTo("no-store");
    }

    @Test
    void aProtectedPathWithoutASessionGets401() throws Exception {
        start();
        Response r = http().get("/api/account/me");
        assertJson(r, 401, "{\"message\":\"Unauthorized\"}");
        assertThat(r.header("WWW-Authenticate")).isEqualTo("Bearer");
        assertJson(http().get("/api/account/me/"), 401, "{\"message\":\"Unauthorized\"}");
    }

    @Test
    void bothSetCookieLinesReachTheClient() throws Exception {
        start();
        Response signedIn = http().header(SIGN_IN_HEADER, "u2").post("/elsewhere");
        assertThat(signedIn.statusCode()).isEqualTo(200);
        assertThat(signedIn.body().asString()).isEqualTo("signed-in");
        List<String> issued = signedIn.headers().getValues("Set-Cookie");
        assertThat(issued).as("session cookie and cookie cache").hasSize(2);
        assertThat(issued.stream().map(v -> v.substring(0, v.indexOf('='))).distinct()).hasSize(2);
        String stale = authstash.config().session().cookieName() + "=not-a-session";
        Response gone = http().header("Cookie", stale).get("/api/account/me");
        assertThat(gone.statusCode()).isEqualTo(401);
        List<String> cleared = gone.headers().getValues("Set-Cookie");
        assertThat(cleared).as("both cookies cleared on the 401").hasSize(2)
                .allSatisfy(v -> assertThat(v).contains("Max-Age=0"));
        Response goneElsewhere = http().header("Cookie", stale).get("/elsewhere");
        assertThat(goneElsewhere.statusCode()).isEqualTo(200);
        assertThat(goneElsewhere.headers().getValues("Set-Cookie")).as("both cleared on a proceed").hasSize(2);
    }

    @Test
    void aFailuresOnlyRuleCountsThe401sAndReleasesThe200s() throws Exception {
        start();
        for (int i = 0; i < 4; i++) {
            assertThat(http().header(ANSWER_HEADER, "200").post("/api/auth/sign-up/email").statusCode())
                    .as("a success is released").isEqualTo(200);
        }
        assertThat(http().header(ANSWER_HEADER, "401").post("/api/auth/sign-up/email").statusCode()).isEqualTo(401);
        assertThat(http().header(ANSWER_HEADER, "401").post("/api/auth/sign-up/email").statusCode()).isEqualTo(401);
        assertJson(http().header(ANSWER_HEADER, "200").post("/api/auth/sign-up/email"), 429, TOO_MANY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"deny", "allow", "local"})
    void limitsWhileStorageIsDownFollowOnStorageError(String policy) throws Exception {
        RedisProcess redis = redis();
        start(config(policy, redis.url()), b -> { });
        redis.stop();
        List<Integer> seen = new ArrayList<>();
        Response last = null;
        for (int i = 0; i < 6; i++) {
            last = http().post("/api/auth/sign-in/email");
            seen.add(last.statusCode());
        }
        switch (policy) {
            case "deny" -> {
                assertThat(seen).as("statuses").containsOnly(503);
                assertJson(last, 503, UNAVAILABLE);
                assertThat(Long.parseLong(last.header("Retry-After"))).isGreaterThanOrEqualTo(1);
            }
            case "allow" -> assertThat(seen).as("statuses").containsOnly(200);
            default -> {
                assertThat(seen).as("statuses: this instance keeps limiting").allMatch(s -> s == 200 || s == 429)
                        .contains(200);
                assertThat(seen.subList(3, 6)).as("statuses %s", seen).containsOnly(429);
            }
        }
        assertThat(http().get("/elsewhere").statusCode()).as("no rule, no token: untouched").isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"deny", "allow", "local"})
    void sessionsWhileStorageIsDownFollowOnStorageError(String policy) throws Exception {
        RedisProcess redis = redis();
        start(config(policy, redis.url()), b -> { });
        String token = token("u1");
        redis.stop();
        Response protectedPath = http().header("Authorization", "Bearer " + token).get("/api/account/me");
        assertJson(protectedPath, 503, UNAVAILABLE);
        assertThat(protectedPath.header("Retry-After")).isEqualTo("1");
        Response elsewhere = http().header("Authorization", "Bearer " + token).get("/elsewhere");
        if (policy.equals("allow")) {
            assertThat(elsewhere.statusCode()).isEqualTo(200);
            assertThat(elsewhere.body().asString()).as("anonymous").isEqualTo("user=anonymous");
        } else {
            assertJson(elsewhere, 503, UNAVAILABLE);
        }
        assertJson(http().get("/api/account/me"), 401, "{\"message\":\"Unauthorized\"}");
    }

    /** A bug in a collaborator (here a rule selector and a metrics listener that throw) is handled as storage down. */
    @ParameterizedTest
    @ValueSource(strings = {"deny", "allow"})
    void anUnexpectedExceptionIsHandledAsStorageDown(String policy) throws Exception {
        start(config(policy, null), b -> b.ruleSelector((request, rules) -> {
            if (request.path().endsWith("/boom")) {
                throw new IllegalStateException("rule selector bug (contract test)");
            }
            return rules;
        }).metrics(new MetricsListener() {
            @Override
            public void sessionLookup(SessionSource source) {
                throw new IllegalStateException("metrics bug (contract test)");
            }
        }));
        Response limits = http().get("/api/auth/boom");
        Response session = http().header("Authorization", "Bearer no-such-session").get("/elsewhere");
        if (policy.equals("deny")) {
            assertJson(limits, 503, UNAVAILABLE);
            assertThat(limits.header("Retry-After")).isEqualTo("1");
            assertJson(session, 503, UNAVAILABLE);
        } else {
            assertThat(limits.statusCode()).as("proceeds unlimited").isEqualTo(200);
            assertThat(limits.header("RateLimit")).isNull();
            assertThat(session.statusCode()).as("anonymous").isEqualTo(200);
            assertThat(session.body().asString()).isEqualTo("user=anonymous");
        }
        assertJson(http().header("Authorization", "Bearer no-such-session").get("/api/account/me"), 503,
                UNAVAILABLE);
    }

    /** Sends {@code GET target} byte for byte (no client-side normalization); returns the status. */
    private int rawGet(String target) {
        int port = served.port();
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nX-Forwarded-For: " + client
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            String all = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            return Integer.parseInt(all.split(" ", 3)[1]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
