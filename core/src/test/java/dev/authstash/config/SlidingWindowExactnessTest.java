package dev.authstash.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.authstash.ratelimit.Algorithm;
import dev.authstash.ratelimit.RateLimitRule;
import org.junit.jupiter.api.Test;

/**
 * Issue 10 "Also": a sliding-window rule is exact only while max × window (ms) < 2^53, so larger ones are refused
 * at start-up naming the path. For a one-day window (86 400 000 ms) the largest exact max is
 * floor((2^53 − 1) / 86 400 000) = 104 249 991.
 */
class SlidingWindowExactnessTest {
    private static final String TOO_BIG = "expected at most 104249991 for sliding-window with a 86400 s window (max ×"
            + " window in milliseconds must stay below 2^53), got 104249992";

    private static AuthstashConfig parse(String rateLimit) {
        return ConfigLoader.parse("{\"rateLimit\":" + rateLimit + "}", name -> null);
    }

    @Test
    void aCustomSlidingWindowRuleAtTheBoundIsAcceptedAndOneAboveIsRefusedNamingItsMax() {
        assertThat(parse("{\"customRules\":{\"/a\":{\"window\":86400,\"max\":104249991,\"algorithm\":\"sliding-window\"}}}")
                .rateLimit().customRules()).hasSize(1);
        assertThatThrownBy(() -> parse("{\"customRules\":{\"/a\":{\"window\":86400,\"max\":104249992,"
                + "\"algorithm\":\"sliding-window\"}}}"))
                .hasMessage("rateLimit.customRules.\"/a\".max: " + TOO_BIG);
    }

    @Test
    void theGlobalAlgorithmAppliesToRulesWithoutOne() {
        assertThatThrownBy(() -> parse("{\"algorithm\":\"sliding-window\",\"customRules\":{\"/a\":{\"window\":86400,"
                + "\"max\":104249992}}}"))
                .hasMessage("rateLimit.customRules.\"/a\".max: " + TOO_BIG);
        assertThatThrownBy(() -> parse("{\"algorithm\":\"sliding-window\",\"window\":86400,\"max\":104249992}"))
                .hasMessage("rateLimit.max: " + TOO_BIG);
        assertThat(parse("{\"algorithm\":\"fixed-window\",\"window\":86400,\"max\":2147483647}").rateLimit().max())
                .as("other algorithms are exact at any size").isEqualTo(2147483647L);
    }

    @Test
    void theBuilderAndExplicitRulesAreCheckedToo() {
        assertThatThrownBy(() -> AuthstashConfig.builder().customRule("/a", 86400, 104249992, Algorithm.SLIDING_WINDOW))
                .hasMessage("rateLimit.customRules.\"/a\".max: " + TOO_BIG);
        assertThatThrownBy(() -> new RateLimitRule("Imports#create", 86400, 104249992, Algorithm.SLIDING_WINDOW))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("max must be at most 104249991 for sliding-window with a 86400 s window (max × window in"
                        + " milliseconds must stay below 2^53), got 104249992");
        assertThat(RateLimitRule.largestExactMax(Algorithm.SLIDING_WINDOW, 1)).isEqualTo(9_007_199_254_740L);
        assertThat(RateLimitRule.largestExactMax(Algorithm.SLIDING_WINDOW, Long.MAX_VALUE)).isZero();
        assertThat(RateLimitRule.largestExactMax(Algorithm.TOKEN_BUCKET, 86400)).isEqualTo(Long.MAX_VALUE);
    }
}
