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
    private static final String FIXED_SRC = source("fixed-window.lua");
    private static final String SLIDING_SRC = source("sliding-window.lua");
    private static final String BUCKET_SRC = source("token-bucket.lua");
    private static final String RESERVE_SRC = source("fixed-window-reserve.lua");
    private static final String INDEX_SRC = source("blocked-index.lua");
    private static final RedisScript FIXED = RedisScript.of(FIXED_SRC);
    private static final RedisScript SLIDING = RedisScript.of(SLIDING_SRC);
    private static final RedisScript BUCKET = RedisScript.of(BUCKET_SRC);
    private static final RedisScript RESERVE = RedisScript.of(RESERVE_SRC);
    private static final RedisScript FIXED_INDEXED = indexed(FIXED_SRC);
    private static final RedisScript SLIDING_INDEXED = indexed(SLIDING_SRC);
    private static final RedisScript BUCKET_INDEXED = indexed(BUCKET_SRC);
    private static final RedisScript RESERVE_INDEXED = indexed(RESERVE_SRC);
    private static final RedisScript PEEK_FIXED = peek(FIXED_SRC);
    private static final RedisScript PEEK_SLIDING = peek(SLIDING_SRC);
    private static final RedisScript PEEK_BUCKET = peek(BUCKET_SRC);
    private static final RedisScript PEEK_RESERVE = peek(RESERVE_SRC);
    private static final RedisScript INDEX_ALONE = RedisScript.of(INDEX_SRC
            + "\nblocked_index(tonumber(ARGV[1]))\nreturn 1\n");
    private static final RedisScript LIST = RedisScript.fromResource(RedisRateLimitStore.class, "blocked-list.lua");
    private static final RedisScript UNINDEX = RedisScript.fromResource(RedisRateLimitStore.class,
            "blocked-remove.lua");
    private static final RedisScript RESET = RedisScript.fromResource(RedisRateLimitStore.class, "reset.lua");
    private static final RedisScript SETTLE =
            RedisScript.fromResource(RedisRateLimitStore.class, "fixed-window-settle.lua");
    /** The index of blocked keys ({@link #blocked}); a hash tag of its own. */
    static final String BLOCKED_KEY = "{rl}:blocked";
    /** Most entries of the index of blocked keys. */
    public static final int BLOCKED_MAX = 1000;

    private final ScriptStorage redis;
    private final long leaseMs;
    /** Whether the index of blocked keys is kept inside the decision scripts (not in Redis Cluster). */
    private final boolean indexInScript;

    public RedisRateLimitStore(ScriptStorage redis) {
        this(redis, Duration.ofSeconds(LEASE_SECONDS));
    }

    /** As above with reservations held for {@code lease} at most (tests; at most the window still applies). */
    RedisRateLimitStore(ScriptStorage redis, Duration lease) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.leaseMs = Math.max(1, lease.toMillis());
        this.indexInScript = !(redis instanceof dev.authstash.storage.RedisStorage r && r.isCluster());
    }

    private static String source(String name) {
        return RedisScript.fromResource(RedisRateLimitStore.class, name).source();
    }

    /** A decision script that also records a blocking refusal in the index of blocked keys (its last key). */
    private static RedisScript indexed(String decision) {
        return RedisScript.of("if redis.replicate_commands then pcall(redis.replicate_commands) end\n"
                + "local function decide()\n" + decision + "\nend\n" + INDEX_SRC + "\nlocal r = decide()\n"
                + "local block = tonumber(r[5] or r[4])\n"
                + "if tonumber(r[1]) == 0 and block > 0 then blocked_index(block) end\nreturn r\n");
    }

    private static RedisScript peek(String decision) {
        return RedisScript.of("local function decide()\n" + decision + "\nend\n" + source("peek.lua"));
    }

    /** The member of {@code key} in the index of blocked keys: its hash, a space, the rule id. */
    static String member(String key, RateLimitRule rule) {
        return RateLimitKeys.hash(key) + ' ' + rule.id();
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
        if (indexInScript) {
            redis.eval(RESET, List.of(key, reservations(key), BLOCKED_KEY), List.of(member(key, rule)));
            return;
        }
        redis.eval(RESET, List.of(key, reservations(key)), List.of());
        redis.eval(UNINDEX, List.of(BLOCKED_KEY), List.of(member(key, rule)));
    }

    /**
     * Runs the rule's decision on a copy of the counter (one script: copy, decide, delete the copy), so nothing is
     * counted; Redis 6.2 or later ({@code COPY}).
     */
    @Override
    public Peek peek(String key, RateLimitRule rule) {
        RedisScript script;
        List<String> args;
        if (rule.countsAnswers()) {
            script = PEEK_RESERVE;
            args = List.of(Long.toString(Decisions.windowMs(rule)), Long.toString(rule.max()),
                    Long.toString(Math.min(leaseMs, Decisions.windowMs(rule))), "peek");
        } else {
            script = switch (rule.algorithm()) {
                case FIXED_WINDOW -> PEEK_FIXED;
                case SLIDING_WINDOW -> PEEK_SLIDING;
                case TOKEN_BUCKET -> PEEK_BUCKET;
            };
            args = List.of(Long.toString(Decisions.windowMs(rule)), Long.toString(rule.max()));
        }
        String copy = key.concat(":peek");
        Object reply = redis.eval(script, List.of(key, reservations(key), copy, reservations(copy)), args);
        if (reply instanceof List<?> l && l.size() == 1) {
            return new Peek(rule.max(), 0, 0);
        }
        Timed t = toTimed(reply, rule);
        List<?> l = (List<?>) reply;
        long resetMs = number(l.get(2));
        if (number(l.get(0)) == 1) {
            return new Peek(number(l.get(1)) + 1, resetMs, 0);
        }
        return new Peek(0, resetMs, Math.max(t.retryMs(), number(l.get(3))));
    }

    /** One script: the index's live entries, latest-ending first (at most {@code max}). */
    @Override
    public List<BlockedKey> blocked(int max, long nowMillis) {
        Object reply = redis.eval(LIST, List.of(BLOCKED_KEY), List.of(Integer.toString(Math.max(0, max))));
        if (!(reply instanceof List<?> parts) || parts.size() != 2 || !(parts.get(1) instanceof List<?> flat)) {
            throw new StorageException("unexpected blocked-keys script reply: " + reply);
        }
        long serverNow = number(parts.get(0));
        List<BlockedKey> out = new java.util.ArrayList<>(flat.size() / 2);
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            String m = text(flat.get(i));
            int space = m.indexOf(' ');
            if (space < 0) {
                continue;
            }
            long until = (long) Double.parseDouble(text(flat.get(i + 1)));
            out.add(new BlockedKey(m.substring(space + 1), m.substring(0, space),
                    java.time.Instant.ofEpochMilli(nowMillis + (until - serverNow))));
        }
        return out;
    }

    private static String text(Object o) {
        return o instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.UTF_8) : String.valueOf(o);
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
        List<String> args = List.of(Long.toString(Decisions.windowMs(rule)), Long.toString(rule.max()),
                Long.toString(Math.min(leaseMs, Decisions.windowMs(rule))), Objects.requireNonNull(id, "id"),
                member(key, rule), Integer.toString(BLOCKED_MAX));
        Object reply = indexInScript
                ? redis.eval(RESERVE_INDEXED, List.of(key, reservations(key), BLOCKED_KEY), args)
                : redis.eval(RESERVE, List.of(key, reservations(key)), args);
        return indexAlone(toTimed(reply, rule), key, rule);
    }

    private Timed run(RedisScript script, String key, RateLimitRule rule) {
        List<String> args = List.of(Long.toString(Decisions.windowMs(rule)), Long.toString(rule.max()),
                member(key, rule), Integer.toString(BLOCKED_MAX));
        Object reply = indexInScript ? redis.eval(indexed(script), List.of(key, BLOCKED_KEY), args)
                : redis.eval(script, List.of(key), args);
        return indexAlone(toTimed(reply, rule), key, rule);
    }

    private static RedisScript indexed(RedisScript script) {
        return script == FIXED ? FIXED_INDEXED : script == SLIDING ? SLIDING_INDEXED : BUCKET_INDEXED;
    }

    /**
     * In Redis Cluster the index lives in another hash slot than the counter: a blocking refusal is recorded there
     * by one more call (only on a refusal storage made, so at most once per key and block on an instance with the
     * block cache). Best effort: a failure leaves the list short, never the decision.
     */
    private Timed indexAlone(Timed t, String key, RateLimitRule rule) {
        if (!indexInScript && !t.decision().allowed() && t.retryMs() > 0) {
            try {
                redis.eval(INDEX_ALONE, List.of(BLOCKED_KEY), List.of(Long.toString(t.retryMs()), member(key, rule),
                        Integer.toString(BLOCKED_MAX)));
            } catch (StorageException e) {
                // the list of blocked keys misses this one; the decision stands
            }
        }
        return t;
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
