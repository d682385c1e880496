package dev.authstash.storage;

import java.time.Duration;

/** A {@link SecondaryStorage} whose every call goes through a {@link CircuitBreaker}. */
final class GuardedStorage implements SecondaryStorage {
    private final SecondaryStorage storage;
    private final CircuitBreaker breaker;

    GuardedStorage(SecondaryStorage storage, CircuitBreaker breaker) {
        this.storage = java.util.Objects.requireNonNull(storage, "storage");
        this.breaker = breaker;
    }

    @Override
    public String get(String key) {
        return breaker.call("get", () -> storage.get(key));
    }

    @Override
    public void set(String key, String value, Duration ttl) {
        breaker.call("set", () -> { storage.set(key, value, ttl); return null; });
    }

    @Override
    public void delete(String key) {
        breaker.call("delete", () -> { storage.delete(key); return null; });
    }

    @Override
    public String getAndDelete(String key) {
        return breaker.call("get_and_delete", () -> storage.getAndDelete(key));
    }

    @Override
    public long increment(String key, Duration ttl) {
        return breaker.call("increment", () -> storage.increment(key, ttl));
    }

    @Override
    public void close() {
        storage.close();
    }
}
