package dev.authstash.session;

import dev.authstash.storage.SecondaryStorage;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/** TEMPORARY test-only storage until MemoryStorage lands on main. */
final class MapStorage implements SecondaryStorage {
    private record Entry(String value, long expiresAt) {}

    private final ConcurrentHashMap<String, Entry> map = new ConcurrentHashMap<>();
    private final Clock clock;

    MapStorage(Clock clock) {
        this.clock = clock;
    }

    private long exp(Duration ttl) {
        return ttl == null || ttl.isZero() ? Long.MAX_VALUE : clock.millis() + ttl.toMillis();
    }

    private Entry live(Entry e) {
        return e == null || e.expiresAt <= clock.millis() ? null : e;
    }

    @Override public String get(String key) {
        Entry e = live(map.get(key));
        return e == null ? null : e.value;
    }

    @Override public void set(String key, String value, Duration ttl) {
        map.put(key, new Entry(value, exp(ttl)));
    }

    @Override public void delete(String key) {
        map.remove(key);
    }

    @Override public String getAndDelete(String key) {
        Entry e = live(map.remove(key));
        return e == null ? null : e.value;
    }

    @Override public long increment(String key, Duration ttl) {
        Entry e = map.compute(key, (k, old) -> live(old) == null ? new Entry("1", exp(ttl))
                : new Entry(Long.toString(Long.parseLong(old.value) + 1), old.expiresAt));
        return Long.parseLong(e.value);
    }
}
