package dev.authstash.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authstash.testkit.Race;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * The contract plus atomicity: of 200 concurrent {@code getAndDelete} callers exactly one gets the
 * value; 200 concurrent incrementers lose no increment; an increment's ttl is set only on creation.
 */
abstract class AtomicStorageContractTest extends SecondaryStorageContractTest {
    static final int THREADS = 200;

    /** {@code n} storages over the same data, as {@code n} application instances would see it. */
    protected List<SecondaryStorage> instances(int n) {
        return Collections.nCopies(n, storage);
    }

    @Test
    void getAndDeleteHandsEachValueToExactlyOneOf200Threads() throws Exception {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            keys.add(key("single-use-" + i));
            storage.set(keys.get(i), "value-" + i, Duration.ofMinutes(1));
        }
        List<SecondaryStorage> apps = instances(4);
        List<List<String>> results = race(t -> {
            List<String> got = new ArrayList<>();
            for (String k : keys) {
                got.add(apps.get(t % apps.size()).getAndDelete(k));
            }
            return got;
        });
        for (int i = 0; i < keys.size(); i++) {
            int index = i;
            List<String> winners = results.stream().map(r -> r.get(index)).filter(Objects::nonNull).toList();
            assertThat(winners).as("winners of key %d", i).containsExactly("value-" + i);
        }
    }

    @Test
    void incrementLosesNothingUnder200Threads() throws Exception {
        String k = key("hot-counter");
        int perThread = 25;
        List<SecondaryStorage> apps = instances(4);
        List<List<Long>> results = race(t -> {
            List<Long> seen = new ArrayList<>();
            for (int i = 0; i < perThread; i++) {
                seen.add(apps.get(t % apps.size()).increment(k, Duration.ofMinutes(1)));
            }
            return seen;
        });
        List<Long> all = results.stream().flatMap(List::stream).sorted().toList();
        int total = THREADS * perThread;
        assertThat(all).hasSize(total).doesNotHaveDuplicates();
        assertThat(all.get(0)).isEqualTo(1);
        assertThat(all.get(total - 1)).isEqualTo(total);
        assertThat(storage.get(k)).isEqualTo(Integer.toString(total));
    }

    @Test
    void incrementTtlIsSetOnlyWhenTheKeyIsCreated() {
        String k = key("window");
        assertThat(storage.increment(k, shortTtl())).isEqualTo(1);
        assertThat(storage.increment(k, Duration.ofHours(1))).isEqualTo(2);
        awaitExpiry(k);
        assertThat(storage.get(k)).as("the later, longer ttl must not replace the first").isNull();
    }

    /** Runs {@code body} on {@link #THREADS} threads released together by one latch. */
    static <T> List<T> race(Race.Body<T> body) throws Exception {
        return Race.run(THREADS, body);
    }
}
