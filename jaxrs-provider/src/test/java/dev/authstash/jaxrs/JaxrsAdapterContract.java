package dev.authstash.jaxrs;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.authstash.Authstash;
import dev.authstash.client.IpAddressSettings;
import dev.authstash.config.AuthstashConfig;
import dev.authstash.ratelimit.Algorithm;
import dev.authstash.ratelimit.CustomRule;
import dev.authstash.ratelimit.OnStorageError;
import dev.authstash.ratelimit.RateLimitRule;
import dev.authstash.ratelimit.RateLimitSettings;
import dev.authstash.session.SessionSettings;
import dev.authstash.storage.StorageSettings;
import dev.authstash.testkit.RedisProcess;
import dev.authstash.token.OneTimeSettings;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;

/**
 * Starts a real Jetty 12 with the JAX-RS runtime of a subclass at context {@code /app}, servlet mapping
 * {@code /api/*}, config base path {@code /api/auth} (so rules match the path inside the web app, not the
 * path inside the JAX-RS application). Rules: {@code /sign-in/email} 3 per minute, {@code /public} never
 * limited, everything else under the base path 100 per minute; {@code /api/account/**} needs a session.
 */
abstract class JaxrsAdapterContract {
    static final String TOO_MANY = "{\"message\":\"Too many requests. Please try again later.\"}";
    static final String UNAVAILABLE = "{\"message\":\"Service temporarily unavailable. Please try again later.\"}";
    static final int SIGN_IN_MAX = 3;

    private final List<AutoCloseable> open = new ArrayList<>();
    Authstash authstash;
    int port;

    /** The JAX-RS runtime as a servlet serving {@link TestResources}, {@link ReportResource}, {@link SessionEcho}. */
    abstract ServletHolder jaxrsServlet(jakarta.ws.rs.core.Feature feature);

    @AfterEach
    void stopAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        open.clear();
    }

    /** Redis storage with 2 s timeouts: the 50 ms defaults are for production hardware, not a loaded test machine. */
    static StorageSettings redisStorage(String url) {
        return new StorageSettings(url, List.of(), StorageSettings.DEFAULT_KEY_PREFIX, 16,
                java.time.Duration.ofSeconds(2), java.time.Duration.ofSeconds(2), 100_000);
    }

    static AuthstashConfig config(StorageSettings storage, OnStorageError onError, List<String> trustedProxies) {
        RateLimitSettings rateLimit = new RateLimitSettings(true, 60, 100, Algorithm.FIXED_WINDOW, true,
                List.of(new CustomRule("/sign-in/email",
                                new RateLimitRule("/sign-in/email", 60, SIGN_IN_MAX, Algorithm.FIXED_WINDOW)),
                        new CustomRule("/public", null)),
                onError, false);
        SessionSettings session = new SessionSettings(Duration.ofDays(7), Duration.ofDays(1), false, false,
                "authstash.session_token", "authstash_session", List.of("/api/account/**"));
        return new AuthstashConfig("/api/auth", storage, rateLimit, new IpAddressSettings(trustedProxies, 64),
                session, OneTimeSettings.defaults());
    }

    static AuthstashConfig memoryConfig() {
        return config(StorageSettings.defaults(), OnStorageError.LOCAL, List.of());
    }

    /** Builds authstash from {@code config} (no {@code REDIS_URL} from the environment) and serves it. */
    void deploy(AuthstashConfig config) throws Exception {
        deploy(new AuthstashFeature(build(config)));
    }

    /** Builds authstash from {@code config} without {@code REDIS_URL} from the environment; closed after the test. */
    Authstash build(AuthstashConfig config) {
        return build(config, b -> { });
    }

    /** As {@link #build(AuthstashConfig)}, with {@code options} applied to the builder (e.g. header keys). */
    Authstash build(AuthstashConfig config, java.util.function.Consumer<Authstash.Builder> options) {
        Authstash.Builder builder = Authstash.builder(config).environment(name -> null)
                .secret("jaxrs-test-secret-of-32-characters");
        options.accept(builder);
        authstash = builder.build();
        open.add(authstash);
        return authstash;
    }

    void deploy(jakarta.ws.rs.core.Feature feature) throws Exception {
        deploy(feature, "/app");
    }

    /** Serves {@code feature} in a web app at {@code contextPath}, servlet mapping {@code /api/*}. */
    void deploy(jakarta.ws.rs.core.Feature feature, String contextPath) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler(contextPath);
        context.addServlet(jaxrsServlet(feature), "/api/*");
        customize(context);
        server.setHandler(context);
        server.start();
        open.add(server::stop);
        port = connector.getLocalPort();
    }

    /** Adds to the web app before it starts (filters, initializers); nothing by default. */
    void customize(ServletContextHandler context) {
    }

    RedisProcess redis() {
        RedisProcess redis = RedisProcess.launch();
        open.add(redis);
        return redis;
    }

    /** rest-assured against {@code http://127.0.0.1:<port>/app/api}. */
    RequestSpecification client() {
        return given().baseUri("http://127.0.0.1").port(port).basePath("/app/api");
    }

    Response signIn() {
        return client().post("/auth/sign-in/email");
    }

    Response signIn(String header, String value) {
        return client().header(header, value).post("/auth/sign-in/email");
    }

    static void assertTooManyRequests(Response r) {
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.contentType()).startsWith("application/json");
        assertThat(r.body().asString()).isEqualTo(TOO_MANY);
        long retryAfter = Long.parseLong(r.header("Retry-After"));
        assertThat(retryAfter).isBetween(1L, 60L);
        assertThat(r.header("X-Retry-After")).isEqualTo(r.header("Retry-After"));
    }

    /** A session of {@code userId} created through the same authstash; returns its token. */
    String sessionToken(String userId) {
        return authstash.sessions().create(userId, "127.0.0.1", "test", Map.of()).token();
    }
}
