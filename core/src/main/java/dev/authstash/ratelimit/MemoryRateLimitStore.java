package dev.authstash.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Counters in this process: one Caffeine entry per key holding a {@link Counter} that the algorithms change in
 * place under the counter's monitor, so a decision is one map read, one short lock and the decision object (no
 * {@code compute} lambda, state or step objects). A new key's counter is counted once before it is inserted with
 * {@code putIfAbsent} (a lost race retries on the winner's counter). Expiry: a new entry expires when its state is
 * of no further use; each read pushes it to an upper bound of the state's life after a step (window, or two
 * windows for the sliding window, plus a second: {@link Counter#lifeMs}), so a counter is never dropped while it counts.
 * Bounded by {@code maxKeys}: when full, the least useful keys are evicted (an evicted client starts afresh); an
 * evicted counter is retired under its monitor, so a caller still holding it looks the key up again instead of
 * counting into a dropped counter. Reservations of rules counting only some answers live in the key's counter,
 * taken and settled under its lock. Time comes from the given {@link Clock}.
 */
public final class MemoryRateLimitStore implements RateLimitStore {
    private final Clock clock;
    private final Cache<String, Counter> cache;
    private final long leaseMs;
    /** Keys refused, for {@link #blocked}: counter key → {rule id, until ms}; bounded like Redis's index. */
    private final Cache<String, Object[]> blockedIndex;

    /** @param maxKeys bound on the number of counter keys kept, at least 1 */
    public MemoryRateLimitStore(Clock clock, long maxKeys) {
        this(clock, maxKeys, Duration.ofSeconds(LEASE_SECONDS));
    }

    /** As above with reservations held for {@code lease} at most (tests; at most the window still applies). */
    MemoryRateLimitStore(Clock clock, long maxKeys, Duration lease) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.leaseMs = Math.max(1, lease.toMillis());
        if (maxKeys < 1) {
            throw new IllegalArgumentException("maxKeys must be at least 1, got " + maxKeys);
        }
        this.cache = Caffeine.newBuilder()
                .maximumSize(maxKeys)
                .ticker(() -> clock.millis() * 1_000_000L)
                .expireAfter(new CounterExpiry())
                .evictionListener((String k, Counter c, RemovalCause cause) -> {
                    if (c != null) {
                        c.retire();
                    }
                })
                .build();
        this.blockedIndex = Caffeine.newBuilder().maximumSize(RedisRateLimitStore.BLOCKED_MAX)
                .ticker(() -> clock.millis() * 1_000_000L)
                .expireAfter(new Expiry<String, Object[]>() {
                    @Override
                    public long expireAfterCreate(String k, Object[] v, long now) {
                        return Math.max(0, (long) v[1] - clock.millis()) * 1_000_000L;
                    }

                    @Override
                    public long expireAfterUpdate(String k, Object[] v, long now, long current) {
                        return expireAfterCreate(k, v, now);
                    }

                    @Override
                    public long expireAfterRead(String k, Object[] v, long now, long current) {
                        return current;
                    }
                }).build();
    }

    /** Records a refusal in the bounded list of blocked keys. */
    private RateLimitDecision noted(String key, RateLimitRule rule, RateLimitDecision d) {
        if (!d.allowed()) {
            blockedIndex.put(key, new Object[] {rule.id(), clock.millis() + d.retryAfterSeconds() * 1000});
        }
        return d;
    }

    @Override
    public Peek peek(String key, RateLimitRule rule) {
        Counter c = cache.getIfPresent(Objects.requireNonNull(key, "key"));
        if (c == null) {
            return new Peek(rule.max(), 0, 0);
        }
        Counter copy;
        synchronized (c) {
            copy = c.copy(rule);
        }
        long now = clock.millis();
        RateLimitDecision d = rule.countsAnswers()
                ? FixedWindow.reserve(copy, now, rule, "peek", leaseMs(rule)) : step(copy, now, rule);
        return d.allowed() ? new Peek(d.remaining() + 1, d.resetSeconds() * 1000, 0)
                : new Peek(0, d.resetSeconds() * 1000, d.retryAfterSeconds() * 1000);
    }

    @Override
    public java.util.List<BlockedKey> blocked(int max, long nowMillis) {
        return blockedIndex.asMap().entrySet().stream()
                .filter(e -> (long) e.getValue()[1] > clock.millis())
                .sorted((a, b) -> Long.compare((long) b.getValue()[1], (long) a.getValue()[1]))
                .limit(Math.max(0, max))
                .map(e -> new BlockedKey((String) e.getValue()[0], RateLimitKeys.hash(e.getKey()),
                        java.time.Instant.ofEpochMilli((long) e.getValue()[1])))
                .toList();
    }

    @Override
    public RateLimitDecision consume(String key, RateLimitRule rule) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(rule, "rule");
        for (;;) {
            Counter c = cache.getIfPresent(key);
            if (c == null) {
                Counter fresh = new Counter(rule);
                RateLimitDecision d;
                synchronized (fresh) {
                    d = step(fresh, clock.millis(), rule);
                }
                c = cache.asMap().putIfAbsent(key, fresh);
                if (c == null) {
                    return noted(key, rule, d);
                }
            }
            RateLimitDecision d = null;
            synchronized (c) {
                if (c.live()) {
                    d = step(c, clock.millis(), rule);
                }
            }
            if (d != null) {
                return noted(key, rule, d);
            }
        }
    }

    private static RateLimitDecision step(Counter c, long now, RateLimitRule rule) {
        return switch (rule.algorithm()) {
            case FIXED_WINDOW -> FixedWindow.step(c, now, rule);
            case SLIDING_WINDOW -> SlidingWindow.step(c, now, rule);
            case TOKEN_BUCKET -> TokenBucket.step(c, now, rule);
        };
    }

    /** Under the key's lock: see {@link FixedWindow#reserve}; a new key's counter is inserted as in consume. */
    @Override
    public RateLimitDecision reserve(String key, RateLimitRule rule, String id) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(id, "id");
        requireFixed(rule);
        long lease = leaseMs(rule);
        for (;;) {
            Counter c = cache.getIfPresent(key);
            if (c == null) {
                Counter fresh = new Counter(rule);
                RateLimitDecision d;
                synchronized (fresh) {
                    d = FixedWindow.reserve(fresh, clock.millis(), rule, id, lease);
                }
                if (!d.allowed()) {
                    return noted(key, rule, d); // nothing held: no counter entry needed
                }
                c = cache.asMap().putIfAbsent(key, fresh);
                if (c == null) {
                    return d;
                }
            }
            RateLimitDecision d = null;
            synchronized (c) {
                if (c.live()) {
                    d = FixedWindow.reserve(c, clock.millis(), rule, id, lease);
                }
            }
            if (d != null) {
                return noted(key, rule, d);
            }
        }
    }

    /** Under the key's lock: see {@link FixedWindow#settle}. An absent key has nothing to release. */
    @Override
    public void settle(String key, RateLimitRule rule, String id, boolean counted) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(id, "id");
        requireFixed(rule);
        for (;;) {
            Counter c = cache.getIfPresent(key);
            if (c == null) {
                if (!counted) {
                    return;
                }
                Counter fresh = new Counter(rule);
                synchronized (fresh) {
                    FixedWindow.settle(fresh, clock.millis(), rule, id, true);
                }
                if (cache.asMap().putIfAbsent(key, fresh) == null) {
                    return;
                }
                continue;
            }
            synchronized (c) {
                if (c.live()) {
                    FixedWindow.settle(c, clock.millis(), rule, id, counted);
                    return;
                }
            }
        }
    }

    /** The lease of {@code rule}'s reservations: {@link #LEASE_SECONDS}, at most the window. */
    private long leaseMs(RateLimitRule rule) {
        return Math.min(leaseMs, Decisions.windowMs(rule));
    }

    private static void requireFixed(RateLimitRule rule) {
        if (rule.algorithm() != Algorithm.FIXED_WINDOW) {
            throw new IllegalArgumentException("reservations need algorithm fixed-window, got "
                    + rule.algorithm().configName() + " (rule " + rule.id() + ")");
        }
    }

    /**
     * Removes the key's counter; the removed counter is retired under its monitor, so a caller still holding it
     * looks the key up again and counts into a fresh counter.
     */
    @Override
    public void reset(String key, RateLimitRule rule) {
        blockedIndex.invalidate(Objects.requireNonNull(key, "key"));
        Counter c = cache.asMap().remove(key);
        if (c != null) {
            c.retire();
        }
    }

    /** Number of keys currently held (approximate), for tests and metrics. */
    long size() {
        cache.cleanUp();
        return cache.estimatedSize();
    }

    @Override
    public void close() {
        cache.invalidateAll();
    }

    /** Nanoseconds, as Caffeine's ticker (the clock's ms × 10^6). */
    private final class CounterExpiry implements Expiry<String, Counter> {
        private long untilUseless(Counter c) {
            long at;
            synchronized (c) {
                at = c.expiresAt;
            }
            return Math.max(0, at - clock.millis()) * 1_000_000L;
        }

        @Override
        public long expireAfterCreate(String key, Counter c, long currentTime) {
            return untilUseless(c);
        }

        @Override
        public long expireAfterUpdate(String key, Counter c, long currentTime, long currentDuration) {
            return untilUseless(c);
        }

        /** The longest a step at about this time can keep the state useful (the step follows the read). */
        @Override
        public long expireAfterRead(String key, Counter c, long currentTime, long currentDuration) {
            return Math.max(currentDuration, Math.min(c.lifeMs, Long.MAX_VALUE / 1_000_000L) * 1_000_000L);
        }
    }
}
