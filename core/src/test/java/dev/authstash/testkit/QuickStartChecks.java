package dev.authstash.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What a runtime's README quick start must hold, over HTTP from distinct loopback client addresses (the TCP peer is
 * the client: 127.0.0.x, none of them a trusted proxy). The app under test runs the README's {@code authstash.json}
 * ({@link #readmeAuthstashJson()}: {@code /sign-in/email} 5 and {@code /forget-password} 3 a minute,
 * {@code /api/account/**} protected, {@code 10.0.0.5} the only trusted proxy) in front of one resource:
 * {@code POST /api/auth/sign-in/email} (header {@code X-User}: signs that user in with the adapter's session helper,
 * 200; without it 401), {@code POST /api/auth/forget-password} (200), {@code GET /api/account/me} (200
 * {@code user=<id>}). A subclass serves it and answers {@link #port()}.
 */
public abstract class QuickStartChecks {
    static final String TOO_MANY = "{\"message\":\"Too many requests. Please try again later.\"}";

    /** The port of the app under test on loopback (any 127.x address). */
    protected abstract int port();

    /** A line of the server's log or similar for failure messages; empty by default. */
    protected String diagnostics() {
        return "";
    }

    /** The first {@code json} block of the README's Quick start: the {@code authstash.json} a user writes. */
    public static String readmeAuthstashJson() {
        try {
            String readme = Files.readString(Path.of("../README.md"));
            String quickStart = readme.substring(readme.indexOf("## Quick start"));
            Matcher m = Pattern.compile("```json\\n(.*?)```", Pattern.DOTALL).matcher(quickStart);
            assertThat(m.find()).as("a json block in the README's Quick start").isTrue();
            return m.group(1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An HTTP answer: status, headers (lower-case names, lines in order) and body. */
    public record Answer(int status, Map<String, List<String>> headers, String body) {
        public String header(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null ? null : v.get(0);
        }
    }

    /** One HTTP/1.1 request from client address {@code from} (a 127.x address), {@code Connection: close}. */
    protected Answer send(String from, String method, String path, String... headerLines) {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
            s.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port()), 5000);
            s.setSoTimeout(15000);
            StringBuilder req = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                    .append("Host: 127.0.0.1:").append(port()).append("\r\nConnection: close\r\n");
            for (String h : headerLines) {
                req.append(h).append("\r\n");
            }
            if (!method.equals("GET")) {
                req.append("Content-Length: 0\r\n");
            }
            req.append("\r\n");
            OutputStream out = s.getOutputStream();
            out.write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            String raw = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            int end = raw.indexOf("\r\n\r\n");
            String[] lines = raw.substring(0, end).split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(lines[i].substring(colon + 1).trim());
            }
            String body = raw.substring(end + 4);
            if ("chunked".equalsIgnoreCase(headers.getOrDefault("transfer-encoding", List.of("")).get(0))) {
                body = unchunk(body);
            }
            return new Answer(status, headers, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String unchunk(String chunked) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (true) {
            int eol = chunked.indexOf("\r\n", i);
            int size = Integer.parseInt(chunked.substring(i, eol).split(";")[0].trim(), 16);
            if (size == 0) {
                return out.toString();
            }
            out.append(chunked, eol + 2, eol + 2 + size);
            i = eol + 2 + size + 2;
        }
    }

    private static int remaining(Answer a) {
        String header = a.header("RateLimit");
        assertThat(header).as("RateLimit header in %s", a.headers()).isNotNull();
        Matcher m = Pattern.compile(";r=(\\d+);").matcher(header);
        assertThat(m.find()).as(header).isTrue();
        return Integer.parseInt(m.group(1));
    }

    @Test
    void aRouteLimitAllowsMaxCountingEachRequestOnceThenAnswers429WithEveryHeader() {
        List<Integer> statuses = new ArrayList<>();
        List<Integer> remaining = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Answer a = send("127.0.0.11", "POST", "/api/auth/sign-in/email");
            statuses.add(a.status());
            assertThat(a.header("RateLimit-Policy")).as(diagnostics()).isEqualTo("\"/sign-in/email\";q=5;w=60");
            remaining.add(remaining(a));
        }
        assertThat(statuses).as(diagnostics()).containsExactly(401, 401, 401, 401, 401);
        assertThat(remaining).containsExactly(4, 3, 2, 1, 0);
        Answer refused = send("127.0.0.11", "POST", "/api/auth/sign-in/email");
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.body()).isEqualTo(TOO_MANY);
        assertThat(refused.header("Content-Type")).startsWith("application/json");
        assertThat(Integer.parseInt(refused.header("Retry-After"))).isBetween(1, 60);
        assertThat(refused.header("X-Retry-After")).isEqualTo(refused.header("Retry-After"));
        assertThat(refused.header("RateLimit-Policy")).isEqualTo("\"/sign-in/email\";q=5;w=60");
        assertThat(remaining(refused)).isZero();
    }

    @Test
    void signInSetsTheSessionCookieAndAProtectedPathNeedsIt() {
        Answer anonymous = send("127.0.0.12", "GET", "/api/account/me");
        assertThat(anonymous.status()).as(diagnostics()).isEqualTo(401);
        assertThat(anonymous.header("WWW-Authenticate")).isEqualTo("Bearer");

        Answer signIn = send("127.0.0.12", "POST", "/api/auth/sign-in/email", "X-User: bob");
        assertThat(signIn.status()).isEqualTo(200);
        String cookie = signIn.header("Set-Cookie");
        assertThat(cookie).as(signIn.headers().toString()).contains("HttpOnly").contains("SameSite=Lax")
                .contains("Path=/");
        Answer me = send("127.0.0.12", "GET", "/api/account/me", "Cookie: " + cookie.substring(0, cookie.indexOf(';')));
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.body()).isEqualTo("user=bob");
    }

    @Test
    void eachPeerHasItsOwnBucketAndAForgedForwardedHeaderFromAnUntrustedPeerDoesNotEscapeIt() {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            statuses.add(send("127.0.0.13", "POST", "/api/auth/forget-password").status());
        }
        assertThat(statuses).as(diagnostics()).containsExactly(200, 200, 200, 429);
        assertThat(send("127.0.0.13", "POST", "/api/auth/forget-password", "X-Forwarded-For: 203.0.113.9").status())
                .as("a forged X-Forwarded-For from an untrusted peer").isEqualTo(429);
        assertThat(send("127.0.0.14", "POST", "/api/auth/forget-password").status())
                .as("another client's bucket").isEqualTo(200);
    }
}
