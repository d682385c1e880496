package dev.authstash.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.Jedis;

/**
 * A real {@code redis-server} process on a free loopback port, without persistence, started with the flags its
 * version needs ({@link RedisBinary#versionFlags()}). Start, stop and restart it from tests (restart keeps the
 * port, loses the data); {@link #close} (or the end of the JVM) also removes its folder. Every wait is bounded.
 */
public final class RedisProcess implements AutoCloseable {
    private final int port;
    private final List<String> extraArgs;
    private final Path dir;
    private Process process;

    private RedisProcess(int port, List<String> extraArgs) {
        this.port = port;
        this.extraArgs = extraArgs;
        this.dir = TempDirs.create("authstash-redis-" + port);
        Runtime.getRuntime().addShutdownHook(new Thread(this::close)); // a test that never closes leaves nothing
    }

    /** Starts a server on a free port; {@code extraArgs} are passed as {@code --name value} pairs. */
    public static RedisProcess launch(String... extraArgs) {
        RedisProcess redis = new RedisProcess(freePort(), List.of(extraArgs));
        redis.start();
        return redis;
    }

    /**
     * Starts a server on {@code port}, for an app that reads {@code REDIS_URL} from its environment (fixed by the
     * build): take a port below the ephemeral range (32768+), where {@link #launch} never picks one.
     */
    public static RedisProcess launchOn(int port, String... extraArgs) {
        RedisProcess redis = new RedisProcess(port, List.of(extraArgs));
        redis.start();
        return redis;
    }

    public int port() {
        return port;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** A new plain Jedis connection for test assertions; close it. */
    public Jedis jedis() {
        return new Jedis("127.0.0.1", port);
    }

    public synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        List<String> cmd = new ArrayList<>(List.of(RedisBinary.path().toString(),
                "--port", String.valueOf(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                "--dir", dir.toString(), "--protected-mode", "no"));
        cmd.addAll(RedisBinary.versionFlags());
        cmd.addAll(extraArgs);
        try {
            process = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis.log").toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        awaitPing();
    }

    /** Kills the server (SIGKILL), as a crash would. */
    public synchronized void stop() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    /** Kills the server and removes its folder; {@link #start} is not possible afterwards. */
    @Override
    public synchronized void close() {
        stop();
        TempDirs.delete(dir);
    }

    private void awaitPing() {
        long deadline = System.nanoTime() + 10_000_000_000L;
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server " + RedisBinary.version() + " exited: "
                        + logTail(dir.resolve("redis.log")));
            }
            try (Jedis j = jedis()) {
                if ("PONG".equals(j.ping())) {
                    return;
                }
            } catch (RuntimeException e) {
                last = e;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("redis-server " + RedisBinary.version() + " did not answer on port " + port
                + " within 10 s: " + logTail(dir.resolve("redis.log")), last);
    }

    /** The last lines of a server log, for failure messages. */
    static String logTail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 8), lines.size())) + " (" + log + ")";
        } catch (IOException | RuntimeException e) {
            return "see " + log;
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
