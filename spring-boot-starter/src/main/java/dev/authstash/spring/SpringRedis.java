package dev.authstash.spring;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.springframework.core.env.Environment;

/**
 * Spring's {@code spring.data.redis.*} connection settings as authstash storage, used when {@code authstash.*}
 * names no storage: {@code url}, else {@code cluster.nodes}, else {@code host}/{@code port}/{@code database} with
 * {@code username}/{@code password} and {@code ssl.enabled}. Read from the environment, so Spring Data Redis
 * need not be on the class path. Nothing is taken when no {@code spring.data.redis} key is set.
 */
final class SpringRedis {
    private static final String P = "spring.data.redis.";

    private SpringRedis() {}

    /** Sets url (and cluster nodes) of {@code storage} from {@code env}; returns whether anything was set. */
    static boolean apply(Environment env, AuthstashProperties.SecondaryStorage storage) {
        String url = env.getProperty(P + "url");
        String nodes = env.getProperty(P + "cluster.nodes");
        String host = env.getProperty(P + "host");
        String port = env.getProperty(P + "port");
        if (blank(url) && blank(nodes) && blank(host) && blank(port)) {
            return false;
        }
        if (!blank(url)) {
            storage.setUrl(url.trim());
            return true;
        }
        String scheme = env.getProperty(P + "ssl.enabled", Boolean.class, false) ? "rediss://" : "redis://";
        String user = env.getProperty(P + "username");
        String password = env.getProperty(P + "password");
        String credentials = blank(password) ? "" : (blank(user) ? "" : encode(user)) + ":" + encode(password) + "@";
        if (!blank(nodes)) {
            List<String> seeds = Arrays.stream(nodes.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
            storage.setClusterNodes(seeds);
            if (!credentials.isEmpty() || scheme.startsWith("rediss")) {
                storage.setUrl(scheme + credentials + seeds.get(0));
            }
            return true;
        }
        String database = env.getProperty(P + "database", "0");
        storage.setUrl(scheme + credentials + (blank(host) ? "localhost" : host.trim()) + ":"
                + (blank(port) ? "6379" : port.trim()) + "/" + database.trim());
        return true;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
