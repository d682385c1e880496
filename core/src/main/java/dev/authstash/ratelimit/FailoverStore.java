package dev.authstash.ratelimit;

import dev.authstash.metrics.MetricsListener;
import dev.authstash.metrics.MetricsListener.Decision;
import dev.authstash.storage.CircuitBreaker;
import dev.authstash.storage.StorageBusyException;
import dev.authstash.storage.StorageException;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The limiter's store calls: through the local {@link BlockCache} when there is one, the circuit breaker when
 * there is one, and the storage-error policy: LOCAL decides with an in-process store of this limiter, ALLOW
 * answers allowed (remaining = max, reset 0), DENY throws {@link RateLimitUnavailableException} with a retry-after
 * of min(window, 5) s. A busy store, and a timeout while the breaker is closed, throw
 * {@link RateLimitUnavailableException} (retry after 1 s) under every policy. Logs the first failure (WARN) and
 * the recovery (INFO) once each per outage; with a circuit breaker, through which store calls then go, the
 * breaker logs its state changes and these go to DEBUG (in a cluster with one master down they would alternate
 * with every request). Fallback decisions and busy refusals are counted, and each is summed up in a WARN at most
 * once per {@value #SUMMARY_MILLIS} ms.
 */
final class FailoverStore {
    private static final Logger LOG = LoggerFactory.getLogger(RateLimiter.class);
    private static final long LOCAL_MAX_KEYS = 100_000;
    private static final long DENY_RETRY_SECONDS = 5;
    private static final long SUMMARY_MILLIS = 60_000;
    final LongAdder fallbacks = new LongAdder();
    final LongAdder busy = new LongAdder();
    private final Summary fallbackLog = new Summary();
    private final Summary busyLog = new Summary();
    private final RateLimitStore primary;
    private final OnStorageError policy;
    private final MemoryRateLimitStore local;
    private final AtomicBoolean failing = new AtomicBoolean();
    private final CircuitBreaker breaker;
    private final Clock clock;
    private final BlockCache blocks;
    private final MetricsListener metrics;
    /** Where resets are published to the other instances' block caches; null until attached. */
    private volatile dev.authstash.storage.Feed feed;

    /** @param blockCache whether to keep a block cache; only used over Redis, whose refusals carry exact ms */
    FailoverStore(RateLimitStore primary, OnStorageError policy, Clock clock, CircuitBreaker breaker,
                  MetricsListener metrics, boolean blockCache) {
        this.primary = primary;
        this.metrics = metrics;
        this.breaker = breaker;
        this.policy = policy;
        this.clock = clock;
        this.local = policy == OnStorageError.LOCAL ? new MemoryRateLimitStore(clock, LOCAL_MAX_KEYS) : null;
        this.blocks = blockCache && primary instanceof RedisRateLimitStore
                ? new BlockCache(clock, BlockCache.MAX_KEYS) : null;
    }

    RateLimitDecision consume(String key, RateLimitRule rule) {
        return decide(key, rule);
    }

    /**
     * Where a reservation was taken: {@code decision} is the store's answer; {@code held} whether a slot is held
     * (to settle), {@code local} whether it lives in the LOCAL fallback (the store failed).
     */
    record Reserved(RateLimitDecision decision, boolean held, boolean local) {}

    /**
     * Reserves a slot ({@link RateLimitStore#reserve}) for a rule counting only some answers. The block cache
     * answers only refusals by the count itself (which last until the window ends); a refusal by reservations in
     * flight is never cached, as a slot may free at any moment. On failure the policy applies as for counting:
     * LOCAL reserves in process, ALLOW admits without a reservation, DENY refuses.
     */
    Reserved reserve(String key, RateLimitRule rule, String id) {
        if (blocks != null) {
            RateLimitDecision blocked = blocks.refusal(key, rule);
            if (blocked != null) {
                metrics.rateLimit(rule.id(), Decision.BLOCK_CACHE);
                return new Reserved(blocked, false, false);
            }
        }
        RateLimitDecision d;
        try {
            if (blocks != null) {
                RedisRateLimitStore redis = (RedisRateLimitStore) primary;
                long sent = clock.millis();
                RedisRateLimitStore.Timed t = call(() -> redis.reserveTimed(key, rule, id));
                d = t.decision();
                if (!d.allowed()) {
                    blocks.block(key, sent, t.retryMs());
                }
            } else {
                d = breaker == null ? primary.reserve(key, rule, id) : call(() -> primary.reserve(key, rule, id));
            }
        } catch (StorageException e) {
            failed(rule, e);
            if (policy == OnStorageError.LOCAL) {
                metrics.rateLimit(rule.id(), Decision.LOCAL_FALLBACK);
                RateLimitDecision l = local.reserve(key, rule, id);
                return new Reserved(l, l.allowed(), true);
            }
            return new Reserved(fallback(key, rule, e), false, false);
        }
        succeeded(rule, d);
        return new Reserved(d, d.allowed(), false);
    }

    /**
     * Settles a reservation where it was taken, one store call. The answer is already out, so failures are
     * swallowed: a slot that could not be released ends with its lease; a count that could not be written in the
     * store is counted by the LOCAL fallback when the policy is local, else lost (its slot still ends with its
     * lease). Back-pressure is no different here: nothing is left to refuse.
     */
    void settle(String key, RateLimitRule rule, String id, boolean counted, boolean inLocal) {
        if (inLocal) {
            local.settle(key, rule, id, counted);
            return;
        }
        try {
            if (breaker == null) {
                primary.settle(key, rule, id, counted);
            } else {
                call(() -> {
                    primary.settle(key, rule, id, counted);
                    return null;
                });
            }
        } catch (StorageException e) {
            if (counted && local != null) {
                local.settle(key, rule, id, true);
            }
            LOG.debug("rate-limit reservation of rule {} not settled in the store ({}): {}", rule.id(),
                    counted ? (local != null ? "counted locally" : "count lost") : "its lease ends it",
                    e.toString());
        }
    }

    /**
     * Resets the counter in the store (through the breaker), in the LOCAL fallback and in this instance's block
     * cache. Storage failures propagate: an unlock that did not happen must not look as if it had.
     *
     * @throws StorageException when the store fails
     */
    void reset(String key, RateLimitRule rule) {
        if (blocks != null) {
            blocks.forget(key);
        }
        if (local != null) {
            local.reset(key, rule);
        }
        if (breaker == null) {
            primary.reset(key, rule);
        } else {
            call(() -> {
                primary.reset(key, rule);
                return null;
            });
        }
        if (blocks != null) {
            blocks.forget(key); // a refusal cached while the reset was under way
        }
        dev.authstash.storage.Feed f = feed;
        if (f != null && f.shared() && blocks != null) { // only hashed Redis keys, and only block caches to tell
            call(() -> {
                f.publish(FORGET + key); // every instance's block cache forgets the key (next poll, 250 ms)
                return null;
            });
        }
    }

    /** Feed message telling block caches to forget a key: {@code "k|" + counter key}. */
    static final String FORGET = "k|";

    void attach(dev.authstash.storage.Feed feed) {
        this.feed = feed;
    }

    /** Another instance reset {@code key}: this block cache forgets it. */
    void forget(String key) {
        if (blocks != null) {
            blocks.forget(key);
        }
    }

    /** Feed entries were lost: forget every block (the cache only saves calls; storage decides again). */
    void forgetAll() {
        if (blocks != null) {
            blocks.clear();
        }
    }

    /** The store's state of {@code key}, through the breaker; storage failures propagate (no fallback). */
    RateLimitStore.Peek peek(String key, RateLimitRule rule) {
        return call(() -> primary.peek(key, rule));
    }

    /** The store's blocked keys, through the breaker; storage failures propagate. */
    java.util.List<BlockedKey> blocked(int max) {
        return call(() -> primary.blocked(max, clock.millis()));
    }

    RateLimitStore primary() {
        return primary;
    }

    Clock clock() {
        return clock;
    }

    /** Storage calls the block cache answered locally; -1 when there is no block cache. */
    long blockCacheSaved() {
        return blocks == null ? -1 : blocks.saved();
    }

    /**
     * The block cache's refusal of {@code key} (counted as a block-cache decision), or null when there is no block
     * cache or the key is not blocked: lets a request with several rules be refused before any storage call.
     */
    RateLimitDecision cachedRefusal(String key, RateLimitRule rule) {
        RateLimitDecision blocked = blocks == null ? null : blocks.refusal(key, rule);
        if (blocked != null) {
            metrics.rateLimit(rule.id(), Decision.BLOCK_CACHE);
        }
        return blocked;
    }

    private RateLimitDecision decide(String key, RateLimitRule rule) {
        if (blocks != null) {
            RateLimitDecision blocked = blocks.refusal(key, rule);
            if (blocked != null) {
                metrics.rateLimit(rule.id(), Decision.BLOCK_CACHE);
                return blocked;
            }
        }
        RateLimitDecision d;
        try {
            if (blocks != null) {
                RedisRateLimitStore redis = (RedisRateLimitStore) primary;
                long sent = clock.millis();
                RedisRateLimitStore.Timed t = call(() -> redis.consumeTimed(key, rule));
                d = t.decision();
                if (!d.allowed()) {
                    blocks.block(key, sent, t.retryMs());
                }
            } else if (breaker == null) { // no lambda on the hot path
                d = primary.consume(key, rule);
            } else {
                d = call(() -> primary.consume(key, rule));
            }
        } catch (StorageException e) {
            failed(rule, e);
            if (policy == OnStorageError.LOCAL) {
                metrics.rateLimit(rule.id(), Decision.LOCAL_FALLBACK);
                return local.consume(key, rule);
            }
            return fallback(key, rule, e);
        }
        succeeded(rule, d);
        return d;
    }

    /** Throws for back-pressure (503 whatever the policy); else counts and logs the fallback that follows. */
    private void failed(RateLimitRule rule, StorageException e) {
        if (e instanceof StorageBusyException || slowWhileClosed(e)) {
            busy.increment();
            metrics.rateLimit(rule.id(), Decision.BUSY);
            busyLog.maybeLog(clock, busy, "rate-limit requests refused (503) under back-pressure (pool busy"
                    + " or reply timed out, not an outage)", e);
            throw new RateLimitUnavailableException("rate-limit store busy", 1, e);
        }
        fallbacks.increment();
        fallbackLog.maybeLog(clock, fallbacks, "rate-limit decisions made by onStorageError="
                + policy.name().toLowerCase(Locale.ROOT) + " instead of the store", e);
        if (failing.compareAndSet(false, true)) {
            LOG.atLevel(breaker == null ? Level.WARN : Level.DEBUG).log("rate-limit store failed, applying"
                    + " onStorageError={} until it recovers: {}", policy, e.toString());
        }
    }

    private void succeeded(RateLimitRule rule, RateLimitDecision d) {
        metrics.rateLimit(rule.id(), d.allowed() ? Decision.ALLOWED : Decision.LIMITED);
        if (failing.get() && failing.compareAndSet(true, false)) {
            LOG.atLevel(breaker == null ? Level.INFO : Level.DEBUG).log("rate-limit store recovered");
        }
    }

    /** A slow reply (a GC pause, a CPU-starved server) is no outage until it repeats: the breaker decides. */
    private boolean slowWhileClosed(StorageException e) {
        return breaker != null && e.isTimeout() && breaker.state() == CircuitBreaker.State.CLOSED;
    }

    /** The ALLOW and DENY policies (LOCAL is decided by the callers, in process). */
    private RateLimitDecision fallback(String key, RateLimitRule rule, StorageException e) {
        if (policy == OnStorageError.ALLOW) {
            metrics.rateLimit(rule.id(), Decision.ALLOWED_ON_ERROR);
            return new RateLimitDecision(true, rule, rule.max(), 0, 0);
        }
        metrics.rateLimit(rule.id(), Decision.DENIED_ON_ERROR);
        throw new RateLimitUnavailableException("rate-limit store unavailable",
                Math.min(rule.windowSeconds(), DENY_RETRY_SECONDS), e);
    }

    private <T> T call(Supplier<T> call) {
        return breaker == null ? call.get() : breaker.call("rate_limit", call);
    }

    /** A WARN with a running total, at most once per {@value FailoverStore#SUMMARY_MILLIS} ms of {@code clock}. */
    private static final class Summary {
        private final AtomicLong nextMillis = new AtomicLong(Long.MIN_VALUE);

        void maybeLog(Clock clock, LongAdder total, String what, StorageException cause) {
            long now = clock.millis();
            long next = nextMillis.get();
            if (now >= next && nextMillis.compareAndSet(next, now + SUMMARY_MILLIS)) {
                LOG.warn("{}: {} so far; latest cause: {}", what, total.sum(), cause.toString());
            }
        }
    }
}
