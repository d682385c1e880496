package dev.authstash.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.authstash.testkit.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * {@link FunctionStorage} over a {@link ConcurrentHashMap} with deadlines from a {@link MutableClock}.
 * It extends only the basic contract: getAndDelete and increment are best-effort, not atomic, by design
 * (three functions cannot do better), so the atomicity tests of {@link AtomicStorageContractTest}
 * and its ttl-only-on-creation test are excluded.
 */
class FunctionStorageTest extends SecondaryStorageContractTest {
    private record Entry(String value, long deadline) {}

    private final MutableClock clock = new MutableClock();
    private final Map<String, Entry> map = new ConcurrentHashMap<>();
    private final List<Duration> ttlsSeen = new ArrayList<>();

    @Override
    protected SecondaryStorage newStorage() {
        return FunctionStorage.of(
                k -> {
                    Entry e = map.get(k);
                    return e == null || e.deadline() <= clock.millis() ? null : e.value();
                },
                (k, v, ttl) -> {
                    ttlsSeen.add(ttl);
                    map.put(k, new Entry(v, ttl == null ? Long.MAX_VALUE : clock.millis() + ttl.toMillis()));
                },
                map::remove);
    }

    @Override
    protected Duration shortTtl() {
        return Duration.ofSeconds(10);
    }

    @Override
    protected void awaitExpiry(String key) {
        clock.advance(shortTtl());
    }

    @Test
    void noExpiryReachesTheSetterAsNullAndTtlsAsWholeMilliseconds() {
        storage.set("a", "1", Duration.ZERO);
        storage.set("b", "1", Duration.ofNanos(1_500_000));
        assertThat(ttlsSeen).containsExactly(null, Duration.ofMillis(2));
    }

    @Test
    void failuresOfTheFunctionsBecomeStorageExceptions() {
        SecondaryStorage broken = FunctionStorage.of(
                k -> { throw new IllegalStateException("secret-value"); },
                (k, v, t) -> { throw new IllegalStateException("down"); },
                k -> { throw new IllegalStateException("down"); });
        assertThatThrownBy(() -> broken.get("k")).isInstanceOf(StorageException.class)
                .hasMessage("secondary storage get failed (IllegalStateException)");
        assertThatThrownBy(() -> broken.set("k", "v", null)).isInstanceOf(StorageException.class)
                .hasMessageContaining("set failed");
        assertThatThrownBy(() -> broken.delete("k")).isInstanceOf(StorageException.class)
                .hasMessageContaining("delete failed");
    }
}
