package dev.authstash.bench;

import dev.authstash.Authstash;
import dev.authstash.config.ConfigLoader;
import dev.authstash.ratelimit.Algorithm;
import dev.authstash.ratelimit.CustomRule;
import dev.authstash.ratelimit.OnStorageError;
import dev.authstash.ratelimit.RateLimitRule;
import dev.authstash.ratelimit.RateLimitSettings;
import dev.authstash.ratelimit.RateLimiter;
import dev.authstash.ratelimit.RedisRateLimitStore;
import dev.authstash.storage.RedisStorage;
import dev.authstash.web.RequestDetails;
import dev.authstash.web.RequestGate;
import dev.authstash.web.RequestInfo;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
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

/**
 * Issue 13's measurements ({@link RuleKeysRun} runs them): a flood from one blocked client with and without the block
 * cache ({@code blockedFlood}: requests/s; Redis commands per request = EVALSHA delta of {@code INFO commandstats}
 * over the trial / operations, printed at tear-down with the round trips the cache saved), and the per-request
 * overhead of a {@code body:email} key over an {@code ip} key through {@link RequestGate} in memory mode
 * ({@code bodyKey} vs {@code ipKey}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RuleKeysBenchmark {
    @Param({"true", "false"})
    public boolean blockCache;

    private RedisStorage redisStorage;
    private RateLimiter blocked;
    private Authstash ipKey;
    private Authstash bodyKey;
    private final RequestInfo signIn = new RequestInfo("POST", "/api/auth/sign-in/email", "10.0.0.1", List.of(),
            List.of());
    private final byte[] body = "{\"email\":\"Victim@Example.com\",\"password\":\"correct horse battery\"}"
            .getBytes(StandardCharsets.UTF_8);
    private long evalshaBefore;

    @Setup(Level.Trial)
    public void setUp() {
        redisStorage = BenchRedis.storage();
        RateLimitRule rule = new RateLimitRule("/sign-in/email", 3600, 1, Algorithm.FIXED_WINDOW);
        RateLimitSettings settings = new RateLimitSettings(true, 60, 100, Algorithm.FIXED_WINDOW, true,
                List.of(new CustomRule("/sign-in/email", rule)), OnStorageError.DENY, false, List.of(), List.of(),
                false, blockCache);
        blocked = RateLimiter.create("", settings, new RedisRateLimitStore(redisStorage), Clock.systemUTC());
        blocked.check("/sign-in/email", "10.0.0.1");
        evalshaBefore = evalshaCalls();
        String limits = "{\"basePath\": \"/api/auth\", \"rateLimit\": {\"storage\": \"memory\", \"customRules\":"
                + " {\"/sign-in/email\": {\"window\": 60, \"max\": 1000000000, \"key\": \"%s\"}}}}";
        ipKey = Authstash.builder(ConfigLoader.parse(limits.formatted("ip"), n -> null)).environment(n -> null).build();
        bodyKey = Authstash.builder(ConfigLoader.parse(limits.formatted("body:email"), n -> null))
                .environment(n -> null).build();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        System.out.printf("blockCache=%s: EVALSHA during the trial %d, round trips saved by the cache %d%n",
                blockCache, evalshaCalls() - evalshaBefore, blocked.blockCacheSaved());
        redisStorage.close();
        ipKey.close();
        bodyKey.close();
    }

    static long evalshaCalls() {
        try (var j = new redis.clients.jedis.Jedis(java.net.URI.create(BenchRedis.url()))) {
            return j.info("commandstats").lines().filter(l -> l.startsWith("cmdstat_evalsha:"))
                    .map(l -> Long.parseLong(l.replaceFirst("^cmdstat_evalsha:calls=(\\d+),.*", "$1")))
                    .findFirst().orElse(0L);
        }
    }

    @Benchmark
    public Object blockedFlood() {
        return blocked.check("/sign-in/email", "10.0.0.1");
    }

    @Benchmark
    public Object ipKey() {
        return dev.authstash.web.GateProbe.rateLimit(ipKey.gate(), signIn, details());
    }

    @Benchmark
    public Object bodyKey() {
        return dev.authstash.web.GateProbe.rateLimit(bodyKey.gate(), signIn, details());
    }

    private RequestDetails details() {
        return new RequestDetails() {
            @Override
            public String header(String name) {
                return name.equalsIgnoreCase("Content-Type") ? "application/json" : null;
            }

            @Override
            public byte[] body(int maxBytes) {
                return body;
            }
        };
    }
}
