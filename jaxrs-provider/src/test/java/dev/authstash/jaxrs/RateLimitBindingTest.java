package dev.authstash.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.authstash.ratelimit.Algorithm;
import dev.authstash.ratelimit.HeaderKeys;
import dev.authstash.ratelimit.RateLimitRule;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which rule {@link AnnotationLimits} enforces on to which resource method, and its errors for bad annotations. */
class RateLimitBindingTest {
    private final AnnotationLimits limits = new AnnotationLimits(null, r -> null, Algorithm.SLIDING_WINDOW,
            HeaderKeys.none());

    @RateLimit(window = 60, max = 5)
    static class Limited {
        public void shared() {}

        @RateLimit(window = 10, max = 1, key = RateLimit.Key.USER)
        public void own() {}
    }

    static class Plain {
        public void free() {}

        @RateLimit(window = 0, max = 1)
        public void zeroWindow() {}

        @RateLimit(window = 1, max = 1, key = RateLimit.Key.HEADER, header = " ")
        public void noHeader() {}
    }

    @Test
    void aMethodAnnotationBeatsTheClassAnnotation() {
        assertThat(bind(Limited.class, "own"))
                .containsExactly(new RateLimitRule("Limited#own", 10, 1, Algorithm.SLIDING_WINDOW));
        assertThat(bind(Limited.class, "shared"))
                .containsExactly(new RateLimitRule("Limited", 60, 5, Algorithm.SLIDING_WINDOW));
        assertThat(bind(Plain.class, "free")).isEmpty();
    }

    @Test
    void badAnnotationsFailWithTheMethodAndTheValue() {
        assertThatThrownBy(() -> bind(Plain.class, "zeroWindow")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("@RateLimit on Plain#zeroWindow: window must be a positive integer (seconds), got 0");
        assertThatThrownBy(() -> bind(Plain.class, "noHeader")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("@RateLimit on Plain#noHeader: key = HEADER needs a header name");
    }

    /** The rule enforced on one method (none or one). */
    private List<RateLimitRule> bind(Class<?> type, String method) {
        List<RateLimitRule> rules = new ArrayList<>();
        try {
            AnnotationRateLimitFilter filter = limits.filter(type, type.getMethod(method));
            if (filter != null) {
                rules.add(filter.rule());
            }
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
        return rules;
    }
}
