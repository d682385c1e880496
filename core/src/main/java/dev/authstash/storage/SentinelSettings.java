package dev.authstash.storage;

import java.util.List;
import java.util.Objects;

/**
 * Redis behind Sentinel. JSON: {@code secondaryStorage.sentinel}, or a
 * {@code redis-sentinel://[[user]:password@]host[:port][,host[:port]…][/db]#masterName} url.
 *
 * @param masterName       the monitored master's name, as in {@code sentinel monitor <name> …}
 * @param nodes            sentinels as {@code host:port} (default port 26379 in urls)
 * @param user             ACL user of the Redis data nodes, or {@code null}
 * @param password         password of the Redis data nodes, or {@code null}; never printed
 * @param sentinelPassword password of the sentinels themselves, or {@code null}; never printed
 * @param database         database index on the master, default 0
 */
public record SentinelSettings(String masterName, List<String> nodes, String user, String password,
                               String sentinelPassword, int database) {
    public static final int DEFAULT_PORT = 26379;

    public SentinelSettings {
        Objects.requireNonNull(masterName, "masterName");
        nodes = List.copyOf(nodes);
        if (masterName.isBlank()) {
            throw new IllegalArgumentException("sentinel masterName must not be empty");
        }
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("sentinel needs at least one node host:port");
        }
        if (database < 0) {
            throw new IllegalArgumentException("database must not be negative, got " + database);
        }
    }

    @Override
    public String toString() {
        return "SentinelSettings[masterName=" + masterName + ", nodes=" + nodes + ", user=" + user
                + ", password=" + (password == null ? "null" : "***") + ", sentinelPassword="
                + (sentinelPassword == null ? "null" : "***") + ", database=" + database + "]";
    }
}
