package dev.authstash.ratelimit;

import dev.authstash.Identifiers;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a {@link RuleKey} and a request into the client part of a counter key. {@code ip} alone is the client IP
 * itself (the key of every rule before rule keys existed); other keys are {@code <part>=<value>} lines, body
 * fields in their canonical form ({@link Identifiers#canonical(String)}, the form the application looks accounts up
 * by); {@code param:} values too. When a part has no value the key is the client IP, except a {@code body:} or
 * {@code param:} part of a request the gate reads: that fails closed ({@link UnreadableBodyException}, see {@link KeyRequest#bodyField(String)}). The result is hashed with
 * the rule into the counter key ({@link RateLimitKeys}), so no value reaches storage in clear. Null when the key
 * needs the client IP and there is none ({@code advanced.ipAddress.disableIpTracking}): the rule does not apply.
 */
final class RuleKeys {
    private static final Logger LOG = LoggerFactory.getLogger(RuleKeys.class);
    private final HeaderKeys headers;
    private final Map<String, KeyResolver> resolvers;

    RuleKeys(HeaderKeys headers, Map<String, KeyResolver> resolvers) {
        this.headers = headers;
        this.resolvers = Map.copyOf(resolvers);
    }

    /** @throws IllegalArgumentException naming the header or resolver that has no registration */
    void requireRegistered(RuleKey key) {
        for (RuleKey.Part p : key.parts()) {
            if (p.kind() == RuleKey.Kind.HEADER && !headers.has(p.name())) {
                throw new IllegalArgumentException("key \"" + key.spec() + "\" reads header " + p.name() + ", which the"
                        + " client chooses: register its authenticator with Authstash.builder(config).headerKey(\""
                        + p.name() + "\", value -> …)");
            }
            if (p.kind() == RuleKey.Kind.RESOLVER && !resolvers.containsKey(p.name())) {
                throw new IllegalArgumentException("key \"" + key.spec() + "\" names resolver " + p.name()
                        + ", which is not registered: Authstash.builder(config).keyResolver(\"" + p.name()
                        + "\", request -> …)");
            }
        }
    }

    String clientKey(RuleKey key, KeyRequest request) {
        String ip = request.clientIp();
        if (key.equals(RuleKey.IP)) {
            return ip;
        }
        StringBuilder out = new StringBuilder();
        for (RuleKey.Part p : key.parts()) {
            String value = value(p, request);
            if (value == null || value.isEmpty()) {
                return ip;
            }
            out.append(p.spec()).append('=').append(value).append('\n');
        }
        return out.toString();
    }

    private String value(RuleKey.Part p, KeyRequest request) {
        return switch (p.kind()) {
            case IP -> request.clientIp();
            case USER -> request.userId();
            case BODY -> canonical(request.bodyField(p.name()), "Invalid request body: ", p.name());
            case PARAM -> canonical(request.parameter(p.name()), "Invalid request: ", p.name());
            case HEADER -> headers.key(p.name(), request.header(p.name())).orElse(null);
            case RESOLVER -> resolve(p.name(), request);
            case ACCOUNT -> request.account();
        };
    }

    /**
     * A body field's or parameter's value in canonical form; null when the request carries no details at all
     * ({@code KeyRequest.of}, {@code RequestDetails.NONE}): the IP. Only blanks or invisible characters name no
     * account and are no escape either: refused (400, {@code <refusal><name> is required}).
     */
    private static String canonical(String value, String refusal, String name) {
        if (value == null) {
            return null;
        }
        String canonical = Identifiers.canonical(value);
        if (canonical.isEmpty()) {
            throw new UnreadableBodyException(400, refusal + name + " is required");
        }
        return canonical;
    }

    private String resolve(String name, KeyRequest request) {
        KeyResolver resolver = resolvers.get(name);
        try {
            Optional<String> v = resolver == null ? Optional.empty() : resolver.resolve(request);
            return v == null ? null : v.orElse(null);
        } catch (UnreadableBodyException e) {
            throw e; // the resolver read a body field that cannot be read: refused, as for a body: key
        } catch (RuntimeException e) {
            LOG.debug("authstash: key resolver {} threw; the request is keyed by IP: {}", name, e.toString());
            return null;
        }
    }
}
