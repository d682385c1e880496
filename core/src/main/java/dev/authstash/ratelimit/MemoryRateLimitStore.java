package dev.authstash.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.time.Clock;
import java.util.Objects;

/**
 * Counters in this process: one Caffeine entry per key, updated atomically with {@code asMap().compute}, each
 * entry expiring when its state is of no further use. Bounded by {@code maxKeys}: when full, the least useful
 * keys are evicted (an evicted client starts afresh). Time comes from the given {@link Clock}.
 */
public final class MemoryRateLimitStore implements RateLimitStore {
    private final Clock clock;
    private final Cache<String, Entry> cache;

    /** State of one key and the epoch ms at which it expires. */
    private record Entry(Object state, long expiresAt) {}

    /** @param maxKeys bound on the number of counter keys kept, at least 1 */
    public MemoryRateLimitStore(Clock clock, long maxKeys) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (maxKeys < 1) {
            throw new IllegalArgumentException("maxKeys must be at least 1, got " + maxKeys);
        }
        this.cache = Caffeine.newBuilder()
                .maximumSize(maxKeys)
                .ticker(() -> clock.millis() * 1_000_000L)
                .expireAfter(new EntryExpiry())
                .build();
    }

    @Override
    public RateLimitDecision consume(String key, RateLimitRule rule) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(rule, "rule");
        RateLimitDecision[] out = new RateLimitDecision[1];
        cache.asMap().compute(key, (k, old) -> {
            long now = clock.millis();
            Object state = old == null ? null : old.state();
            Step<?> step = switch (rule.algorithm()) {
                case FIXED_WINDOW -> FixedWindow.step(
                        state instanceof FixedWindow.State s ? s : null, now, rule);
                case SLIDING_WINDOW -> SlidingWindow.step(
                        state instanceof SlidingWindow.State s ? s : null, now, rule);
                case TOKEN_BUCKET -> TokenBucket.step(
                        state instanceof TokenBucket.State s ? s : null, now, rule);
            };
            out[0] = step.decision();
            return step.state() == null ? old : new Entry(step.state(), step.expiresAt());
        });
        return out[0];
    }

    @Override
    public RateLimitDecision peek(String key, RateLimitRule rule) {
        Entry e = cache.getIfPresent(Objects.requireNonNull(key, "key"));
        Object state = e == null ? null : e.state();
        return FixedWindow.peek(state instanceof FixedWindow.State s ? s : null, clock.millis(), rule);
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

    private final class EntryExpiry implements Expiry<String, Entry> {
        private long nanosLeft(Entry e) {
            return Math.max(0, e.expiresAt() - clock.millis()) * 1_000_000L;
        }

        @Override
        public long expireAfterCreate(String key, Entry value, long currentTime) {
            return nanosLeft(value);
        }

        @Override
        public long expireAfterUpdate(String key, Entry value, long currentTime, long currentDuration) {
            return nanosLeft(value);
        }

        @Override
        public long expireAfterRead(String key, Entry value, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }
}
