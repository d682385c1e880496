package dev.authstash.storage;

import redis.clients.jedis.Connection;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.providers.ConnectionProvider;
import redis.clients.jedis.providers.PooledConnectionProvider;
import redis.clients.jedis.providers.SentineledConnectionProvider;
import redis.clients.jedis.util.Pool;

/**
 * A Jedis client over one connection provider: a pool to one standalone server, or to the master Sentinel names.
 * Built only from API that Jedis 6, 7 and 8 share (Jedis 8 dropped {@code JedisPooled} and
 * {@code JedisSentineled}; 6 and 7 lack {@code RedisClient} and {@code RedisSentinelClient}), so an application
 * whose platform manages another Jedis line (Spring Boot 3.5: 6.0, Spring Boot 4.0: 7.0) runs it unchanged.
 * Commands go to the server once each ({@code UnifiedJedis}' default executor: no retry, so a script is never
 * sent twice).
 */
final class PooledJedis extends UnifiedJedis {
    private final ConnectionProvider provider;

    private PooledJedis(ConnectionProvider provider, JedisClientConfig config) {
        super(provider, config.getRedisProtocol());
        this.provider = provider;
    }

    /** Pooled connections to one server. */
    static PooledJedis standalone(PooledConnectionProvider provider, JedisClientConfig config) {
        return new PooledJedis(provider, config);
    }

    /** Pooled connections to the current master of a Sentinel group. */
    static PooledJedis sentinel(SentineledConnectionProvider provider, JedisClientConfig masterConfig) {
        return new PooledJedis(provider, masterConfig);
    }

    /** Whether this client talks to one fixed server (not a Sentinel-chosen master). */
    boolean isStandalone() {
        return provider instanceof PooledConnectionProvider;
    }

    /** The standalone pool; {@code null} behind Sentinel. */
    Pool<Connection> pool() {
        return provider instanceof PooledConnectionProvider pooled ? pooled.getPool() : null;
    }

    /**
     * A pipeline on one pooled connection, returned to the pool on close. (Not {@code pipelined()}: its return type
     * changed from {@code PipelineBase} in Jedis 6 to {@code AbstractPipeline} in 7, so code compiled against one
     * fails with {@code NoSuchMethodError} on the other.)
     */
    Pipeline pipeline() {
        return new Pipeline(provider.getConnection(), true);
    }
}
