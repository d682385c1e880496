package dev.authstash.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.time.Clock;
import java.util.concurrent.atomic.LongAdder;

/**
 * The local block cache (@upstash/ratelimit's "ephemeral cache"): once storage refused a counter key until
 * time T, this instance refuses that key until T without a storage call. T is the local time the call was sent
 * plus the retry-after the Redis script computed when it ran, so T never lies after the moment storage would
 * allow again: the cache only repeats refusals storage already made (exact-safe). Bounded by entry count
 * (Caffeine, least useful evicted first); entries expire at T.
 */
final class BlockCache {
    static final long MAX_KEYS = 100_000;
    private final Clock clock;
    private final Cache<String, Long> until;
    private final LongAdder saved = new LongAdder();

    BlockCache(Clock clock, long maxKeys) {
        this.clock = clock;
        this.until = Caffeine.newBuilder().maximumSize(maxKeys)
                .ticker(() -> clock.millis() * 1_000_000L)
                .expireAfter(new Expiry<String, Long>() {
                    @Override
                    public long expireAfterCreate(String key, Long t, long now) {
                        return Math.max(0, t - clock.millis()) * 1_000_000L;
                    }

                    @Override
                    public long expireAfterUpdate(String key, Long t, long now, long current) {
                        return expireAfterCreate(key, t, now);
                    }

                    @Override
                    public long expireAfterRead(String key, Long t, long now, long current) {
                        return current;
                    }
                }).build();
    }

    /** A local refusal for {@code key} while it is blocked, else null. */
    RateLimitDecision refusal(String key, RateLimitRule rule) {
        Long t = until.getIfPresent(key);
        if (t == null) {
            return null;
        }
        long left = t - clock.millis();
        if (left <= 0) {
            return null;
        }
        saved.increment();
        return Decisions.of(rule, false, 0, left, left);
    }

    /** Blocks {@code key} until {@code sentAtMs + retryMs} (local ms). */
    void block(String key, long sentAtMs, long retryMs) {
        if (retryMs > 0) {
            until.put(key, sentAtMs + retryMs);
        }
    }

    /** Drops the block of {@code key} (its counter was reset). */
    void forget(String key) {
        until.invalidate(key);
    }

    /** Drops every block (feed entries were lost: a reset elsewhere may have been missed). */
    void clear() {
        until.invalidateAll();
    }

    /** Storage calls answered locally so far. */
    long saved() {
        return saved.sum();
    }
}
