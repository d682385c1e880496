package dev.authstash.jaxrs;

import dev.authstash.ratelimit.HeaderKeys;
import dev.authstash.ratelimit.RateLimitRule;
import dev.authstash.web.GateOutcome;
import dev.authstash.web.RequestGate;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Principal;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicBoolean;

/** Enforces one {@link RateLimit} on the resource method it is bound to. */
final class AnnotationRateLimitFilter implements ContainerRequestFilter {
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    });
    /** Longest user id kept readable in a counter key; longer ones are hashed. */
    private static final int MAX_PLAIN_USER = 128;

    /** {@link #key} when the key would be the client IP and the client address is unknown (compared by identity). */
    static final String UNKNOWN_ADDRESS = new String("ip:?");

    private final RequestGate gate;
    private final ClientAddressResolver addresses;
    private final RateLimitRule rule;
    private final RateLimit.Key key;
    private final String header;
    private final HeaderKeys headerKeys;
    private final AtomicBoolean logged;

    AnnotationRateLimitFilter(RequestGate gate, ClientAddressResolver addresses, RateLimitRule rule,
                              RateLimit.Key key, String header, HeaderKeys headerKeys, AtomicBoolean logged) {
        this.logged = logged;
        this.headerKeys = headerKeys;
        this.gate = gate;
        this.addresses = addresses;
        this.rule = rule;
        this.key = key;
        this.header = header;
    }

    RateLimitRule rule() {
        return rule;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String key = key(request);
        if (key == UNKNOWN_ADDRESS) {
            request.abortWith(RequestInfos.unknownAddress(logged)); // never one bucket for all clients
            return;
        }
        GateOutcome outcome = gate.limit(rule, key);
        if (outcome instanceof GateOutcome.Proceed proceed) {
            RequestInfos.addPending(request, proceed.headers());
        } else {
            request.abortWith(RequestInfos.toResponse((GateOutcome.Respond) outcome));
        }
    }

    /**
     * {@code user:<id>}, {@code header:<sha-256 of name and principal>} (only for a value the header's
     * {@link dev.authstash.ratelimit.HeaderAuthenticator} vouched for) or {@code ip:<client ip>} (the fallback).
     */
    String key(ContainerRequestContext request) {
        if (key == RateLimit.Key.USER && request.getSecurityContext() != null) {
            Principal user = request.getSecurityContext().getUserPrincipal();
            if (user != null && user.getName() != null && !user.getName().isEmpty()) {
                String name = user.getName();
                return name.length() <= MAX_PLAIN_USER && name.chars().allMatch(c -> c > 32 && c < 127)
                        ? "user:" + name : "user#" + sha256(name);
            }
        }
        if (key == RateLimit.Key.HEADER) {
            var vouched = headerKeys.key(header, request.getHeaderString(header));
            if (vouched.isPresent()) {
                return "header:" + sha256(vouched.get());
            }
        }
        var info = RequestInfos.of(request, addresses);
        String ip = gate.clientKey(info);
        if (ip != null && info.remoteAddr().isEmpty()) {
            return UNKNOWN_ADDRESS;
        }
        return ip == null ? null : "ip:" + ip; // null: disableIpTracking, the gate lets it through
    }

    private static String sha256(String value) {
        return HexFormat.of().formatHex(SHA256.get().digest(value.getBytes(StandardCharsets.UTF_8)));
    }
}
