package dev.authstash.storage;

import java.util.LinkedHashSet;
import java.util.Set;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.providers.SentineledConnectionProvider;

/**
 * Builds the Jedis client for Redis behind Sentinel: it asks the sentinels for the master, pools connections to
 * it, and follows {@code +switch-master} to the new master after a failover. Commands that fail while the master
 * changes are {@link StorageException}s (the breaker and {@code onStorageError} apply).
 */
final class SentinelClients {
    private SentinelClients() {}

    /** @throws StorageException when no sentinel answers for the master at start-up */
    static RedisStorage connect(SentinelSettings sentinel, StorageSettings settings) {
        DefaultJedisClientConfig master = config(settings).user(sentinel.user()).password(sentinel.password())
                .database(sentinel.database()).build();
        DefaultJedisClientConfig sentinels = config(settings).password(sentinel.sentinelPassword()).build();
        Set<HostAndPort> nodes = new LinkedHashSet<>();
        sentinel.nodes().forEach(n -> nodes.add(RedisClients.parseNode(n)));
        try {
            PooledJedis client = PooledJedis.sentinel(new SentineledConnectionProvider(sentinel.masterName(), master,
                    RedisClients.poolConfig(settings), nodes, sentinels), master);
            return new RedisStorage(client, settings.keyPrefix(), false, settings.poolWait());
        } catch (JedisException e) {
            throw new StorageException("Redis Sentinel: no sentinel of " + sentinel.nodes() + " named the master \""
                    + sentinel.masterName() + "\": " + e.getMessage(), e);
        }
    }

    private static DefaultJedisClientConfig.Builder config(StorageSettings settings) {
        return DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis((int) Math.min(Integer.MAX_VALUE, settings.connectTimeout().toMillis()))
                .socketTimeoutMillis((int) Math.min(Integer.MAX_VALUE, settings.socketTimeout().toMillis()))
                .clientSetInfoConfig(ClientSetInfoConfig.DISABLED);
    }
}
