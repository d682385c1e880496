package dev.authstash.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.authstash.testkit.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@link MemoryStorage} passes the atomic contract; expiry driven by a {@link MutableClock}. */
class MemoryStorageTest extends AtomicStorageContractTest {
    private final MutableClock clock = new MutableClock();

    @Override
    protected SecondaryStorage newStorage() {
        return new MemoryStorage(100_000, clock);
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
    void valueLivesUntilTheLastMillisecondOfItsTtl() {
        storage.set("k", "v", Duration.ofMillis(1500));
        clock.advance(Duration.ofMillis(1499));
        assertThat(storage.get("k")).isEqualTo("v");
        clock.advance(Duration.ofMillis(1));
        assertThat(storage.get("k")).isNull();
    }

    @Test
    void existingCounterKeepsItsFirstDeadline() {
        storage.increment("c", Duration.ofSeconds(10));
        clock.advance(Duration.ofSeconds(9));
        assertThat(storage.increment("c", Duration.ofSeconds(10))).isEqualTo(2);
        clock.advance(Duration.ofSeconds(1));
        assertThat(storage.increment("c", Duration.ofSeconds(10))).isEqualTo(1);
    }

    @Test
    void aFloodOfDistinctKeysStaysWithinMaxEntries() {
        MemoryStorage small = new MemoryStorage(100, clock);
        for (int i = 0; i < 20_000; i++) {
            small.set("flood-" + i, "x", null);
            small.increment("count-" + i, null);
        }
        assertThat(small.size()).isLessThanOrEqualTo(100);
        small.set("fresh", "v", null);
        assertThat(small.get("fresh")).isEqualTo("v");
    }

    @Test
    void maxEntriesMustBePositive() {
        assertThatThrownBy(() -> new MemoryStorage(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("memoryMaxEntries must be at least 1, got 0");
    }
}
