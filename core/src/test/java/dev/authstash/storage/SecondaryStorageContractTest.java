package dev.authstash.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link SecondaryStorage} shares (get/set/delete, ttl, expiry, getAndDelete,
 * increment), run against each implementation by a subclass. Atomicity is in
 * {@link AtomicStorageContractTest}, which only the atomic storages extend.
 */
abstract class SecondaryStorageContractTest {
    protected SecondaryStorage storage;

    /** A fresh storage for one test. */
    protected abstract SecondaryStorage newStorage();

    /** A ttl short enough for {@link #awaitExpiry} to let it pass. */
    protected abstract Duration shortTtl();

    /** Lets {@link #shortTtl()} pass for {@code key} (move a clock, or poll Redis until it is gone). */
    protected abstract void awaitExpiry(String key);

    @BeforeEach
    void openStorage() {
        storage = newStorage();
    }

    @AfterEach
    void closeStorage() {
        storage.close();
    }

    /** A key no other test (or earlier run on a shared server) uses. */
    protected static String key(String name) {
        return "t:" + name + ":" + UUID.randomUUID();
    }

    @Test
    void absentKeyReadsNull() {
        assertThat(storage.get(key("absent"))).isNull();
        assertThat(storage.getAndDelete(key("absent"))).isNull();
    }

    @Test
    void setGetOverwriteDelete() {
        String k = key("crud");
        storage.set(k, "v1", null);
        assertThat(storage.get(k)).isEqualTo("v1");
        storage.set(k, "v2", Duration.ofMinutes(5));
        assertThat(storage.get(k)).isEqualTo("v2");
        storage.delete(k);
        assertThat(storage.get(k)).isNull();
        storage.delete(k);
    }

    @Test
    void ttlEndsTheValueWhileNoTtlOrZeroKeepsIt() {
        String expiring = key("expiring");
        String forever = key("forever");
        String zero = key("zero");
        String overwritten = key("overwritten");
        storage.set(expiring, "gone soon", shortTtl());
        storage.set(forever, "stays", null);
        storage.set(zero, "stays", Duration.ZERO);
        storage.set(overwritten, "first", shortTtl());
        storage.set(overwritten, "second", null);
        assertThat(storage.get(expiring)).isEqualTo("gone soon");
        awaitExpiry(expiring);
        assertThat(storage.get(expiring)).isNull();
        assertThat(storage.getAndDelete(expiring)).isNull();
        assertThat(storage.get(forever)).isEqualTo("stays");
        assertThat(storage.get(zero)).isEqualTo("stays");
        assertThat(storage.get(overwritten)).as("set without ttl replaces the earlier ttl").isEqualTo("second");
    }

    @Test
    void getAndDeleteReturnsTheValueOnce() {
        String k = key("once");
        storage.set(k, "token-hash", Duration.ofMinutes(1));
        assertThat(storage.getAndDelete(k)).isEqualTo("token-hash");
        assertThat(storage.getAndDelete(k)).isNull();
        assertThat(storage.get(k)).isNull();
    }

    @Test
    void incrementCountsFromOneAndIsReadableAsText() {
        String k = key("counter");
        assertThat(storage.increment(k, Duration.ofMinutes(1))).isEqualTo(1);
        assertThat(storage.increment(k, Duration.ofMinutes(1))).isEqualTo(2);
        assertThat(storage.increment(k, null)).isEqualTo(3);
        assertThat(storage.get(k)).isEqualTo("3");
    }

    @Test
    void expiredCounterRestartsAtOne() {
        String k = key("restart");
        storage.increment(k, shortTtl());
        storage.increment(k, shortTtl());
        awaitExpiry(k);
        assertThat(storage.increment(k, shortTtl())).isEqualTo(1);
    }

    @Test
    void incrementOfTextFailsNamingTheKey() {
        String k = key("text");
        storage.set(k, "not-a-number", null);
        assertThatThrownBy(() -> storage.increment(k, null))
                .isInstanceOf(StorageException.class).hasMessageContaining(k).hasMessageNotContaining("not-a-number");
    }

    @Test
    void negativeTtlIsRejected() {
        assertThatThrownBy(() -> storage.set(key("neg"), "v", Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ttl must not be negative");
    }
}
