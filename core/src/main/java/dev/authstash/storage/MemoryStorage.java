package dev.authstash.storage;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * {@link SecondaryStorage} in this process, on Caffeine: per-entry expiry read from a {@link Clock},
 * at most {@code maxEntries} keys (beyond that Caffeine evicts, so a flood of distinct keys cannot
 * exhaust the heap). {@link #getAndDelete} and {@link #increment} are atomic per key. Not shared
 * between application instances.
 */
public final class MemoryStorage implements SecondaryStorage {
    /** A value and its deadline in clock milliseconds ({@link Long#MAX_VALUE} = never). */
    private record Entry(String value, long deadline) {}

    private final Clock clock;
    private final Cache<String, Entry> cache;

    /** @param maxEntries bound on the number of keys */
    public MemoryStorage(long maxEntries) {
        this(maxEntries, Clock.systemUTC());
    }

    /** @param clock time source for expiry, for tests */
    public MemoryStorage(long maxEntries, Clock clock) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("memoryMaxEntries must be at least 1, got " + maxEntries);
        }
        this.clock = Objects.requireNonNull(clock, "clock");
        this.cache = Caffeine.newBuilder()
                .maximumSize(maxEntries)
                .ticker(() -> clock.millis() * 1_000_000L)
                .executor(Runnable::run)
                .expireAfter(new EntryExpiry(clock))
                .build();
    }

    @Override
    public String get(String key) {
        return live(cache.getIfPresent(key));
    }

    @Override
    public void set(String key, String value, Duration ttl) {
        Objects.requireNonNull(value, "value");
        cache.put(key, new Entry(value, deadline(ttl)));
    }

    @Override
    public void delete(String key) {
        cache.invalidate(key);
    }

    @Override
    public String getAndDelete(String key) {
        return live(cache.asMap().remove(key));
    }

    @Override
    public long increment(String key, Duration ttl) {
        long deadline = deadline(ttl);
        Entry after = cache.asMap().compute(key, (k, old) -> {
            if (live(old) == null) {
                return new Entry("1", deadline);
            }
            long n;
            try {
                n = Math.addExact(Long.parseLong(old.value()), 1);
            } catch (NumberFormatException | ArithmeticException e) {
                throw new StorageException("increment of key \"" + key + "\": value is not an integer or out of range");
            }
            return new Entry(Long.toString(n), old.deadline());
        });
        return Long.parseLong(after.value());
    }

    /** {@code true}: nothing outside this process reads or writes it. */
    @Override
    public boolean inProcess() {
        return true;
    }

    /** Approximate number of live entries, for tests and metrics. */
    long size() {
        cache.cleanUp();
        return cache.estimatedSize();
    }

    @Override
    public void close() {
        cache.invalidateAll();
    }

    private long deadline(Duration ttl) {
        long ms = Ttl.millis(ttl);
        return ms == 0 ? Long.MAX_VALUE : clock.millis() + ms;
    }

    private String live(Entry e) {
        return e == null || e.deadline() <= clock.millis() ? null : e.value();
    }

    /** Expires each entry at its own deadline; a read keeps it, an update sets the new entry's deadline. */
    private record EntryExpiry(Clock clock) implements Expiry<String, Entry> {
        @Override
        public long expireAfterCreate(String key, Entry e, long currentTime) {
            return remaining(e);
        }

        @Override
        public long expireAfterUpdate(String key, Entry e, long currentTime, long currentDuration) {
            return remaining(e);
        }

        @Override
        public long expireAfterRead(String key, Entry e, long currentTime, long currentDuration) {
            return currentDuration;
        }

        private long remaining(Entry e) {
            if (e.deadline() == Long.MAX_VALUE) {
                return Long.MAX_VALUE;
            }
            long ms = Math.max(0, e.deadline() - clock.millis());
            return ms >= Long.MAX_VALUE / 1_000_000L ? Long.MAX_VALUE : ms * 1_000_000L;
        }
    }
}
