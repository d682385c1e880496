package dev.authstash.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.authstash.testkit.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * {@link FunctionStorage} over a {@link ConcurrentHashMap} with deadlines from a {@link MutableClock}; its
 * {@code getAndDelete} and {@code increment} functions are atomic ({@code remove}, {@code compute}), so it passes
 * the whole atomic contract, as a store written to Better Auth 1.7's interface must.
 */
class FunctionStorageTest extends AtomicStorageContractTest {
    private record Entry(String value, long deadline) {}

    private final MutableClock clock = new MutableClock();
    private final Map<String, Entry> map = new ConcurrentHashMap<>();
    private final List<Duration> ttlsSeen = Collections.synchronizedList(new ArrayList<>());

    private boolean live(Entry e) {
        return e != null && e.deadline() > clock.millis();
    }

    private long deadline(Duration ttl) {
        return ttl == null ? Long.MAX_VALUE : clock.millis() + ttl.toMillis();
    }

    @Override
    protected SecondaryStorage newStorage() {
        return FunctionStorage.of(
                k -> {
                    Entry e = map.get(k);
                    return live(e) ? e.value() : null;
                },
                (k, v, ttl) -> {
                    ttlsSeen.add(ttl);
                    map.put(k, new Entry(v, deadline(ttl)));
                },
                map::remove,
                k -> {
                    Entry e = map.remove(k);
                    return live(e) ? e.value() : null;
                },
                (k, ttl) -> Long.parseLong(map.compute(k, (key, e) -> live(e)
                        ? new Entry(Long.toString(Long.parseLong(e.value()) + 1), e.deadline())
                        : new Entry("1", deadline(ttl))).value()));
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
    void theAtomicFunctionsAreRequiredAndNamedWhenMissing() {
        assertThatThrownBy(() -> FunctionStorage.of(k -> null, (k, v, t) -> {}, k -> {}, null, (k, t) -> 1))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("getAndDelete: an atomic read-and-remove is required (single-use tokens and OTPs)");
        assertThatThrownBy(() -> FunctionStorage.of(k -> null, (k, v, t) -> {}, k -> {}, k -> null, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("increment: an atomic counter is required (rate limits and OTP attempts)");
    }

    @Test
    void anIncrementFunctionAnsweringBelowOneIsAStorageFailure() {
        SecondaryStorage wrong = FunctionStorage.of(k -> null, (k, v, t) -> {}, k -> {}, k -> null, (k, t) -> 0);
        assertThatThrownBy(() -> wrong.increment("k", Duration.ofSeconds(1))).isInstanceOf(StorageException.class)
                .hasMessage("secondary storage increment returned 0; expected the value after the increment (at least 1)");
    }

    @Test
    void failuresOfTheFunctionsBecomeStorageExceptions() {
        SecondaryStorage broken = FunctionStorage.of(
                k -> { throw new IllegalStateException("secret-value"); },
                (k, v, t) -> { throw new IllegalStateException("down"); },
                k -> { throw new IllegalStateException("down"); },
                k -> { throw new IllegalStateException("down"); },
                (k, t) -> { throw new IllegalStateException("down"); });
        assertThatThrownBy(() -> broken.get("k")).isInstanceOf(StorageException.class)
                .hasMessage("secondary storage get failed (IllegalStateException)");
        assertThatThrownBy(() -> broken.set("k", "v", null)).isInstanceOf(StorageException.class)
                .hasMessageContaining("set failed");
        assertThatThrownBy(() -> broken.delete("k")).isInstanceOf(StorageException.class)
                .hasMessageContaining("delete failed");
        assertThatThrownBy(() -> broken.getAndDelete("k")).isInstanceOf(StorageException.class)
                .hasMessageContaining("getAndDelete failed");
        assertThatThrownBy(() -> broken.increment("k", null)).isInstanceOf(StorageException.class)
                .hasMessage("secondary storage increment of key \"k\" failed (IllegalStateException)");
    }
}
