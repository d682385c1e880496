package dev.authstash.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authstash.testkit.Cases;
import org.junit.jupiter.api.Test;

class RateLimitKeysPropertyTest {
    private static final RateLimitRule RULE = new RateLimitRule("r", 60, 5, Algorithm.SLIDING_WINDOW);

    @Test
    void anyClientKeyGivesOneFixedShapeKey() {
        Cases.check(2000, gen -> {
            String client = gen.string();
            assertThat(RateLimitKeys.of(RULE, client)).as("client %s", client).matches("rl:\\{[A-Za-z0-9_-]{22}\\}");
        });
    }

    @Test
    void differentClientsGiveDifferentKeys() {
        Cases.check(2000, gen -> {
            String a = gen.string();
            String b = gen.string();
            while (b.equals(a)) {
                b = gen.string();
            }
            assertThat(RateLimitKeys.of(RULE, a)).as("%s vs %s", a, b).isNotEqualTo(RateLimitKeys.of(RULE, b));
        });
    }
}
