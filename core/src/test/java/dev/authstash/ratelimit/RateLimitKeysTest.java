package dev.authstash.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RateLimitKeysTest {
    private static final RateLimitRule RULE = new RateLimitRule("/sign-in/email", 60, 5, Algorithm.FIXED_WINDOW);
    private static final String SHAPE = "rl:\\{[A-Za-z0-9_-]{22}\\}";

    @Test
    void hostileClientKeysGiveDistinctBoundedKeysWithOneHashTag() {
        List<String> clients = List.of("1.2.3.4", "1.2.3.4:", ":1.2.3.4", "a}b", "{x}", "}", "{", "a\nb", "a\n",
                "x".repeat(10_240), "x".repeat(10_241), "", "rl:{abc}", "1.2.3.4\n60", "a\uD800", "a\uD801", "a?",
                "\u0000", "é");
        Set<String> keys = new HashSet<>();
        for (String c : clients) {
            String key = RateLimitKeys.of(RULE, c);
            assertThat(key).matches(SHAPE).hasSize(27);
            assertThat(key.chars().filter(ch -> ch == '{').count()).isEqualTo(1);
            keys.add(key);
        }
        assertThat(keys).hasSize(clients.size());
        assertThat(RateLimitKeys.of(RULE, "1.2.3.4")).isEqualTo(RateLimitKeys.of(RULE, "1.2.3.4"));
    }

    @Test
    void everyRuleFieldIsPartOfTheKey() {
        String base = RateLimitKeys.of(RULE, "c");
        assertThat(RateLimitKeys.of(new RateLimitRule("/sign-up/email", 60, 5, Algorithm.FIXED_WINDOW), "c"))
                .isNotEqualTo(base);
        assertThat(RateLimitKeys.of(new RateLimitRule("/sign-in/email", 61, 5, Algorithm.FIXED_WINDOW), "c"))
                .isNotEqualTo(base);
        assertThat(RateLimitKeys.of(new RateLimitRule("/sign-in/email", 60, 6, Algorithm.FIXED_WINDOW), "c"))
                .isNotEqualTo(base);
        assertThat(RateLimitKeys.of(new RateLimitRule("/sign-in/email", 60, 5, Algorithm.TOKEN_BUCKET), "c"))
                .isNotEqualTo(base);
    }
}
