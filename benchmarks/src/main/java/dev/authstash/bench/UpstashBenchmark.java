package dev.authstash.bench;

import dev.authstash.ratelimit.Algorithm;
import dev.authstash.ratelimit.OnStorageError;
import dev.authstash.ratelimit.RateLimitDecision;
import dev.authstash.ratelimit.RateLimitRule;
import dev.authstash.ratelimit.RateLimitSettings;
import dev.authstash.ratelimit.RateLimiter;
import dev.authstash.ratelimit.RedisRateLimitStore;
import dev.authstash.storage.RedisStorage;
import dev.authstash.storage.UpstashSettings;
import dev.authstash.storage.UpstashStorage;
import dev.authstash.testkit.UpstashEndpoint;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One rate-limit decision (fixed window, allowed) over Upstash REST vs Jedis TCP, to the same loopback Redis:
 * {@code restDecision} goes through {@link UpstashStorage} to the test kit's {@link UpstashEndpoint} (plain HTTP on
 * loopback, so TLS and the internet round trip are not measured — only the protocol and client costs),
 * {@code tcpDecision} through {@link RedisStorage}. 1000 clients, 10^9 requests per 60 s (nothing is refused).
 * Throughput and sample time (p50/p99). Run by {@link UpstashRun}.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class UpstashBenchmark {
    static final String TOKEN = "bench-upstash-token";
    private static final int KEYS = 1000;

    private final String[] clients = new String[KEYS];
    private RateLimitRule rule;
    private UpstashEndpoint endpoint;
    private UpstashStorage restStorage;
    private RedisStorage tcpStorage;
    private RateLimiter rest;
    private RateLimiter tcp;

    @Setup(Level.Trial)
    public void setUp() {
        for (int i = 0; i < KEYS; i++) {
            clients[i] = "10.9." + (i >> 8 & 255) + "." + (i & 255);
        }
        rule = new RateLimitRule("bench", 60, 1_000_000_000L, Algorithm.FIXED_WINDOW);
        // DENY: a store failure must fail the run, never be replaced by a local decision and measured.
        RateLimitSettings settings = new RateLimitSettings(true, 60, rule.max(), Algorithm.FIXED_WINDOW, true,
                List.of(), OnStorageError.DENY, false);
        endpoint = UpstashEndpoint.start(BenchRedis.port(), TOKEN);
        restStorage = UpstashStorage.create(new UpstashSettings(endpoint.url(), TOKEN, "bench",
                UpstashSettings.Encoding.BASE64, Duration.ofSeconds(2), Duration.ofSeconds(2), 1), "authstash:");
        tcpStorage = BenchRedis.storage();
        rest = RateLimiter.create("", settings, new RedisRateLimitStore(restStorage), Clock.systemUTC());
        tcp = RateLimiter.create("", settings, new RedisRateLimitStore(tcpStorage), Clock.systemUTC());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        restStorage.close();
        tcpStorage.close();
        endpoint.close();
    }

    @Benchmark
    public RateLimitDecision restDecision() {
        return rest.check(rule, clients[ThreadLocalRandom.current().nextInt(KEYS)]).orElseThrow();
    }

    @Benchmark
    public RateLimitDecision tcpDecision() {
        return tcp.check(rule, clients[ThreadLocalRandom.current().nextInt(KEYS)]).orElseThrow();
    }

    /** HTTP requests the endpoint received since it started. */
    long endpointRequests() {
        return endpoint.requests();
    }
}
