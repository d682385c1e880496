package dev.authstash.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import redis.clients.jedis.Jedis;

/**
 * A real Redis Sentinel deployment on free loopback ports: one master, one replica and three sentinels
 * ({@code redis-server <conf> --sentinel}) monitoring it as {@link #MASTER} with quorum 2. Waits are bounded.
 */
public final class RedisSentinels implements AutoCloseable {
    public static final String MASTER = "mymaster";

    private final RedisProcess master;
    private final RedisProcess replica;
    private final List<Process> sentinels = new ArrayList<>();
    private final List<Integer> sentinelPorts = new ArrayList<>();
    private final Path dir;

    private RedisSentinels() {
        master = RedisProcess.launch();
        replica = RedisProcess.launch("--replicaof", "127.0.0.1", Integer.toString(master.port()));
        dir = TempDirs.create("authstash-sentinels");
    }

    /** Starts everything and waits (at most 60 s) until every sentinel sees the replica and the other sentinels. */
    public static RedisSentinels launch() {
        RedisSentinels s = new RedisSentinels();
        try {
            s.startSentinels();
            s.await("the replica to sync", () -> s.info(s.replica.port(), "replication").contains("master_link_status:up"));
            for (int port : s.sentinelPorts) {
                s.await("sentinel " + port + " to see the replica and 2 other sentinels", () -> {
                    try (Jedis j = new Jedis("127.0.0.1", port)) {
                        String info = j.info("sentinel");
                        return info.contains("slaves=1") && info.contains("sentinels=3");
                    }
                });
            }
            return s;
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** The sentinels as {@code 127.0.0.1:port}. */
    public List<String> nodes() {
        return sentinelPorts.stream().map(p -> "127.0.0.1:" + p).toList();
    }

    /** {@code redis-sentinel://127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3#mymaster}. */
    public String url() {
        return "redis-sentinel://" + String.join(",", nodes()) + "#" + MASTER;
    }

    public RedisProcess initialMaster() {
        return master;
    }

    public RedisProcess initialReplica() {
        return replica;
    }

    /** The port the sentinels currently name as master. */
    public int masterPort() {
        try (Jedis j = new Jedis("127.0.0.1", sentinelPorts.get(0))) {
            return Integer.parseInt(j.sentinelGetMasterAddrByName(MASTER).get(1));
        }
    }

    /** {@code SENTINEL FAILOVER mymaster} and a bounded wait (60 s) until the sentinels name the replica. */
    public void failover() {
        int before = masterPort();
        try (Jedis j = new Jedis("127.0.0.1", sentinelPorts.get(0))) {
            j.sentinelFailover(MASTER);
        }
        await("the sentinels to name a new master", () -> masterPort() != before);
        int now = masterPort();
        await("the new master to accept writes", () -> info(now, "replication").contains("role:master"));
    }

    @Override
    public void close() {
        for (Process p : sentinels) {
            p.destroyForcibly();
        }
        for (Process p : sentinels) {
            try {
                p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        replica.close();
        master.close();
        TempDirs.delete(dir);
    }

    private void startSentinels() {
        for (int i = 0; i < 3; i++) {
            int port = RedisProcess.freePort();
            Path conf = dir.resolve("sentinel-" + port + ".conf");
            try {
                Files.writeString(conf, String.join("\n", "port " + port, "bind 127.0.0.1", "protected-mode no",
                        "dir " + dir, "sentinel monitor " + MASTER + " 127.0.0.1 " + master.port() + " 2",
                        "sentinel down-after-milliseconds " + MASTER + " 1000",
                        "sentinel failover-timeout " + MASTER + " 10000",
                        "sentinel parallel-syncs " + MASTER + " 1", ""));
                sentinels.add(new ProcessBuilder(RedisBinary.path().toString(), conf.toString(), "--sentinel")
                        .redirectErrorStream(true).redirectOutput(dir.resolve("sentinel-" + port + ".log").toFile())
                        .start());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            sentinelPorts.add(port);
        }
    }

    private String info(int port, String section) {
        try (Jedis j = new Jedis("127.0.0.1", port)) {
            return j.info(section);
        } catch (RuntimeException e) {
            return "";
        }
    }

    private void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException e) {
                // not up yet
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("waited 60 s for " + what + "; logs in " + dir);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
