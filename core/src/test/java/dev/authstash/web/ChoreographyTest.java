package dev.authstash.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.authstash.Authstash;
import dev.authstash.config.ConfigLoader;
import dev.authstash.session.CreatedSession;
import dev.authstash.testkit.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The whole request sequence behind {@link RequestGate#before} and {@link RequestGate#after}, in memory mode. */
class ChoreographyTest {
    private static final String CONFIG = "{\"basePath\": \"/api/auth\", \"rateLimit\": {\"window\": 60, \"max\": 100,"
            + " \"deny\": [\"198.51.100.0/24\"], \"onStorageError\": \"%s\", \"customRules\": {"
            + " \"/sign-in/email\": {\"window\": 60, \"max\": 2, \"key\": \"body:email\", \"count\": \"failures\"}}},"
            + " \"session\": {\"updateAge\": 60, \"protectedPaths\": [\"/api/account/**\"],"
            + " \"cookieCache\": {\"enabled\": true, \"maxAge\": 300}}}";
    private final MutableClock clock = new MutableClock();
    private Authstash authstash;

    @AfterEach
    void close() {
        if (authstash != null) {
            authstash.close();
        }
    }

    private RequestGate gate(String onStorageError) {
        authstash = Authstash.builder(ConfigLoader.parse(CONFIG.formatted(onStorageError), k -> null))
                .clock(clock).environment(k -> null).build();
        return authstash.gate();
    }

    /** A request view as an adapter would give it. */
    record View(String method, String path, String remoteAddress, Map<String, List<String>> lines, byte[] bytes)
            implements GateRequest {
        static View of(String method, String path, String... headers) {
            Map<String, List<String>> lines = new HashMap<>();
            for (int i = 0; i < headers.length; i += 2) {
                lines.computeIfAbsent(headers[i].toLowerCase(Locale.ROOT), k -> new java.util.ArrayList<>())
                        .add(headers[i + 1]);
            }
            return new View(method, path, "203.0.113.9", lines, null);
        }

        View body(String json) {
            Map<String, List<String>> more = new HashMap<>(lines);
            more.put("content-type", List.of("application/json"));
            return new View(method, path, remoteAddress, more, json.getBytes(StandardCharsets.UTF_8));
        }

        View from(String ip) {
            return new View(method, path, ip, lines, bytes);
        }

        @Override
        public List<String> headers(String name) {
            return lines.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
        }

        @Override
        public boolean secure() {
            return false;
        }

        @Override
        public byte[] body(int maxBytes) {
            return bytes;
        }
    }

    private static List<String> values(GateOutcome outcome, String name) {
        return outcome.headers().stream().filter(h -> h.name().equalsIgnoreCase(name)).map(Header::value).toList();
    }

    @Test
    void refusalsAreRespondsWithRealStatusesHeadersInOrderAndJsonBodies() {
        RequestGate gate = gate("local");
        View signIn = View.of("POST", "/api/auth/sign-in/email").body("{\"email\":\"a@x.io\"}");
        for (int i = 0; i < 2; i++) {
            GateOutcome allowed = gate.before(signIn);
            assertThat(allowed).isInstanceOf(GateOutcome.Proceed.class);
            assertThat(values(allowed, "RateLimit-Policy")).containsExactly("\"/sign-in/email\";q=2;w=60");
            gate.after((GateOutcome.Proceed) allowed, 401);
        }
        GateOutcome refused = gate.before(signIn);
        assertThat(refused).isInstanceOfSatisfying(GateOutcome.Respond.class, r -> {
            assertThat(r.status()).isEqualTo(429);
            assertThat(r.body()).isEqualTo("{\"message\":\"Too many requests. Please try again later.\"}");
            assertThat(r.headers()).extracting(Header::name)
                    .containsExactly("RateLimit-Policy", "RateLimit", "Retry-After", "X-Retry-After");
        });
        assertThat(gate.before(View.of("POST", "/api/auth/sign-in/email").body("{\"email\":\"b@x.io\"}")))
                .as("another key").isInstanceOf(GateOutcome.Proceed.class);
        assertThat(((GateOutcome.Respond) gate.before(View.of("GET", "/api/auth/%zz"))).status()).isEqualTo(400);
        assertThat(((GateOutcome.Respond) gate.before(View.of("GET", "/api/auth/x").from("198.51.100.7"))).status())
                .as("deny list").isEqualTo(403);
        GateOutcome.Respond crossSite = (GateOutcome.Respond) gate.before(View.of("POST", "/api/auth/sign-in/social",
                "Origin", "https://evil.example", "Host", "app.example"));
        assertThat(crossSite.status()).isEqualTo(403);
        assertThat(crossSite.body()).isEqualTo("{\"message\":\"Invalid origin\"}");
    }

    @Test
    void onlyFailuresCountedInAfterUseUpTheQuota() {
        RequestGate gate = gate("local");
        View signIn = View.of("POST", "/api/auth/sign-in/email").body("{\"email\":\"c@x.io\"}");
        for (int i = 0; i < 5; i++) {
            GateOutcome.Proceed ok = (GateOutcome.Proceed) gate.before(signIn);
            assertThat(ok.awaitsAnswer()).isTrue();
            assertThat(gate.after(ok, 200)).isEqualTo(ok.headers());
        }
        for (int i = 0; i < 2; i++) {
            gate.after((GateOutcome.Proceed) gate.before(signIn), 401);
        }
        assertThat(gate.before(signIn)).isInstanceOf(GateOutcome.Respond.class);
    }

    @Test
    void protectedPathsAnswer401AndSessionsProceedWithBothCookies() {
        RequestGate gate = gate("local");
        GateOutcome.Respond anonymous = (GateOutcome.Respond) gate.before(View.of("GET", "/api/account/me"));
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(values(anonymous, "WWW-Authenticate")).containsExactly("Bearer");
        assertThat(anonymous.body()).isEqualTo("{\"message\":\"Unauthorized\"}");

        CreatedSession created = authstash.sessions().create("u1", "203.0.113.9", "test", Map.of());
        View withCookie = View.of("GET", "/api/account/me", "Cookie", "authstash.session_token=" + created.token());
        clock.advance(Duration.ofSeconds(61)); // past updateAge: the lookup refreshes the session
        GateOutcome.Proceed proceed = (GateOutcome.Proceed) gate.before(withCookie);
        assertThat(proceed.session()).hasValueSatisfying(s -> assertThat(s.userId()).isEqualTo("u1"));
        assertThat(values(proceed, "Set-Cookie")).as("session cookie and cookie cache, both kept").hasSize(2)
                .anySatisfy(v -> assertThat(v).startsWith("authstash.session_token="))
                .anySatisfy(v -> assertThat(v).startsWith("authstash.session_data="));
        assertThat(proceed.headers()).filteredOn(Header::isSetCookie).extracting(Header::name)
                .containsOnly("Set-Cookie");
        assertThat(values(proceed, "Cache-Control")).containsExactly("no-store");

        authstash.sessions().revoke(created.token());
        GateOutcome.Respond gone = (GateOutcome.Respond) gate.before(View.of("GET", "/api/account/me",
                "Cookie", "authstash.session_token=" + created.token()));
        assertThat(gone.status()).isEqualTo(401);
        assertThat(values(gone, "Set-Cookie")).as("both cookies cleared on the 401").hasSize(2)
                .allSatisfy(v -> assertThat(v).contains("Max-Age=0"));
    }

    @Test
    void unexpectedExceptionsAreHandledAsStorageDownByEveryAdapterAlike() {
        GateRequest broken = broken("POST", "/api/auth/anything");
        RequestGate allow = gate("allow");
        assertThat(allow.limits(broken)).as("allow: proceeds unlimited").isInstanceOf(GateOutcome.Proceed.class);
        assertThat(allow.authenticate(broken)).as("allow, unprotected: anonymous").isInstanceOf(GateOutcome.Proceed.class);
        GateRequest brokenProtected = broken("GET", "/api/account/me");
        assertThat(((GateOutcome.Respond) allow.before(brokenProtected)).status()).as("protected: fail closed")
                .isEqualTo(503);
        close();
        RequestGate deny = gate("deny");
        GateOutcome.Respond refused = (GateOutcome.Respond) deny.before(broken);
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.headers()).containsExactly(new Header("Retry-After", "1"));
    }

    /** A request whose headers cannot be read: an unexpected exception inside every step. */
    private static GateRequest broken(String method, String path) {
        return new GateRequest() {
            public String method() { return method; }
            public String path() { return path; }
            public String remoteAddress() { return "203.0.113.9"; }
            public List<String> headers(String name) { throw new IllegalStateException("adapter bug"); }
            public boolean secure() { return false; }
        };
    }

    @Test
    void anOutcomeIsNeverStatusZeroAndHeadersMergeByCookieName() {
        assertThatThrownBy(() -> new GateOutcome.Respond(0, List.of(), "{}"))
                .isInstanceOf(IllegalArgumentException.class);
        List<Header> merged = Header.merge(
                List.of(new Header("Set-Cookie", "a=1"), new Header("Set-Cookie", "b=1"),
                        new Header("Cache-Control", "no-store")),
                List.of(new Header("set-cookie", "a=2"), new Header("cache-control", "private")));
        assertThat(merged).containsExactly(new Header("Set-Cookie", "b=1"), new Header("set-cookie", "a=2"),
                new Header("cache-control", "private"));
        assertThat(Header.of(Map.of("set-cookie", "x=1"))).containsExactly(new Header("Set-Cookie", "x=1"));
    }
}
