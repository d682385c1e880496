package dev.authstash.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.authstash.client.ClientIpResolver;
import dev.authstash.client.ProxyDoctor;
import dev.authstash.ratelimit.RateLimitRule;
import dev.authstash.ratelimit.RateLimiter;
import dev.authstash.ratelimit.RuleKey;
import dev.authstash.route.PathNormalizer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The opt-in "what did authstash resolve for this request" answer ({@link RequestGate#diagnose}), in the spirit of
 * express-rate-limit's {@code validate} checks: the TCP peer, whether it is trusted, the forwarded headers present
 * and which of them were read, the client address, the rate-limit rules of a path with their buckets (hashed), why,
 * and the proxy doctor's findings. Nothing the adapters mount by default.
 *
 * <p>Think like an attacker: the answer shows addresses and proxy topology, so it is given only
 * <ul>
 * <li>with a token (at least 32 characters) the application configured, sent in {@value #TOKEN_HEADER} and
 * compared in constant time; or, without a token,</li>
 * <li>to a loopback peer that sent no forwarded header at all (a {@code curl} on the machine itself — a request
 * relayed by a proxy on the same machine carries the proxy's headers and is refused);</li>
 * </ul>
 * every other request gets {@code 404 {"message":"Not Found"}}, as an unknown path would. Every request to it,
 * refused ones included, counts against {@value #MAX_PER_MINUTE} per minute per process ({@code 429} beyond).
 * Buckets are an HMAC under a random per-process key: two requests in the same bucket show the same value on this
 * instance, but the value is neither the storage key nor reversible into the client address, and no header value
 * other than the forwarded ones (no cookie, no {@code Authorization}) is ever echoed. Thread-safe.
 */
final class IpDiagnostic {
    static final String TOKEN_HEADER = "X-Authstash-Diagnostic-Token";
    static final int MAX_PER_MINUTE = 30;
    static final int MIN_TOKEN_LENGTH = 32;
    static final String NOT_FOUND_BODY = "{\"message\":\"Not Found\"}";
    private static final int MAX_VALUE_CHARS = 512;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);

    private final ClientIpResolver clientIps;
    private final ProxyDoctor doctor;
    private final RateLimiter limiter;
    private final byte[] bucketKey = new byte[32];
    private final LongSupplier nanoTime;
    private final AtomicLong windowStart;
    private final AtomicLong used = new AtomicLong();

    IpDiagnostic(ClientIpResolver clientIps, ProxyDoctor doctor, RateLimiter limiter, LongSupplier nanoTime) {
        this.clientIps = clientIps;
        this.doctor = doctor;
        this.limiter = limiter;
        this.nanoTime = nanoTime;
        this.windowStart = new AtomicLong(nanoTime.getAsLong());
        new SecureRandom().nextBytes(bucketKey);
    }

    Diagnosis answer(GateRequest request, String path, String method, String token) {
        if (token != null && token.length() < MIN_TOKEN_LENGTH) {
            throw new IllegalArgumentException("diagnostic token: expected at least " + MIN_TOKEN_LENGTH
                    + " characters, got " + token.length());
        }
        List<Header> headers = List.of(new Header("Cache-Control", "no-store"),
                new Header("X-Content-Type-Options", "nosniff"));
        long retry = overLimit();
        if (retry > 0) {
            List<Header> limited = new ArrayList<>(headers);
            limited.add(new Header("Retry-After", Long.toString(retry)));
            return new Diagnosis(429, limited, dev.authstash.ratelimit.RateLimitHeaders.TOO_MANY_REQUESTS_BODY);
        }
        if (!allowed(request, token)) {
            return new Diagnosis(404, headers, NOT_FOUND_BODY);
        }
        try {
            return new Diagnosis(200, headers, JSON.writeValueAsString(report(request, path, method)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Seconds until the next minute when this minute's answers are spent, else 0 (and one is taken). */
    private long overLimit() {
        long now = nanoTime.getAsLong();
        long start = windowStart.get();
        if (now - start >= MINUTE && windowStart.compareAndSet(start, now)) {
            used.set(0);
            start = now;
        }
        if (used.incrementAndGet() <= MAX_PER_MINUTE) {
            return 0;
        }
        return Math.max(1, TimeUnit.NANOSECONDS.toSeconds(start + MINUTE - now + TimeUnit.SECONDS.toNanos(1) - 1));
    }

    private boolean allowed(GateRequest request, String token) {
        if (token != null) {
            List<String> sent = request.headers(TOKEN_HEADER);
            String value = sent == null || sent.size() != 1 ? null : sent.get(0);
            return value != null && MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8),
                    token.getBytes(StandardCharsets.UTF_8));
        }
        if (!isLoopback(request.remoteAddress())) {
            return false;
        }
        for (String name : doctor.headerNames()) {
            List<String> values = request.headers(name);
            if (values != null && !values.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    private static boolean isLoopback(String peer) {
        if (peer == null) {
            return false;
        }
        String p = peer.trim();
        if (p.startsWith("[") && p.endsWith("]")) {
            p = p.substring(1, p.length() - 1);
        }
        return p.startsWith("127.") && p.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'))
                || p.equals("::1") || p.equals("0:0:0:0:0:0:0:1");
    }

    private Map<String, Object> report(GateRequest request, String path, String method) {
        String peer = request.remoteAddress();
        java.util.function.Function<String, List<String>> lookup = request::headers;
        String client = clientIps.resolve(peer, lookup);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("peer", peer == null ? null : ProxyDoctor.literal(peer));
        boolean trusted = peer != null && clientIps.isTrustedProxy(peer);
        out.put("peerTrusted", trusted);
        out.put("ipAddressHeaders", clientIps.headerNames());
        List<Map<String, Object>> present = new ArrayList<>();
        for (String name : doctor.headerNames()) {
            List<String> values = request.headers(name);
            if (values == null || values.isEmpty()) {
                continue;
            }
            Map<String, Object> h = new LinkedHashMap<>();
            h.put("name", name);
            String joined = String.join(", ", values);
            h.put("value", joined.length() > MAX_VALUE_CHARS ? joined.substring(joined.length() - MAX_VALUE_CHARS)
                    : joined);
            h.put("read", trusted && clientIps.headerNames().contains(name));
            present.add(h);
        }
        out.put("forwardedHeaders", present);
        out.put("clientAddress", client);
        out.put("why", why(peer, lookup, client, trusted));
        String target = path == null || path.isBlank() ? request.path() : path;
        String m = method == null || method.isBlank() ? "POST" : method.trim().toUpperCase(java.util.Locale.ROOT);
        List<Map<String, Object>> rules = new ArrayList<>();
        try {
            String normalized = PathNormalizer.normalize(target);
            out.put("path", normalized);
            out.put("method", m);
            for (RateLimitRule rule : limiter.rulesFor(normalized, m)) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("rule", rule.id());
                r.put("window", rule.windowSeconds());
                r.put("max", rule.max());
                r.put("key", rule.key().spec());
                if (rule.key().equals(RuleKey.IP)) {
                    r.put("bucket", client == null ? null : bucket(rule.id() + '\n' + client));
                } else {
                    r.put("bucket", null);
                    r.put("note", "keyed on " + rule.key().spec() + ": read per request (session, body or"
                            + " headers); a part without a value falls back to the client address, bucket "
                            + (client == null ? "none" : bucket(rule.id() + '\n' + client)));
                }
                rules.add(r);
            }
            out.put("allowListed", client != null && limiter.allowListed(client));
            out.put("denyListed", limiter.denied(client));
        } catch (IllegalArgumentException e) {
            out.put("path", null);
            out.put("pathError", "the path cannot be normalized");
        }
        out.put("rules", rules);
        List<Map<String, Object>> findings = new ArrayList<>();
        for (ProxyDoctor.Finding f : doctor.findings()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("cause", f.cause().tag());
            x.put("peers", f.peers());
            x.put("header", f.header());
            x.put("samples", f.samples());
            x.put("message", f.message());
            findings.add(x);
        }
        out.put("findings", findings);
        return out;
    }

    private String why(String peer, java.util.function.Function<String, List<String>> lookup, String client,
                       boolean trusted) {
        if (client == null) {
            return "advanced.ipAddress.disableIpTracking is true: there is no client address, rules keyed on ip do"
                    + " not apply";
        }
        ProxyDoctor.Explanation e = doctor.explain(peer, lookup, client);
        if (!trusted) {
            return e.header() == null
                    ? "the TCP peer is the client: it is not in advanced.ipAddress.trustedProxies and sent no"
                    + " forwarded header"
                    : "the TCP peer is not in advanced.ipAddress.trustedProxies, so its forwarded headers ("
                    + e.header() + ", ...) are ignored and the peer is the client address";
        }
        if (!e.keyedOnPeer()) {
            for (String name : clientIps.headerNames()) {
                String alone = clientIps.resolve(peer, n -> n.equals(name) ? lookup.apply(n) : null);
                if (!alone.equals(clientIps.resolve(peer, n -> null))) {
                    return "the TCP peer is a trusted proxy; " + name + " names " + alone + ": the first hop from"
                            + " the right that is not a trusted proxy";
                }
            }
            return "the TCP peer is a trusted proxy and a listed header names the client";
        }
        if (e.shows(ProxyDoctor.Cause.UNLISTED_HEADER)) {
            return "the TCP peer is a trusted proxy but sent none of advanced.ipAddress.ipAddressHeaders "
                    + clientIps.headerNames() + " (it sent " + e.header() + "), so the peer is the client address";
        }
        if (e.header() == null) {
            return "the TCP peer is a trusted proxy but sent no forwarded header, so the peer is the client address";
        }
        return "the TCP peer is a trusted proxy, but its listed header names nobody (every hop is a trusted proxy,"
                + " or a hop is not an address), so the key falls back to the peer (fail closed)";
    }

    private String bucket(String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(bucketKey, "HmacSHA256"));
            byte[] digest = mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
            return "b:" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
