package dev.authstash.storage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.Supplier;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * {@link SecondaryStorage} on Redis through Jedis: standalone ({@code redis://}, {@code rediss://} = TLS,
 * e.g. Upstash) or Redis Cluster ({@code clusterNodes}). Every key is prefixed with
 * {@link StorageSettings#keyPrefix()}; every Jedis failure surfaces as a {@link StorageException}
 * naming the operation, never a value or password — a {@link StorageBusyException} when no pooled connection
 * was free within {@code poolWait}. Thread-safe; connections are pooled.
 */
public final class RedisStorage implements ScriptStorage {
    /** INCR, and PEXPIRE (ARGV[1] ms, if > 0) only when the INCR created the key. */
    static final RedisScript INCREMENT = RedisScript.of("""
            local n = redis.call('INCR', KEYS[1])
            local ttl = tonumber(ARGV[1])
            if n == 1 and ttl > 0 then redis.call('PEXPIRE', KEYS[1], ttl) end
            return n""");

    private final UnifiedJedis client;
    private final String prefix;
    private final boolean cluster;
    private final Duration poolWait;
    /** A read the next {@link #eval} of this thread pipelines (standalone only), see {@link #readWithNextEval}. */
    private final ThreadLocal<Companion> companion = new ThreadLocal<>();

    /**
     * A {@code GET} sent in the same round trip as a script: filled by the {@link #eval} that carried it.
     * {@link #done()} is false when no script ran (nothing was sent, or storage failed): the reader then asks
     * storage itself.
     */
    public static final class Companion {
        private final String key;
        private volatile boolean done;
        private volatile String value;

        private Companion(String key) {
            this.key = key;
        }

        public boolean done() {
            return done;
        }

        /** The value read, or null for none; meaningful only when {@link #done()}. */
        public String value() {
            return value;
        }

        public String key() {
            return key;
        }
    }

    RedisStorage(UnifiedJedis client, String prefix, boolean cluster, Duration poolWait) {
        this.client = Objects.requireNonNull(client, "client");
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        this.cluster = cluster;
        this.poolWait = Objects.requireNonNull(poolWait, "poolWait");
    }

    /**
     * Connects as {@code settings} say: {@code clusterNodes} if given (credentials and TLS from {@code url}),
     * else the standalone {@code url}. Standalone pools connect lazily; a cluster reads its topology now.
     *
     * @throws IllegalArgumentException for a malformed url or node
     * @throws StorageException         if no cluster seed answers
     */
    public static RedisStorage create(StorageSettings settings) {
        return RedisClients.connect(settings);
    }

    /** As {@link #create(StorageSettings)}, {@code rediss://} over {@code tls} ({@code null}: the JVM's default). */
    public static RedisStorage create(StorageSettings settings, javax.net.ssl.SSLSocketFactory tls) {
        return RedisClients.connect(settings, tls);
    }

    /**
     * Checks a Redis URL ({@code redis://}, {@code rediss://} or {@code redis-sentinel://…#master}) without connecting.
     *
     * @throws IllegalArgumentException saying what was expected, e.g.
     *         {@code expected redis://[user:password@]host[:port][/db] or rediss://…, got "http://x"};
     *         a password in the url is shown as {@code ***}
     */
    public static void validateUrl(String url) {
        if (SentinelUrl.isSentinel(url)) {
            SentinelUrl.parse(url);
        } else {
            RedisUrl.parse(url);
        }
    }

    /**
     * Runs {@code script} in one round trip ({@code EVALSHA}, and {@code EVAL} after {@code NOSCRIPT}).
     * In a cluster the call is routed by the first key.
     *
     * @param keys unprefixed keys; this storage prefixes each. In a cluster all keys must share a hash tag.
     * @return the script's reply as Jedis returns it ({@code Long}, {@code String}, {@code List})
     */
    @Override
    public Object eval(RedisScript script, List<String> keys, List<String> args) {
        List<String> full = new ArrayList<>(keys.size());
        keys.forEach(k -> full.add(prefix + k));
        Companion read = companion.get();
        if (read != null) {
            companion.remove();
            return call("EVALSHA", () -> pipelined(read, script, full, args));
        }
        return call("EVALSHA", () -> {
            try {
                return client.evalsha(script.sha1(), full, args);
            } catch (JedisNoScriptException e) {
                return client.eval(script.source(), full, args);
            }
        });
    }

    /**
     * Asks the next {@link #eval} on this thread to {@code GET key} (unprefixed) in the same round trip (one
     * pipeline: the script, then the read; a script that has to be loaded first costs one more). One registration
     * per thread; a newer one replaces it. Standalone only (a cluster's keys may live on different nodes; sentinel
     * setups are not covered by tests yet): otherwise the returned companion stays not done.
     */
    public Companion readWithNextEval(String key) {
        Companion c = new Companion(Objects.requireNonNull(key, "key"));
        if (!cluster && client instanceof PooledJedis pooled && pooled.isStandalone()) {
            companion.set(c);
        }
        return c;
    }

    /** Drops this thread's pending {@link #readWithNextEval} registration, if any. */
    public void cancelRead() {
        companion.remove();
    }

    private Object pipelined(Companion read, RedisScript script, List<String> keys, List<String> args) {
        Response<Object> reply;
        Response<String> value;
        try (Pipeline pipe = ((PooledJedis) client).pipeline()) {
            reply = pipe.evalsha(script.sha1(), keys, args);
            value = pipe.get(prefix + read.key);
            pipe.sync();
        }
        read.value = value.get();
        read.done = true;
        try {
            return reply.get();
        } catch (JedisDataException e) {
            if (e instanceof JedisNoScriptException || String.valueOf(e.getMessage()).startsWith("NOSCRIPT")) {
                return client.eval(script.source(), keys, args);
            }
            throw e;
        }
    }

    /** Whether the server (in a cluster: the node serving the ping) answers {@code PING}; never throws. */
    public boolean ping() {
        try {
            return "PONG".equals(client.ping());
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public String get(String key) {
        return call("GET", () -> client.get(prefix + key));
    }

    @Override
    public void set(String key, String value, Duration ttl) {
        long ms = Ttl.millis(ttl);
        Objects.requireNonNull(value, "value");
        // PSETEX = SET … PX; not SetParams.px(ms): its compiled signature differs between Jedis 6 and 7+
        call("SET", () -> ms == 0 ? client.set(prefix + key, value) : client.psetex(prefix + key, ms, value));
    }

    @Override
    public void delete(String key) {
        call("DEL", () -> client.del(prefix + key));
    }

    @Override
    public String getAndDelete(String key) {
        return call("GETDEL", () -> client.getDel(prefix + key));
    }

    @Override
    public long increment(String key, Duration ttl) {
        String ms = Long.toString(Ttl.millis(ttl));
        try {
            return (Long) eval(INCREMENT, List.of(key), List.of(ms));
        } catch (StorageBusyException e) {
            throw e;
        } catch (StorageException e) {
            throw new StorageException("Redis increment of key \"" + prefix + key + "\" failed: "
                    + e.getCause().getMessage(), e.getCause());
        }
    }

    @Override
    public void close() {
        client.close();
    }

    /** The Jedis client, for tests and for stores built on this storage. */
    UnifiedJedis client() {
        return client;
    }

    /** The key prefix, e.g. {@code authstash:}. */
    String prefix() {
        return prefix;
    }

    /** Whether this is a Redis Cluster client (scripts then touch one hash slot only). */
    public boolean isCluster() {
        return cluster;
    }

    private <T> T call(String operation, Supplier<T> command) {
        try {
            return command.get();
        } catch (JedisException e) {
            if (poolExhausted(e)) {
                throw new StorageBusyException("Redis " + operation + " not sent: no pooled connection was free"
                        + " within poolWaitMillis=" + poolWait.toMillis(), e);
            }
            if (e instanceof JedisConnectionException && client instanceof PooledJedis pooled && pooled.isStandalone()) {
                dropIdleConnections(pooled);
            }
            throw new StorageException("Redis " + operation + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Whether the pool gave no connection within its wait ({@code JedisException} "Could not get a resource from
     * the pool" caused by commons-pool's {@code NoSuchElementException}); a failure to connect a new pooled
     * connection is a {@code JedisConnectionException} instead, an outage.
     */
    static boolean poolExhausted(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof JedisConnectionException) {
                return false;
            }
            if (t instanceof NoSuchElementException) {
                return true;
            }
        }
        return false;
    }

    /**
     * After a connection failure the idle pooled connections are likely dead too (a restarted server, a network
     * cut): dropping them keeps each from failing one more request later. New ones are made on demand.
     */
    private static void dropIdleConnections(PooledJedis standalone) {
        try {
            standalone.pool().clear();
        } catch (RuntimeException ignored) {
            // best effort: a pool being closed, or a connection failing to close
        }
    }
}
