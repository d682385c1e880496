package dev.authstash.storage;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A {@link SecondaryStorage} from five functions, as Better Auth 1.7's {@code secondaryStorage}: get, set,
 * delete, and the two atomic operations rate limits and one-time values rely on — {@code getAndDelete} and
 * {@code increment}. authstash never emulates these with get-then-set: a store that cannot do them atomically
 * (a Lua script, {@code GETDEL}/{@code INCR}, a database row lock, {@code ConcurrentHashMap.compute}) cannot
 * back rate limits, OTP attempt counting or single-use tokens. A {@link RuntimeException} from a function
 * surfaces as a {@link StorageException}.
 */
public final class FunctionStorage implements SecondaryStorage {

    /** Stores a value; {@code ttl} is {@code null} for no expiry, else positive whole milliseconds. */
    @FunctionalInterface
    public interface Setter {
        void set(String key, String value, Duration ttl);
    }

    /**
     * Atomically adds one to the integer under {@code key} and returns the new value; an absent key is created
     * as {@code 1} with {@code ttl} ({@code null} = no expiry, else positive whole milliseconds). The ttl is
     * applied only on creation: later increments never extend it.
     */
    @FunctionalInterface
    public interface Incrementer {
        long increment(String key, Duration ttl);
    }

    private final Function<String, String> getter;
    private final Setter setter;
    private final Consumer<String> deleter;
    private final Function<String, String> getAndDeleter;
    private final Incrementer incrementer;

    private FunctionStorage(Function<String, String> get, Setter set, Consumer<String> delete,
                            Function<String, String> getAndDelete, Incrementer increment) {
        this.getter = Objects.requireNonNull(get, "get");
        this.setter = Objects.requireNonNull(set, "set");
        this.deleter = Objects.requireNonNull(delete, "delete");
        this.getAndDeleter = Objects.requireNonNull(getAndDelete,
                "getAndDelete: an atomic read-and-remove is required (single-use tokens and OTPs)");
        this.incrementer = Objects.requireNonNull(increment,
                "increment: an atomic counter is required (rate limits and OTP attempts)");
    }

    /**
     * @param get          the value of a key, or {@code null}
     * @param set          stores a value with a ttl ({@code null} = no expiry)
     * @param delete       removes a key
     * @param getAndDelete atomically reads and removes a key: of concurrent callers at most one gets the value
     * @param increment    atomic counter, see {@link Incrementer}
     * @throws NullPointerException naming the missing function
     */
    public static FunctionStorage of(Function<String, String> get, Setter set, Consumer<String> delete,
                                     Function<String, String> getAndDelete, Incrementer increment) {
        return new FunctionStorage(get, set, delete, getAndDelete, increment);
    }

    @Override
    public String get(String key) {
        return call("get", () -> getter.apply(key));
    }

    @Override
    public void set(String key, String value, Duration ttl) {
        Objects.requireNonNull(value, "value");
        Duration normalized = normalize(ttl);
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

    /** The {@code getAndDelete} function: atomic as that function is. */
    @Override
    public String getAndDelete(String key) {
        return call("getAndDelete", () -> getAndDeleter.apply(key));
    }

    /**
     * The {@code increment} function: atomic as that function is.
     *
     * @throws StorageException when the function answers less than 1 (not the value after an increment)
     */
    @Override
    public long increment(String key, Duration ttl) {
        Duration normalized = normalize(ttl);
        long n = call("increment of key \"" + key + "\"", () -> incrementer.increment(key, normalized));
        if (n < 1) {
            throw new StorageException("secondary storage increment returned " + n
                    + "; expected the value after the increment (at least 1)");
        }
        return n;
    }

    private static Duration normalize(Duration ttl) {
        long millis = Ttl.millis(ttl);
        return millis == 0 ? null : Duration.ofMillis(millis);
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
