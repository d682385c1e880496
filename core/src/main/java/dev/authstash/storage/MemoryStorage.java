package dev.authstash.storage;

import java.time.Clock;
import java.time.Duration;

/** STUB — being implemented (issue 2). {@link SecondaryStorage} in this process, on Caffeine. */
public final class MemoryStorage implements SecondaryStorage {
    /** @param maxEntries bound on the number of keys */
    public MemoryStorage(long maxEntries) { this(maxEntries, Clock.systemUTC()); }
    /** @param clock time source for expiry, for tests */
    public MemoryStorage(long maxEntries, Clock clock) { throw new UnsupportedOperationException("stub"); }

    @Override public String get(String key) { throw new UnsupportedOperationException("stub"); }
    @Override public void set(String key, String value, Duration ttl) { throw new UnsupportedOperationException("stub"); }
    @Override public void delete(String key) { throw new UnsupportedOperationException("stub"); }
    @Override public String getAndDelete(String key) { throw new UnsupportedOperationException("stub"); }
    @Override public long increment(String key, Duration ttl) { throw new UnsupportedOperationException("stub"); }
}
