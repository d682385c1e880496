package dev.authstash.spring;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.authstash.config.AuthstashConfig;
import dev.authstash.config.ConfigException;
import dev.authstash.config.ConfigLoader;
import java.util.List;
import java.util.Map;

/**
 * Turns bound {@code authstash.*} properties into the JSON document core reads, so that validation and messages
 * are core's; unset properties are left out (core's defaults apply). Values are taken literally: Spring has
 * already resolved its placeholders, so {@code ${} is escaped from core's substitution.
 */
final class PropertiesJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private PropertiesJson() {}

    /** @throws ConfigException with core's message prefixed {@code authstash.}, e.g. {@code authstash.rateLimit.max: …} */
    static AuthstashConfig config(AuthstashProperties p) {
        try {
            return ConfigLoader.parse(tree(p).toString(), name -> null);
        } catch (ConfigException e) {
            throw new IllegalStateException("authstash." + e.getMessage(), e);
        }
    }

    static ObjectNode tree(AuthstashProperties p) {
        ObjectNode root = NODES.objectNode();
        put(root, "basePath", p.getBasePath());
        put(root, "baseURL", p.getBaseUrl());
        put(root, "trustedOrigins", p.getTrustedOrigins());
        put(root, "secret", p.getSecret());
        AuthstashProperties.SecondaryStorage s = p.getSecondaryStorage();
        ObjectNode storage = NODES.objectNode();
        put(storage, "url", s.getUrl());
        put(storage, "clusterNodes", s.getClusterNodes());
        put(storage, "keyPrefix", s.getKeyPrefix());
        put(storage, "poolSize", s.getPoolSize());
        put(storage, "connectTimeoutMillis", s.getConnectTimeoutMillis());
        put(storage, "socketTimeoutMillis", s.getSocketTimeoutMillis());
        put(storage, "poolWaitMillis", s.getPoolWaitMillis());
        put(storage, "memoryMaxEntries", s.getMemoryMaxEntries());
        ObjectNode breaker = NODES.objectNode();
        put(breaker, "failureThreshold", s.getCircuitBreaker().getFailureThreshold());
        put(breaker, "openSeconds", s.getCircuitBreaker().getOpenSeconds());
        section(storage, "circuitBreaker", breaker);
        AuthstashProperties.Upstash u = s.getUpstash();
        ObjectNode upstash = NODES.objectNode();
        put(upstash, "url", u.getUrl());
        put(upstash, "token", u.getToken());
        put(upstash, "responseEncoding", u.getResponseEncoding());
        put(upstash, "connectTimeoutMillis", u.getConnectTimeoutMillis());
        put(upstash, "requestTimeoutMillis", u.getRequestTimeoutMillis());
        put(upstash, "readRetries", u.getReadRetries());
        section(storage, "upstash", upstash);
        AuthstashProperties.Sentinel se = s.getSentinel();
        ObjectNode sentinel = NODES.objectNode();
        put(sentinel, "masterName", se.getMasterName());
        put(sentinel, "nodes", se.getNodes());
        put(sentinel, "user", se.getUser());
        put(sentinel, "password", se.getPassword());
        put(sentinel, "sentinelPassword", se.getSentinelPassword());
        put(sentinel, "database", se.getDatabase());
        section(storage, "sentinel", sentinel);
        section(root, "secondaryStorage", storage);

        AuthstashProperties.RateLimit r = p.getRateLimit();
        ObjectNode rate = NODES.objectNode();
        put(rate, "enabled", r.getEnabled());
        put(rate, "window", r.getWindow());
        put(rate, "max", r.getMax());
        put(rate, "algorithm", r.getAlgorithm());
        put(rate, "storage", r.getStorage());
        if (r.getCustomRules() != null && !r.getCustomRules().isEmpty()) {
            ObjectNode rules = rate.putObject("customRules");
            for (Map.Entry<String, AuthstashProperties.Rule> e : r.getCustomRules().entrySet()) {
                AuthstashProperties.Rule rule = e.getValue();
                if (!rule.isLimited()) {
                    rules.put(e.getKey(), false);
                    continue;
                }
                ObjectNode node = rules.putObject(e.getKey());
                put(node, "window", rule.getWindow());
                put(node, "max", rule.getMax());
                put(node, "algorithm", rule.getAlgorithm());
                put(node, "key", rule.getKey());
                put(node, "methods", rule.getMethods());
                count(node, rule.getCount());
            }
        }
        put(rate, "onStorageError", r.getOnStorageError());
        put(rate, "limitPreflight", r.getLimitPreflight());
        put(rate, "allow", r.getAllow());
        put(rate, "deny", r.getDeny());
        put(rate, "defaultRules", r.getDefaultRules());
        put(rate, "blockCache", r.getBlockCache());
        section(root, "rateLimit", rate);

        ObjectNode ip = NODES.objectNode();
        put(ip, "trustedProxies", p.getAdvanced().getIpAddress().getTrustedProxies());
        put(ip, "ipv6Subnet", p.getAdvanced().getIpAddress().getIpv6Subnet());
        put(ip, "ipAddressHeaders", p.getAdvanced().getIpAddress().getIpAddressHeaders());
        put(ip, "disableIpTracking", p.getAdvanced().getIpAddress().getDisableIpTracking());
        ObjectNode advanced = NODES.objectNode();
        section(advanced, "ipAddress", ip);
        put(advanced, "useSecureCookies", p.getAdvanced().getUseSecureCookies());
        section(root, "advanced", advanced);

        AuthstashProperties.Session ss = p.getSession();
        ObjectNode session = NODES.objectNode();
        put(session, "expiresIn", ss.getExpiresIn());
        put(session, "updateAge", ss.getUpdateAge());
        put(session, "storeSessionInDatabase", ss.getStoreSessionInDatabase());
        put(session, "preserveSessionInDatabase", ss.getPreserveSessionInDatabase());
        put(session, "cookieName", ss.getCookieName());
        put(session, "tableName", ss.getTableName());
        put(session, "protectedPaths", ss.getProtectedPaths());
        put(session, "maximumSessions", ss.getMaximumSessions());
        put(session, "freshAge", ss.getFreshAge());
        put(session, "freshPaths", ss.getFreshPaths());
        put(session, "deferSessionRefresh", ss.getDeferSessionRefresh());
        ObjectNode cookieCache = NODES.objectNode();
        put(cookieCache, "enabled", ss.getCookieCache().getEnabled());
        put(cookieCache, "maxAge", ss.getCookieCache().getMaxAge());
        put(cookieCache, "strategy", ss.getCookieCache().getStrategy());
        put(cookieCache, "version", ss.getCookieCache().getVersion());
        section(session, "cookieCache", cookieCache);
        section(root, "session", session);

        ObjectNode otp = NODES.objectNode();
        put(otp, "otpLength", p.getEmailOtp().getOtpLength());
        put(otp, "expiresIn", p.getEmailOtp().getExpiresIn());
        put(otp, "allowedAttempts", p.getEmailOtp().getAllowedAttempts());
        ObjectNode budget = NODES.objectNode();
        put(budget, "max", p.getEmailOtp().getGuessBudget().getMax());
        put(budget, "window", p.getEmailOtp().getGuessBudget().getWindow());
        section(otp, "guessBudget", budget);
        ObjectNode sends = NODES.objectNode();
        put(sends, "max", p.getEmailOtp().getSendLimit().getMax());
        put(sends, "window", p.getEmailOtp().getSendLimit().getWindow());
        section(otp, "sendLimit", sends);
        section(root, "emailOTP", otp);
        ObjectNode password = NODES.objectNode();
        put(password, "resetPasswordTokenExpiresIn", p.getEmailAndPassword().getResetPasswordTokenExpiresIn());
        section(root, "emailAndPassword", password);
        ObjectNode verification = NODES.objectNode();
        put(verification, "expiresIn", p.getEmailVerification().getExpiresIn());
        section(root, "emailVerification", verification);
        return root;
    }

    /** {@code all} / {@code failures} as a string, statuses as an array of integers (else as given, for the error). */
    private static void count(ObjectNode node, List<String> count) {
        if (count == null || count.isEmpty()) {
            return;
        }
        if (count.size() == 1 && !count.get(0).trim().matches("[0-9]+")) {
            node.put("count", literal(count.get(0).trim()));
            return;
        }
        ArrayNode array = node.putArray("count");
        for (String c : count) {
            String t = c == null ? "" : c.trim();
            if (t.matches("[0-9]{1,9}")) {
                array.add(Integer.parseInt(t));
            } else {
                array.add(literal(t));
            }
        }
    }

    private static void section(ObjectNode parent, String name, ObjectNode child) {
        if (!child.isEmpty()) {
            parent.set(name, child);
        }
    }

    private static void put(ObjectNode node, String key, Object value) {
        if (value == null) {
            return;
        }
        if (value instanceof String text) {
            node.put(key, literal(text));
        } else if (value instanceof Boolean b) {
            node.put(key, b);
        } else if (value instanceof Number n) {
            node.put(key, n.longValue());
        } else if (value instanceof List<?> list) {
            ArrayNode array = node.putArray(key);
            list.forEach(v -> array.add(v == null ? null : literal(v.toString())));
        }
    }

    private static String literal(String text) {
        return text.replace("${", "$${");
    }
}
