package dev.authstash.storage;

import java.time.Duration;

/** A {@link SecondaryStorage} whose every call goes through a {@link CircuitBreaker}. */
class GuardedStorage implements SecondaryStorage {
    final SecondaryStorage storage;
    final CircuitBreaker breaker;

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
    public boolean inProcess() {
        return storage.inProcess();
    }

    @Override
    public void close() {
        storage.close();
    }
}

/** A guarded {@link ScriptStorage}: scripts go through the breaker too (metrics operation {@code one_time}). */
final class GuardedScriptStorage extends GuardedStorage implements ScriptStorage {
    private final ScriptStorage scripts;

    GuardedScriptStorage(ScriptStorage storage, CircuitBreaker breaker) {
        super(storage, breaker);
        this.scripts = storage;
    }

    @Override
    public Object eval(RedisScript script, java.util.List<String> keys, java.util.List<String> args) {
        return breaker.call("one_time", () -> scripts.eval(script, keys, args));
    }
}
