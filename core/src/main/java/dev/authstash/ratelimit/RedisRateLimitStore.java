package dev.authstash.ratelimit;

import dev.authstash.storage.RedisScript;
import dev.authstash.storage.ScriptStorage;
import dev.authstash.storage.StorageException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Counters in Redis: each decision is one {@code EVALSHA} of a Lua script per algorithm (one network round
 * trip), timed by the Redis server's clock ({@code TIME}, or the key's TTL for the fixed window). Every key the
 * scripts write gets a TTL. A counting decision touches a single key; a rule counting only some answers also
 * touches the counter's reservations ({@link #reservations}, a ZSET under the same hash tag), reserved before the
 * handler and settled after it by one script each. Works standalone, in a cluster, with Sentinel and over
 * Upstash REST, through a {@link ScriptStorage}.
 */
public final class RedisRateLimitStore implements RateLimitStore {
    private static final RedisScript FIXED = RedisScript.fromResource(RedisRateLimitStore.class, "fixed-window.lua");
    private static final RedisScript SLIDING =
            RedisScript.fromResource(RedisRateLimitStore.class, "sliding-window.lua");
    private static final RedisScript BUCKET = RedisScript.fromResource(RedisRateLimitStore.class, "token-bucket.lua");
    private static final RedisScript RESET = RedisScript.fromResource(RedisRateLimitStore.class, "reset.lua");
    private static final RedisScript RESERVE =
            RedisScript.fromResource(RedisRateLimitStore.class, "fixed-window-reserve.lua");
    private static final RedisScript SETTLE =
            RedisScript.fromResource(RedisRateLimitStore.class, "fixed-window-settle.lua");

    private final ScriptStorage redis;
    private final long leaseMs;

    public RedisRateLimitStore(ScriptStorage redis) {
        this(redis, Duration.ofSeconds(LEASE_SECONDS));
    }

    /** As above with reservations held for {@code lease} at most (tests; at most the window still applies). */
    RedisRateLimitStore(ScriptStorage redis, Duration lease) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.leaseMs = Math.max(1, lease.toMillis());
    }

    @Override
    public RateLimitDecision consume(String key, RateLimitRule rule) {
        return consumeTimed(key, rule).decision();
    }

    @Override
    public RateLimitDecision reserve(String key, RateLimitRule rule, String id) {
        return reserveTimed(key, rule, id).decision();
    }

    /** One script ({@code fixed-window-settle.lua}). */
    @Override
    public void settle(String key, RateLimitRule rule, String id, boolean counted) {
        redis.eval(SETTLE, List.of(key, reservations(key)), List.of(Long.toString(Decisions.windowMs(rule)),
                Long.toString(rule.max()), id, counted ? "1" : "0"));
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

    /**
     * As {@link #reserve}, with the time (ms) the block cache may repeat a refusal: the window's time left when the
     * count alone refuses; 0 when reservations in flight refuse (a slot may free at any moment).
     */
    Timed reserveTimed(String key, RateLimitRule rule, String id) {
        Object reply = redis.eval(RESERVE, List.of(key, reservations(key)), List.of(
                Long.toString(Decisions.windowMs(rule)), Long.toString(rule.max()),
                Long.toString(Math.min(leaseMs, Decisions.windowMs(rule))), Objects.requireNonNull(id, "id")));
        return toTimed(reply, rule);
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
        if (!(reply instanceof List<?> list) || list.size() < 4 || list.size() > 5) {
            throw new StorageException("unexpected rate-limit script reply: " + reply);
        }
        long retryMs = number(list.get(3));
        return new Timed(Decisions.of(rule, number(list.get(0)) == 1, number(list.get(1)), number(list.get(2)),
                retryMs), list.size() == 5 ? number(list.get(4)) : retryMs);
    }

    /**
     * A decision and the time in ms, measured from the moment the script ran (Redis server clock), during which
     * storage would refuse the key again: its retry-after, or 0 when the refusal may end any moment.
     */
    record Timed(RateLimitDecision decision, long retryMs) {}

    private static long number(Object o) {
        if (o instanceof Number n) {
            return n.longValue();
        }
        throw new StorageException("unexpected rate-limit script reply element: " + o);
    }
}
