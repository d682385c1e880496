package dev.authstash.ratelimit;

import dev.authstash.storage.SecondaryStorage;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Counters over any {@link SecondaryStorage}, using only its atomic {@code increment} (and {@code get}):
 * <ul>
 *   <li>fixed window: {@code increment(key, ttl = window)}, allowed iff the count ≤ max. The storage does not
 *       tell the time left, so reset (and the retry-after of a refusal) is reported as the full window.
 *       Increments past max change no later decision (the count only resets when the key expires).</li>
 *   <li>sliding window: one counter per aligned window ({@code key:<window number>}, ttl = 2 windows), the previous
 *       window's count read with {@code get} and capped at max, then the rules of the memory store. The storage
 *       cannot decrement, so here a refused request still counts in its window.</li>
 *   <li>token bucket: impossible over increment alone, refused with {@link IllegalArgumentException}.</li>
 *   <li>rules counting only some answers ({@code "count"}): their reservations need an atomic check-and-reserve,
 *       so they are refused at start-up the same way ({@link #requireSupported}).</li>
 * </ul>
 * Window alignment uses the given {@link Clock}.
 */
public final class StorageRateLimitStore implements RateLimitStore {
    private final SecondaryStorage storage;
    private final Clock clock;

    /** Refused: see {@link #requireSupported}. */
    @Override
    public RateLimitDecision reserve(String key, RateLimitRule rule, String id) {
        requireSupported(rule);
        throw new IllegalArgumentException("rule " + rule.id() + " counts every request");
    }

    /** Refused: see {@link #requireSupported}. */
    @Override
    public void settle(String key, RateLimitRule rule, String id, boolean counted) {
        reserve(key, rule, id);
    }

    public StorageRateLimitStore(SecondaryStorage storage, Clock clock) {
        this.storage = Objects.requireNonNull(storage, "storage");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @throws IllegalArgumentException naming the rule when its algorithm cannot run over increment, or when it
     *         counts only some answers (a slot reserved before the handler and released after it takes one atomic
     *         check-and-reserve step, which {@code get}, {@code set}, {@code delete}, {@code getAndDelete} and
     *         {@code increment} cannot make without a get-then-set race)
     */
    static void requireSupported(RateLimitRule rule) {
        if (rule.countsAnswers()) {
            throw new IllegalArgumentException("rate-limit rule \"" + rule.id() + "\": \"count\" (counting only"
                    + " some answers) needs Redis, Upstash or in-memory counters: it reserves a slot before the"
                    + " handler in one atomic step, which the generic secondary storage's five functions cannot do;"
                    + " use \"count\": \"all\" or another storage");
        }
        requireAlgorithm(rule);
    }

    private static void requireAlgorithm(RateLimitRule rule) {
        if (rule.algorithm() == Algorithm.TOKEN_BUCKET) {
            throw new IllegalArgumentException("rate-limit rule \"" + rule.id() + "\": algorithm "
                    + rule.algorithm().configName() + " needs Redis or in-memory counters; the generic secondary"
                    + " storage only offers increment (use fixed-window or sliding-window)");
        }
    }

    @Override
    public RateLimitDecision consume(String key, RateLimitRule rule) {
        requireAlgorithm(rule);
        long windowMs = Decisions.windowMs(rule);
        if (rule.algorithm() == Algorithm.FIXED_WINDOW) {
            long count = storage.increment(key, Duration.ofMillis(windowMs));
            boolean allowed = count <= rule.max();
            return Decisions.of(rule, allowed, rule.max() - count, windowMs, windowMs);
        }
        long now = clock.millis();
        long index = Math.floorDiv(now, windowMs);
        String prevText = storage.get(key + ':' + (index - 1));
        long prev = Math.min(rule.max(), parse(prevText));
        long count = storage.increment(key + ':' + index, Duration.ofMillis(2 * windowMs));
        return SlidingWindow.decide(prev, count - 1, now - index * windowMs, rule);
    }

    /**
     * Reads the counter with {@code get} (one call, two for the sliding window). The storage does not tell a key's
     * time left, so a refused fixed-window key is reported blocked, and reset, for up to the full window.
     */
    @Override
    public Peek peek(String key, RateLimitRule rule) {
        requireAlgorithm(rule);
        long windowMs = Decisions.windowMs(rule);
        if (rule.algorithm() == Algorithm.FIXED_WINDOW) {
            long count = parse(storage.get(key));
            return count >= rule.max() ? new Peek(0, windowMs, windowMs)
                    : new Peek(rule.max() - count, count == 0 ? 0 : windowMs, 0);
        }
        long now = clock.millis();
        long index = Math.floorDiv(now, windowMs);
        long prev = Math.min(rule.max(), parse(storage.get(key + ':' + (index - 1))));
        long count = parse(storage.get(key + ':' + index));
        RateLimitDecision d = SlidingWindow.decide(prev, count, now - index * windowMs, rule);
        return d.allowed() ? new Peek(d.remaining() + 1, d.resetSeconds() * 1000, 0)
                : new Peek(0, d.resetSeconds() * 1000, d.retryAfterSeconds() * 1000);
    }

    /**
     * Deletes the counter: the fixed window's key, or the sliding window's current and previous window keys (at
     * this store's clock). Keys of older windows no longer weigh on any decision.
     */
    @Override
    public void reset(String key, RateLimitRule rule) {
        if (rule.algorithm() != Algorithm.SLIDING_WINDOW) {
            storage.delete(key);
            return;
        }
        long index = Math.floorDiv(clock.millis(), Decisions.windowMs(rule));
        storage.delete(key + ':' + index);
        storage.delete(key + ':' + (index - 1));
    }

    private static long parse(String text) {
        if (text == null) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(text.trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
