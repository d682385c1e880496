package dev.authstash.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

class RateLimitKeysPropertyTest {
    private static final RateLimitRule RULE = new RateLimitRule("r", 60, 5, Algorithm.SLIDING_WINDOW);

    @Property(tries = 2000)
    void anyClientKeyGivesOneFixedShapeKey(@ForAll String client) {
        assertThat(RateLimitKeys.of(RULE, client)).matches("rl:\\{[A-Za-z0-9_-]{22}\\}");
    }

    @Property(tries = 2000)
    void differentClientsGiveDifferentKeys(@ForAll String a, @ForAll String b) {
        Assume.that(!a.equals(b));
        assertThat(RateLimitKeys.of(RULE, a)).isNotEqualTo(RateLimitKeys.of(RULE, b));
    }
}
