package dev.authstash.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import redis.clients.jedis.Jedis;

/**
 * A real Redis Cluster of {@code redis-server} processes on free loopback ports, formed without
 * {@code redis-cli}: CLUSTER MEET, CLUSTER ADDSLOTS (in batches), CLUSTER REPLICATE, then a bounded
 * wait for {@code cluster_state:ok} on every node. Nodes {@code 0..masters-1} are masters; the
 * replicas of master {@code m} follow. Every node gets the flags its version needs
 * ({@link RedisBinary#versionFlags()}), a 1 s node timeout, and {@code cluster-replica-validity-factor 0}: a
 * replica may always fail over. (Redis 7.0 otherwise refuses: "Disconnected from master for longer than allowed",
 * for a replica of an idle master; 6.2 fails over either way.)
 */
public final class RedisClusterProcess implements AutoCloseable {
    private static final int SLOTS = 16_384;
    private static final long WAIT_NANOS = 30_000_000_000L;

    private final List<Integer> ports = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();
    private final Path dir;

    private RedisClusterProcess() {
        dir = TempDirs.create("authstash-cluster");
        Runtime.getRuntime().addShutdownHook(new Thread(this::close));
    }

    /** Starts {@code masters * (1 + replicasPerMaster)} nodes and forms the cluster. */
    public static RedisClusterProcess launch(int masters, int replicasPerMaster) {
        if (masters < 1 || replicasPerMaster < 0) {
            throw new IllegalArgumentException("masters >= 1, replicas >= 0");
        }
        RedisClusterProcess cluster = new RedisClusterProcess();
        try {
            for (int i = 0; i < masters * (1 + replicasPerMaster); i++) {
                cluster.startNode(i);
            }
            cluster.form(masters, replicasPerMaster);
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** {@code "127.0.0.1:port"} of every node, masters first. */
    public List<String> seedNodes() {
        return ports.stream().map(p -> "127.0.0.1:" + p).toList();
    }

    public List<Integer> ports() {
        return List.copyOf(ports);
    }

    /** A plain connection to node {@code index}; close it. */
    public Jedis jedis(int index) {
        return new Jedis("127.0.0.1", ports.get(index));
    }

    /** Kills node {@code index} (SIGKILL), as a crash would. */
    public synchronized void kill(int index) {
        Process p = processes.get(index);
        if (p != null) {
            p.destroyForcibly();
            try {
                p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            processes.set(index, null);
        }
    }

    @Override
    public synchronized void close() {
        for (int i = 0; i < processes.size(); i++) {
            kill(i);
        }
        TempDirs.delete(dir);
    }

    private void startNode(int index) {
        int port = freeClusterPort();
        Path nodeDir = dir.resolve("node" + index);
        try {
            Files.createDirectories(nodeDir);
            List<String> cmd = new ArrayList<>(List.of(RedisBinary.path().toString(), "--port", String.valueOf(port),
                    "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", nodeDir.toString(),
                    "--protected-mode", "no", "--cluster-enabled", "yes",
                    "--cluster-config-file", nodeDir.resolve("nodes.conf").toString(),
                    "--cluster-node-timeout", "1000", "--cluster-replica-validity-factor", "0"));
            cmd.addAll(RedisBinary.versionFlags());
            Process p = new ProcessBuilder(cmd)
                    .redirectErrorStream(true).redirectOutput(nodeDir.resolve("redis.log").toFile()).start();
            ports.add(port);
            processes.add(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        await("node " + index + " (redis-server " + RedisBinary.version() + ") answers PING", () -> {
            if (!processes.get(index).isAlive()) {
                throw new IllegalStateException("Redis Cluster node " + index + " exited: "
                        + RedisProcess.logTail(nodeDir.resolve("redis.log")));
            }
            try (Jedis j = jedis(index)) {
                return "PONG".equals(j.ping());
            } catch (RuntimeException e) {
                return false;
            }
        });
    }

    private void form(int masters, int replicasPerMaster) {
        int n = ports.size();
        try (Jedis first = jedis(0)) {
            for (int i = 1; i < n; i++) {
                first.clusterMeet("127.0.0.1", ports.get(i));
            }
        }
        for (int m = 0; m < masters; m++) {
            int from = SLOTS * m / masters;
            int to = SLOTS * (m + 1) / masters;
            try (Jedis j = jedis(m)) {
                for (int start = from; start < to; start += 1000) {
                    j.clusterAddSlots(IntStream.range(start, Math.min(to, start + 1000)).toArray());
                }
            }
        }
        await("all nodes know each other", () -> IntStream.range(0, n).allMatch(i -> knownNodes(i) == n));
        for (int m = 0; m < masters; m++) {
            String masterId;
            try (Jedis j = jedis(m)) {
                masterId = j.clusterMyId();
            }
            for (int r = 0; r < replicasPerMaster; r++) {
                try (Jedis j = jedis(masters + m * replicasPerMaster + r)) {
                    j.clusterReplicate(masterId);
                }
            }
        }
        await("cluster_state:ok and all slots covered on every node", () -> IntStream.range(0, n).allMatch(i -> {
            String info = info(i, true);
            return info.contains("cluster_state:ok") && info.contains("cluster_slots_ok:" + SLOTS);
        }));
        if (replicasPerMaster > 0) {
            await("replicas in sync", () -> IntStream.range(0, masters).allMatch(
                    m -> info(m, false).contains("connected_slaves:" + replicasPerMaster)));
            // a replica's new role reaches the other nodes by gossip: until then some node still lists it as a
            // master (seen under load: 4 or 5 masters in node 0's CLUSTER NODES right after forming)
            await("every node sees " + masters + " masters and " + masters * replicasPerMaster + " replicas",
                    () -> IntStream.range(0, n).allMatch(i -> roles(i, "master") == masters
                            && roles(i, "slave") == (long) masters * replicasPerMaster));
        }
    }

    /** How many nodes {@code index}'s CLUSTER NODES lists with the flag {@code role} ({@code master}/{@code slave}). */
    private long roles(int index, String role) {
        try (Jedis j = jedis(index)) {
            return j.clusterNodes().lines().filter(l -> !l.isBlank())
                    .filter(l -> java.util.Arrays.asList(l.split(" ")[2].split(",")).contains(role)).count();
        }
    }

    private long knownNodes(int index) {
        try (Jedis j = jedis(index)) {
            return j.clusterNodes().lines().filter(l -> !l.contains("handshake") && !l.isBlank()).count();
        }
    }

    private String info(int index, boolean cluster) {
        try (Jedis j = jedis(index)) {
            return cluster ? j.clusterInfo() : j.info("replication");
        }
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT_NANOS;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Redis Cluster: timed out waiting until " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** Ports handed out in this JVM (client and bus), so two nodes never race for one. */
    private static final Set<Integer> TAKEN = new HashSet<>();

    /** A free port whose cluster bus port (+10000) is free and valid too. */
    private static synchronized int freeClusterPort() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = RedisProcess.freePort();
            if (port + 10_000 <= 65_535 && !TAKEN.contains(port) && !TAKEN.contains(port + 10_000)
                    && bindable(port + 10_000)) {
                TAKEN.add(port);
                TAKEN.add(port + 10_000);
                return port;
            }
        }
        throw new IllegalStateException("no free port pair for a cluster node");
    }

    private static boolean bindable(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
