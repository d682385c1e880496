package dev.authstash.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authstash.testkit.MutableClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A route whose every rule keys on a client-chosen body field is named in a start-up WARN. */
class ClientChosenKeyWarningTest {
    private static String startUpLog(List<CustomRule> rules) {
        PrintStream original = System.err;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            MutableClock clock = new MutableClock();
            RateLimiter.create("", new RateLimitSettings(true, 60, 100, Algorithm.FIXED_WINDOW, false, rules,
                    OnStorageError.LOCAL, false), new MemoryRateLimitStore(clock, 10), clock);
        } finally {
            System.setErr(original);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }

    private static RateLimitRule rule(String id, String key) {
        return new RateLimitRule(id, 60, 5, Algorithm.FIXED_WINDOW, RuleKey.parse(key), Set.of(), Set.of());
    }

    @Test
    void onlyRoutesWithoutARuleTheClientCannotSteerAreNamed() {
        assertThat(startUpLog(List.of(CustomRule.of("/sign-in/email", List.of(rule("/sign-in/email", "ip+body:email"))))))
                .contains("rateLimit.customRules.\"/sign-in/email\" keys on a body field or parameter the client chooses");
        assertThat(startUpLog(List.of(CustomRule.of("/login", List.of(rule("/login", "param:username"))))))
                .contains("rateLimit.customRules.\"/login\" keys on a body field or parameter the client chooses");
        assertThat(startUpLog(List.of(CustomRule.of("/sign-in/email",
                List.of(rule("/sign-in/email", "ip"), rule("/sign-in/email#2", "body:email"))))))
                .doesNotContain("keys on a body field");
        assertThat(startUpLog(List.of(CustomRule.of("/login",
                List.of(rule("/login", "ip"), rule("/login#2", "param:username"))))))
                .doesNotContain("keys on a body field");
    }
}
