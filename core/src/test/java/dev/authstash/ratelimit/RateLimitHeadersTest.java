package dev.authstash.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authstash.testkit.Race;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateLimitHeadersTest {
    @Test
    void policyAndStateInStructuredFieldForm() {
        RateLimitRule rule = new RateLimitRule("/sign-in/email", 60, 5, Algorithm.FIXED_WINDOW);
        RateLimitDecision d = new RateLimitDecision(true, rule, 3, 42, 0);
        assertThat(RateLimitHeaders.policy(d)).isEqualTo("\"/sign-in/email\";q=5;w=60");
        assertThat(RateLimitHeaders.state(d)).isEqualTo("\"/sign-in/email\";r=3;t=42");
    }

    @Test
    void ruleIdIsEscapedAndNonPrintableCharactersReplaced() {
        RateLimitRule rule = new RateLimitRule("a\"b\\c\nd\u00e9\u0000e\u007f", 1, 1, Algorithm.TOKEN_BUCKET);
        RateLimitDecision d = new RateLimitDecision(false, rule, 0, 1, 1);
        assertThat(RateLimitHeaders.policy(d)).isEqualTo("\"a\\\"b\\\\c_d__e_\";q=1;w=1");
        assertThat(RateLimitHeaders.state(d)).isEqualTo("\"a\\\"b\\\\c_d__e_\";r=0;t=1");
    }

    @Test
    void retryAfterAndBody() {
        RateLimitRule rule = new RateLimitRule("default", 10, 1, Algorithm.FIXED_WINDOW);
        assertThat(RateLimitHeaders.retryAfter(new RateLimitDecision(false, rule, 0, 7, 7))).isEqualTo("7");
        assertThat(RateLimitHeaders.retryAfter(0)).isEqualTo("1");
        assertThat(RateLimitHeaders.TOO_MANY_REQUESTS_BODY)
                .isEqualTo("{\"message\":\"Too many requests. Please try again later.\"}");
    }

    /**
     * Policy texts are built once per rule and reused; rules sharing an id but not their numbers, and far more rules
     * than cached slots, each get their own text, also while threads race on the cache.
     */
    @Test
    void reusedPolicyTextsAlwaysMatchTheirRule() throws Exception {
        List<Integer> wrong = Race.run(8, thread -> {
            int mismatches = 0;
            for (int i = 0; i < 20_000; i++) {
                int n = 1 + (i * 7 + thread) % 500;
                RateLimitRule rule = new RateLimitRule(n % 2 == 0 ? "/same" : "/r" + n, 10 + n % 3, n,
                        Algorithm.FIXED_WINDOW);
                RateLimitDecision d = new RateLimitDecision(true, rule, n - 1, 5, 0);
                String id = n % 2 == 0 ? "\"/same\"" : "\"/r" + n + "\"";
                if (!RateLimitHeaders.policy(d).equals(id + ";q=" + n + ";w=" + (10 + n % 3))
                        || !RateLimitHeaders.state(d).equals(id + ";r=" + (n - 1) + ";t=5")) {
                    mismatches++;
                }
            }
            return mismatches;
        });
        assertThat(wrong).containsOnly(0);
    }
}
