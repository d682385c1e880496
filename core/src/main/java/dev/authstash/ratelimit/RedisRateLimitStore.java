package dev.authstash.ratelimit;

import dev.authstash.storage.RedisScript;
import dev.authstash.storage.ScriptStorage;
import dev.authstash.storage.StorageException;
import java.util.List;
import java.util.Objects;

/**
 * Counters in Redis: each decision is one {@code EVALSHA} of a Lua script per algorithm (one network round
 * trip), timed by the Redis server's clock ({@code TIME}, or the key's TTL for the fixed window). Every key the
 * scripts write gets a TTL. Each decision touches a single key, so it is cluster-safe as it stands; keys carry a
 * hash tag anyway. Works standalone, in a cluster and over Upstash REST, through a {@link ScriptStorage}.
 */
public final class RedisRateLimitStore implements RateLimitStore {
    private static final RedisScript FIXED = RedisScript.fromResource(RedisRateLimitStore.class, "fixed-window.lua");
    private static final RedisScript SLIDING =
            RedisScript.fromResource(RedisRateLimitStore.class, "sliding-window.lua");
    private static final RedisScript BUCKET = RedisScript.fromResource(RedisRateLimitStore.class, "token-bucket.lua");
    private static final RedisScript RESET = RedisScript.fromResource(RedisRateLimitStore.class, "reset.lua");
    private static final RedisScript PEEK =
            RedisScript.fromResource(RedisRateLimitStore.class, "fixed-window-peek.lua");

    private final ScriptStorage redis;

    public RedisRateLimitStore(ScriptStorage redis) {
        this.redis = Objects.requireNonNull(redis, "redis");
    }

    @Override
    public RateLimitDecision consume(String key, RateLimitRule rule) {
        return consumeTimed(key, rule).decision();
    }

    @Override
    public RateLimitDecision peek(String key, RateLimitRule rule) {
        return peekTimed(key, rule).decision();
    }

    /** One script: deletes the counter and its reservations ({@link #reservations}) together. */
    @Override
    public void reset(String key, RateLimitRule rule) {
        redis.eval(RESET, List.of(key, reservations(key)), List.of());
    }

    /**
     * The key of the reservations on counter {@code key}: the counter key plus {@code ":r"}, so it shares the
     * counter's hash tag ({@code rl:{…}}) and one script can touch both in a cluster.
     */
    static String reservations(String key) {
        return key.concat(":r");
    }

    /** As {@link #consume}, with the retry-after in ms as the script computed it (for the block cache). */
    Timed consumeTimed(String key, RateLimitRule rule) {
        RedisScript script = switch (rule.algorithm()) {
            case FIXED_WINDOW -> FIXED;
            case SLIDING_WINDOW -> SLIDING;
            case TOKEN_BUCKET -> BUCKET;
        };
        return run(script, key, rule);
    }

    /** As {@link #peek}, with the retry-after in ms. Fixed window only. */
    Timed peekTimed(String key, RateLimitRule rule) {
        return run(PEEK, key, rule);
    }

    private Timed run(RedisScript script, String key, RateLimitRule rule) {
        Object reply = redis.eval(script, List.of(key),
                List.of(Long.toString(Decisions.windowMs(rule)), Long.toString(rule.max())));
        return toTimed(reply, rule);
    }

    /** Reads {@code {allowed, remaining, reset ms, retry ms}}. */
    static RateLimitDecision toDecision(Object reply, RateLimitRule rule) {
        return toTimed(reply, rule).decision();
    }

    private static Timed toTimed(Object reply, RateLimitRule rule) {
        if (!(reply instanceof List<?> list) || list.size() != 4) {
            throw new StorageException("unexpected rate-limit script reply: " + reply);
        }
        long retryMs = number(list.get(3));
        return new Timed(Decisions.of(rule, number(list.get(0)) == 1, number(list.get(1)), number(list.get(2)),
                retryMs), retryMs);
    }

    /** A decision and its retry-after in ms, measured from the moment the script ran (Redis server clock). */
    record Timed(RateLimitDecision decision, long retryMs) {}

    private static long number(Object o) {
        if (o instanceof Number n) {
            return n.longValue();
        }
        throw new StorageException("unexpected rate-limit script reply element: " + o);
    }
}
