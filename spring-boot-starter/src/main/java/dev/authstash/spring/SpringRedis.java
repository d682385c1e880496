package dev.authstash.spring;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.springframework.core.env.Environment;

/**
 * Spring's {@code spring.data.redis.*} connection settings as authstash storage, used when {@code authstash.*}
 * names no storage, as Spring Data Redis reads them: {@code url}, else {@code sentinel.master} +
 * {@code sentinel.nodes} (with {@code username}/{@code password} of the data nodes, {@code sentinel.password},
 * {@code database}), else {@code cluster.nodes}, else {@code host}/{@code port}/{@code database} (defaults
 * localhost:6379/0, as Spring's) with {@code username}/{@code password}; {@code ssl.enabled} or {@code ssl.bundle}
 * turn TLS on (the bundle's trust material through {@code Authstash.Builder.redisTls}). Read from the environment, so
 * Spring Data Redis need not be on the class path. Nothing is taken when no connection key is set. A connection key
 * authstash cannot apply ({@code sentinel.username}, TLS to Sentinel, {@code sentinel.*} without master or nodes)
 * fails start-up naming it: never a silent fallback to memory, i.e. per-instance limits. Tuning keys
 * ({@code timeout}, {@code connect-timeout}, {@code client-name}, {@code client-type}, {@code lettuce.*},
 * {@code jedis.*}) are not read: authstash's own {@code authstash.secondary-storage.*} timeouts and pool apply.
 */
final class SpringRedis {
    static final String P = "spring.data.redis.";
    /** The keys that say where Redis is and how to reach it. */
    static final List<String> CONNECTION_KEYS = List.of("url", "host", "port", "database", "username", "password",
            "ssl.enabled", "ssl.bundle", "cluster.nodes", "sentinel.master", "sentinel.nodes", "sentinel.username",
            "sentinel.password");

    private SpringRedis() {}

    /** Whether any connection key of {@code spring.data.redis} is set. */
    static boolean isSet(Environment env) {
        return CONNECTION_KEYS.stream().anyMatch(k -> !blank(env.getProperty(P + k)));
    }

    /**
     * Sets url, cluster nodes or sentinel of {@code storage} from {@code env}; returns whether anything was set.
     *
     * @throws IllegalStateException naming a set key authstash cannot apply
     */
    static boolean apply(Environment env, AuthstashProperties.SecondaryStorage storage) {
        if (!isSet(env)) {
            return false;
        }
        boolean tls = env.getProperty(P + "ssl.enabled", Boolean.class, false) || !blank(env.getProperty(P + "ssl.bundle"));
        String url = env.getProperty(P + "url");
        if (!blank(url)) {
            url = url.trim();
            storage.setUrl(tls && url.startsWith("redis://") ? "rediss://" + url.substring("redis://".length()) : url);
            return true;
        }
        String user = env.getProperty(P + "username");
        String password = env.getProperty(P + "password");
        String master = env.getProperty(P + "sentinel.master");
        String sentinels = env.getProperty(P + "sentinel.nodes");
        if (!blank(master) || !blank(sentinels)) {
            if (blank(master) || blank(sentinels)) {
                throw notApplied(blank(master) ? "sentinel.nodes" : "sentinel.master",
                        "Sentinel needs both spring.data.redis.sentinel.master and spring.data.redis.sentinel.nodes");
            }
            if (!blank(env.getProperty(P + "sentinel.username"))) {
                throw notApplied("sentinel.username", "authstash authenticates to the sentinels with a password only"
                        + " (spring.data.redis.sentinel.password)");
            }
            if (tls) {
                throw notApplied(!blank(env.getProperty(P + "ssl.bundle")) ? "ssl.bundle" : "ssl.enabled",
                        "authstash's Sentinel storage connects without TLS");
            }
            AuthstashProperties.Sentinel s = storage.getSentinel();
            s.setMasterName(master.trim());
            s.setNodes(split(sentinels));
            s.setUser(blank(user) ? null : user);
            s.setPassword(blank(password) ? null : password);
            String sentinelPassword = env.getProperty(P + "sentinel.password");
            s.setSentinelPassword(blank(sentinelPassword) ? null : sentinelPassword);
            s.setDatabase(Integer.valueOf(env.getProperty(P + "database", "0").trim()));
            return true;
        }
        String scheme = tls ? "rediss://" : "redis://";
        String credentials = blank(password) ? "" : (blank(user) ? "" : encode(user)) + ":" + encode(password) + "@";
        String nodes = env.getProperty(P + "cluster.nodes");
        if (!blank(nodes)) {
            List<String> seeds = split(nodes);
            storage.setClusterNodes(seeds);
            if (!credentials.isEmpty() || tls) {
                storage.setUrl(scheme + credentials + seeds.get(0));
            }
            return true;
        }
        String host = env.getProperty(P + "host");
        String port = env.getProperty(P + "port");
        String database = env.getProperty(P + "database", "0");
        storage.setUrl(scheme + credentials + (blank(host) ? "localhost" : host.trim()) + ":"
                + (blank(port) ? "6379" : port.trim()) + "/" + database.trim());
        return true;
    }

    /** The start-up failure for a set key authstash does not apply. */
    static IllegalStateException notApplied(String key, String why) {
        return new IllegalStateException(P + key + " is set, but authstash cannot apply it: " + why
                + "; name the storage with authstash.secondary-storage.* instead (\"\" url = in memory)");
    }

    private static List<String> split(String nodes) {
        return Arrays.stream(nodes.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
