package dev.authstash.reliability;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.commands.ProtocolCommand;
import redis.clients.jedis.args.ClientPauseMode;
import redis.clients.jedis.exceptions.JedisConnectionException;

/** Makes a real redis-server stall: {@code CLIENT PAUSE ms ALL} or {@code DEBUG SLEEP s}. */
final class Stalls {
    private static final ProtocolCommand DEBUG = () -> "DEBUG".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private Stalls() {}

    /** Pauses every client for {@code millis}; in effect when this returns. */
    static void clientPause(int port, long millis) {
        try (Jedis raw = new Jedis("127.0.0.1", port)) {
            raw.clientPause(millis, ClientPauseMode.ALL);
        }
    }

    /**
     * Blocks the whole server for {@code seconds} ({@code DEBUG SLEEP}) from a background thread, and returns once
     * the server has stopped answering; the future ends when the sleep does.
     */
    static Future<?> debugSleep(int port, int seconds, ExecutorService background) throws InterruptedException {
        Future<?> sleeping = background.submit(() -> {
            try (Jedis raw = new Jedis("127.0.0.1", port, (seconds + 10) * 1000)) {
                raw.sendCommand(DEBUG, "SLEEP", Integer.toString(seconds));
            }
        });
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (sleeping.isDone()) {
                try {
                    sleeping.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException("DEBUG SLEEP refused by redis-server "
                            + dev.authstash.testkit.RedisBinary.version() + ": " + e.getCause().getMessage(), e);
                }
            }
            try (Jedis probe = new Jedis("127.0.0.1", port, 20)) {
                probe.ping();
            } catch (JedisConnectionException stalled) {
                return sleeping;
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("redis-server on port " + port + " never stalled");
    }

    static ExecutorService background() {
        return Executors.newSingleThreadExecutor();
    }
}
