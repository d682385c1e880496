package dev.authstash.bench;

import dev.authstash.ratelimit.Algorithm;
import dev.authstash.ratelimit.MemoryRateLimitStore;
import dev.authstash.ratelimit.OnStorageError;
import dev.authstash.ratelimit.RateLimitDecision;
import dev.authstash.ratelimit.RateLimitRule;
import dev.authstash.ratelimit.RateLimitSettings;
import dev.authstash.ratelimit.RateLimiter;
import dev.authstash.ratelimit.RedisRateLimitStore;
import dev.authstash.storage.RedisStorage;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.local.SynchronizationStrategy;
import io.github.bucket4j.redis.jedis.Bucket4jJedis;
import io.github.bucket4j.redis.jedis.cas.JedisBasedProxyManager;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;

/**
 * One rate-limit decision, allowed, on equivalent limits (10^9 requests per 60 s, so nothing is refused):
 * authstash {@link MemoryRateLimitStore} vs a Bucket4j {@code LocalBucket} (lock-free) per key, and authstash
 * {@link RedisRateLimitStore} (fixed window, one EVALSHA) vs Bucket4j's {@link JedisBasedProxyManager}
 * (compare-and-swap) on the same Redis. authstash goes through {@link RateLimiter#check(RateLimitRule, String)}
 * (the adapters' path: counter key included, in memory mode an unhashed in-process key); Bucket4j through a key-to-bucket lookup, as an application does.
 * {@code keys} = 1 is one hot client, 10000 spreads requests uniformly over that many clients.
 * Two baselines split the cost: {@code authstashMemoryStore} calls the memory store with a precomputed counter
 * key (no rule lookup, no key hashing), {@code jedisEvalsha} sends the same fixed-window EVALSHA through a plain
 * {@link JedisPool} connection (Bucket4j's client) with a precomputed key — the Java client's own cost.
 * {@code authstashGateMemory} is the whole per-request work of the memory-mode filter minus the servlet
 * plumbing: {@code RequestGate.rateLimit} (path normalization, client IP from {@code X-Forwarded-For} through a
 * trusted proxy, rule match, decision, RateLimit headers); {@code authstashNormalize} isolates path normalization
 * ({@code authstashMemory} minus {@code authstashMemoryStore} is the counter key and the limiter's own work). Bytes per request: the {@code gc.alloc.rate.norm} metric
 * of the GC profiler that {@link Jmh} attaches.
 */
@State(Scope.Benchmark)
@SuppressWarnings("deprecation") // JedisPool: deprecated in Jedis 8, but it is what Bucket4j's Jedis backend takes
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RateLimitBenchmark {
    static final long WINDOW_SECONDS = 60;
    static final long MAX = 1_000_000_000L;

    @Param({"1", "10000"})
    public int keys;

    private String[] clients;
    private String[] counterKeys;
    private dev.authstash.Authstash gateAuthstash;
    private dev.authstash.web.RequestInfo[] requests;
    private MemoryRateLimitStore memoryStore;
    private String scriptSha;
    private String window;
    private String max;
    private byte[][] bucketKeys;
    private RateLimitRule rule;
    private RateLimiter memory;
    private RateLimiter redis;
    private RedisStorage redisStorage;
    private final ConcurrentHashMap<String, Bucket> localBuckets = new ConcurrentHashMap<>();
    private BucketConfiguration bucketConfig;
    private JedisPool jedisPool;
    private JedisBasedProxyManager<byte[]> jedisBuckets;

    @Setup(Level.Trial)
    public void setUp() {
        clients = new String[keys];
        bucketKeys = new byte[keys][];
        for (int i = 0; i < keys; i++) {
            clients[i] = "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255);
            bucketKeys[i] = ("b4j:" + clients[i]).getBytes(StandardCharsets.UTF_8);
        }
        rule = new RateLimitRule("bench", WINDOW_SECONDS, MAX, Algorithm.FIXED_WINDOW);
        // DENY: a store failure must fail the run, never be replaced by a local decision and measured.
        RateLimitSettings settings = new RateLimitSettings(true, WINDOW_SECONDS, MAX, Algorithm.FIXED_WINDOW, true,
                List.of(), OnStorageError.DENY, false);
        memory = RateLimiter.create("", settings, new MemoryRateLimitStore(Clock.systemUTC(), 100_000),
                Clock.systemUTC());
        memoryStore = new MemoryRateLimitStore(Clock.systemUTC(), 100_000);
        gateAuthstash = HttpServers.authstash("");
        requests = new dev.authstash.web.RequestInfo[keys];
        for (int i = 0; i < keys; i++) {
            requests[i] = new dev.authstash.web.RequestInfo("GET", HttpServers.BASE_PATH + "/get-session", "127.0.0.1",
                    List.of(clients[i]), List.of());
        }
        counterKeys = new String[keys];
        for (int i = 0; i < keys; i++) {
            counterKeys[i] = "authstash:rl:{jedis-" + i + "}";
        }
        redisStorage = BenchRedis.storage();
        redis = RateLimiter.create("", settings, new RedisRateLimitStore(redisStorage), Clock.systemUTC());

        bucketConfig = BucketConfiguration.builder()
                .addLimit(l -> l.capacity(MAX).refillGreedy(MAX, Duration.ofSeconds(WINDOW_SECONDS)))
                .build();
        GenericObjectPoolConfig<Jedis> pool = new GenericObjectPoolConfig<>();
        pool.setMaxTotal(BenchRedis.POOL);
        pool.setMaxIdle(BenchRedis.POOL);
        URI uri = URI.create(BenchRedis.url());
        jedisPool = new JedisPool(pool, uri.getHost(), uri.getPort(), 2000);
        try (Jedis j = jedisPool.getResource(); var in = RateLimitBenchmark.class.getResourceAsStream(
                "/dev/authstash/ratelimit/fixed-window.lua")) {
            scriptSha = j.scriptLoad(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        window = String.valueOf(WINDOW_SECONDS * 1000);
        max = String.valueOf(MAX);
        jedisBuckets = Bucket4jJedis.casBasedBuilder(jedisPool)
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                        Duration.ofSeconds(WINDOW_SECONDS)))
                .build();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        redisStorage.close();
        jedisPool.close();
        gateAuthstash.close();
    }

    private int pick() {
        return keys == 1 ? 0 : ThreadLocalRandom.current().nextInt(keys);
    }

    private static boolean allowed(RateLimitDecision d) {
        return allowed(d.allowed());
    }

    private static boolean allowed(boolean allowed) {
        if (!allowed) {
            throw new IllegalStateException("refused: the benchmark limits must allow every request");
        }
        return true;
    }

    @Benchmark
    public boolean authstashMemory() {
        return allowed(memory.check(rule, clients[pick()]).orElseThrow());
    }

    @Benchmark
    public boolean authstashMemoryStore() {
        return allowed(memoryStore.consume(counterKeys[pick()], rule));
    }

    @Benchmark
    public dev.authstash.web.GateResult authstashGateMemory() {
        dev.authstash.web.GateResult r = dev.authstash.web.GateProbe.rateLimit(gateAuthstash.gate(), requests[pick()]);
        if (!r.proceed() || r.headers().isEmpty()) {
            throw new IllegalStateException("expected an allowed, counted request, got " + r);
        }
        return r;
    }

    @Benchmark
    public boolean bucket4jLocal() {
        Bucket bucket = localBuckets.computeIfAbsent(clients[pick()], k -> Bucket.builder()
                .addLimit(l -> l.capacity(MAX).refillGreedy(MAX, Duration.ofSeconds(WINDOW_SECONDS)))
                .withSynchronizationStrategy(SynchronizationStrategy.LOCK_FREE)
                .build());
        return allowed(bucket.tryConsume(1));
    }

    @Benchmark
    public boolean authstashRedis() {
        return allowed(redis.check(rule, clients[pick()]).orElseThrow());
    }

    @Benchmark
    public Object jedisEvalsha() {
        String[] args = {counterKeys[pick()], window, max};
        try (Jedis j = jedisPool.getResource()) {
            Object reply = j.evalsha(scriptSha, 1, args);
            return allowed(((java.util.List<?>) reply).get(0).equals(1L));
        }
    }

    @Benchmark
    public boolean bucket4jJedis() {
        return allowed(jedisBuckets.getProxy(bucketKeys[pick()], () -> bucketConfig).tryConsume(1));
    }

    @Benchmark
    public String authstashNormalize() {
        return dev.authstash.route.PathNormalizer.normalize(requests[pick()].path());
    }
}
