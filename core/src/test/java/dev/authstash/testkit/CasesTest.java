package dev.authstash.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CasesTest {
    @Test
    void aFailureNamesTheSeedAndTheCaseAndKeepsTheCause() {
        assertThatThrownBy(() -> Cases.check(100, 42L, gen -> assertThat(gen.between(0, 9)).isLessThan(5)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("with seed 42 (rerun with -Dauthstash.seed=42)")
                .hasMessageMatching("(?s)property failed at case \\d+ of 100 .*")
                .hasCauseInstanceOf(AssertionError.class);
    }

    @Test
    void theSameSeedDrawsTheSameCases() {
        assertThat(draw(7L)).isEqualTo(draw(7L)).isNotEqualTo(draw(8L));
    }

    @Test
    void theSeedComesFromThePropertyElseIsFresh() {
        assertThat(Cases.seed("-123")).isEqualTo(-123L);
        assertThat(Cases.seed(" 5 ")).isEqualTo(5L);
        assertThat(List.of(Cases.seed(null), Cases.seed(null), Cases.seed(""))).doesNotHaveDuplicates();
    }

    @Test
    void runsEveryCaseWhenTheyPass() {
        List<Integer> seen = new ArrayList<>();
        Cases.check(300, 1L, gen -> seen.add(gen.between(-3, 3)));
        assertThat(seen).hasSize(300).allMatch(v -> v >= -3 && v <= 3).contains(-3, 0, 3);
    }

    @Test
    void stringsReachEmptyLongAndEveryKindOfChar() {
        List<String> strings = new ArrayList<>();
        Cases.check(2000, 3L, gen -> strings.add(gen.string()));
        assertThat(strings).contains("").allMatch(s -> s.length() <= 255);
        assertThat(strings).anyMatch(s -> s.length() > 100);
        String all = String.join("", strings);
        assertThat(all.chars()).anyMatch(c -> c < 0x20).anyMatch(c -> c > 0x7f && c < 0xd800)
                .anyMatch(c -> Character.isLowSurrogate((char) (int) c)).anyMatch(c -> Character.isHighSurrogate((char) (int) c));
    }

    private static List<Object> draw(long seed) {
        List<Object> out = new ArrayList<>();
        Cases.check(50, seed, gen -> {
            out.add(gen.string());
            out.add(gen.between(0, 1000));
            out.add(gen.list(5, gen::bool));
        });
        return out;
    }
}
