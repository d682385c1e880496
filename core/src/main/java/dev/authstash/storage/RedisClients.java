package dev.authstash.storage;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import javax.net.ssl.SSLSocketFactory;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.providers.PooledConnectionProvider;

/**
 * Builds the Jedis clients behind {@link RedisStorage} from {@link StorageSettings}, with API that Jedis 6, 7 and 8
 * share (see {@link PooledJedis}); an older Jedis fails here with a message naming the version found.
 */
final class RedisClients {
    /** The oldest Jedis line authstash runs on (tested: 6.0, 7.0 and the version core declares). */
    static final String OLDEST_JEDIS = "6.0.0";

    private RedisClients() {}

    static RedisStorage connect(StorageSettings settings) {
        return connect(settings, null);
    }

    /** @param tlsFactory for {@code rediss://}; {@code null} = the JVM default (its trust store, hostname checked) */
    static RedisStorage connect(StorageSettings settings, SSLSocketFactory tlsFactory) {
        try {
            return connectChecked(settings, tlsFactory);
        } catch (LinkageError e) {
            throw new IllegalStateException("authstash needs Jedis " + OLDEST_JEDIS + " or later (redis.clients:jedis),"
                    + " found " + jedisVersion() + " on the class path: " + e, e);
        }
    }

    /** The Jedis version on the class path, as its jar says, or {@code "an unknown version"}. */
    static String jedisVersion() {
        try (var in = UnifiedJedis.class.getResourceAsStream("/META-INF/maven/redis.clients/jedis/pom.properties")) {
            if (in != null) {
                java.util.Properties p = new java.util.Properties();
                p.load(in);
                String v = p.getProperty("version");
                if (v != null) {
                    return v;
                }
            }
        } catch (java.io.IOException | RuntimeException ignored) {
            // fall through
        }
        String v = UnifiedJedis.class.getPackage().getImplementationVersion();
        return v != null ? v : "an unknown version";
    }

    @SuppressWarnings("deprecation") // JedisCluster: deprecated in Jedis 8, the only cluster client Jedis 6 and 7 have
    private static RedisStorage connectChecked(StorageSettings settings, SSLSocketFactory tlsFactory) {
        if (settings.poolSize() < 1) {
            throw new IllegalArgumentException("poolSize must be at least 1, got " + settings.poolSize());
        }
        if (settings.sentinel() != null || SentinelUrl.isSentinel(settings.url())) {
            return SentinelClients.connect(settings.sentinel() != null ? settings.sentinel()
                    : SentinelUrl.parse(settings.url()), settings);
        }
        RedisUrl url = settings.url().isEmpty() ? null : RedisUrl.parse(settings.url());
        if (settings.clusterNodes().isEmpty()) {
            if (url == null) {
                throw new IllegalArgumentException("Redis needs a url or clusterNodes");
            }
            DefaultJedisClientConfig config = clientConfig(url, settings, tlsFactory);
            PooledJedis client = PooledJedis.standalone(new PooledConnectionProvider(
                    new HostAndPort(url.host(), url.port()), config, poolConfig(settings)), config);
            return new RedisStorage(client, settings.keyPrefix(), false, settings.poolWait());
        }
        if (url != null && url.database() != 0) {
            throw new IllegalArgumentException("Redis Cluster has only database 0, got /" + url.database()
                    + " in url \"" + RedisUrl.mask(settings.url()) + "\"");
        }
        Set<HostAndPort> seeds = new LinkedHashSet<>();
        settings.clusterNodes().forEach(node -> seeds.add(parseNode(node)));
        try {
            JedisCluster client = new JedisCluster(seeds, clientConfig(url, settings, tlsFactory), 3,
                    settings.socketTimeout().multipliedBy(3), poolConfig(settings));
            return new RedisStorage(client, settings.keyPrefix(), true, settings.poolWait());
        } catch (JedisException e) {
            throw new StorageException("Redis Cluster: no seed node answered " + settings.clusterNodes()
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * Timeouts and credentials from {@code settings}; TLS when {@code url} is {@code rediss://}. No
     * {@code CLIENT SETINFO} on connect: one round trip less per new connection (they are all rebuilt after an
     * outage), and no error from servers older than 7.2. A stalled server fails a command after the socket
     * timeout; waiting for a pooled connection is bounded separately (see {@link #poolConfig}).
     */
    static DefaultJedisClientConfig clientConfig(RedisUrl url, StorageSettings settings) {
        return clientConfig(url, settings, null);
    }

    static DefaultJedisClientConfig clientConfig(RedisUrl url, StorageSettings settings, SSLSocketFactory tlsFactory) {
        DefaultJedisClientConfig.Builder b = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(millis(settings.connectTimeout(), "connectTimeout"))
                .socketTimeoutMillis(millis(settings.socketTimeout(), "socketTimeout"))
                .clientSetInfoConfig(ClientSetInfoConfig.DISABLED);
        if (url != null) {
            b.user(url.user()).password(url.password()).database(url.database()).ssl(url.tls());
            if (url.tls() && tlsFactory != null) {
                b.sslSocketFactory(tlsFactory);
            }
        }
        return b.build();
    }

    /**
     * {@code poolSize} connections per node, made on demand and kept while idle (closed after 60 s idle by the
     * pool's evictor); a caller waits at most {@code poolWait} for one, then gets a {@link StorageBusyException}.
     */
    static ConnectionPoolConfig poolConfig(StorageSettings settings) {
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(settings.poolSize());
        pool.setMaxIdle(settings.poolSize());
        pool.setMinIdle(0);
        pool.setBlockWhenExhausted(true);
        pool.setMaxWait(settings.poolWait());
        pool.setTestWhileIdle(false);
        return pool;
    }

    /** {@code host:port}, {@code [ipv6]:port}. */
    static HostAndPort parseNode(String node) {
        int colon = node == null ? -1 : node.lastIndexOf(':');
        String expected = "expected cluster node host:port, got \"" + node + "\"";
        if (colon <= 0) {
            throw new IllegalArgumentException(expected);
        }
        String host = node.substring(0, colon).trim();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            int port = Integer.parseInt(node.substring(colon + 1).trim());
            if (port < 1 || port > 65_535 || host.isEmpty()) {
                throw new IllegalArgumentException(expected);
            }
            return new HostAndPort(host, port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(expected);
        }
    }

    private static int millis(Duration d, String name) {
        if (d.isNegative() || d.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + " must be between 0 and " + Integer.MAX_VALUE + " ms, got " + d);
        }
        return (int) d.toMillis();
    }
}
