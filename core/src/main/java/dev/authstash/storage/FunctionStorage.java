package dev.authstash.storage;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A {@link SecondaryStorage} from three functions — get, set, delete — as in Better Auth's
 * {@code secondaryStorage} option, to plug in any store. {@link #get}, {@link #set} and {@link #delete}
 * call the functions; a {@link RuntimeException} from one surfaces as a {@link StorageException}.
 *
 * <p><b>Best-effort, not atomic:</b> {@link #getAndDelete} is get then delete, so two concurrent callers
 * may both receive a single-use value; {@link #increment} is get, parse, set, so concurrent increments
 * may be lost, and because the functions cannot read a remaining TTL, every increment writes the given
 * ttl again (the counter's expiry is refreshed, not kept from creation). Use {@link RedisStorage} or
 * {@link MemoryStorage} where these guarantees matter.
 */
public final class FunctionStorage implements SecondaryStorage {

    /** Stores a value; {@code ttl} is {@code null} for no expiry, else positive. */
    @FunctionalInterface
    public interface Setter {
        void set(String key, String value, Duration ttl);
    }

    private final Function<String, String> getter;
    private final Setter setter;
    private final Consumer<String> deleter;

    private FunctionStorage(Function<String, String> get, Setter set, Consumer<String> delete) {
        this.getter = Objects.requireNonNull(get, "get");
        this.setter = Objects.requireNonNull(set, "set");
        this.deleter = Objects.requireNonNull(delete, "delete");
    }

    /**
     * @param get    the value of a key, or {@code null}
     * @param set    stores a value with a ttl ({@code null} = no expiry)
     * @param delete removes a key
     */
    public static FunctionStorage of(Function<String, String> get, Setter set, Consumer<String> delete) {
        return new FunctionStorage(get, set, delete);
    }

    @Override
    public String get(String key) {
        return call("get", () -> getter.apply(key));
    }

    @Override
    public void set(String key, String value, Duration ttl) {
        Objects.requireNonNull(value, "value");
        Duration normalized = Ttl.millis(ttl) == 0 ? null : Duration.ofMillis(Ttl.millis(ttl));
        call("set", () -> {
            setter.set(key, value, normalized);
            return null;
        });
    }

    @Override
    public void delete(String key) {
        call("delete", () -> {
            deleter.accept(key);
            return null;
        });
    }

    /** Get then delete: best-effort, NOT atomic (see the class comment). */
    @Override
    public String getAndDelete(String key) {
        String value = get(key);
        if (value != null) {
            delete(key);
        }
        return value;
    }

    /** Get, parse, set with {@code ttl}: best-effort, NOT atomic, ttl refreshed on each call (see the class comment). */
    @Override
    public long increment(String key, Duration ttl) {
        String old = get(key);
        long n;
        try {
            n = old == null ? 1 : Math.addExact(Long.parseLong(old), 1);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new StorageException("increment of key \"" + key + "\": value is not an integer or out of range");
        }
        set(key, Long.toString(n), ttl);
        return n;
    }

    private static <T> T call(String operation, Supplier<T> f) {
        try {
            return f.get();
        } catch (StorageException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new StorageException("secondary storage " + operation + " failed (" + e.getClass().getSimpleName() + ")", e);
        }
    }
}
