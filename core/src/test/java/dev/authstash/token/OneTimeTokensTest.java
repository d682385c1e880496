package dev.authstash.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.authstash.session.Backend;
import dev.authstash.storage.SecondaryStorage;
import dev.authstash.testkit.Race;
import dev.authstash.testkit.MutableClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class OneTimeTokensTest {
    private final MutableClock clock = new MutableClock();
    private SecondaryStorage storage;

    private OneTimeTokens open(Backend backend) {
        storage = backend.open(clock);
        return new OneTimeTokens(storage, OneTimeSettings.defaults());
    }

    @AfterEach
    void close() {
        if (storage != null) {
            storage.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void twoThreadsConsumingOneResetTokenAtOnceExactlyOneWinsHundredTimesOver(Backend backend) throws Exception {
        OneTimeTokens tokens = open(backend);
        for (int round = 0; round < 100; round++) {
            String token = tokens.issuePasswordReset("user-" + round);
            int winners = 0;
            for (Optional<String> r : Race.run(2, t -> tokens.consumePasswordReset(token))) {
                if (r.isPresent()) {
                    assertThat(r).contains("user-" + round);
                    winners++;
                }
            }
            assertThat(winners).as("round %d", round).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void tokensAreRandomSingleUseAndBoundToTheirPurpose(Backend backend) {
        OneTimeTokens tokens = open(backend);
        String reset = tokens.issuePasswordReset("a@example.com");
        String verify = tokens.issueEmailVerification("a@example.com");
        assertThat(reset).hasSize(43).matches("[A-Za-z0-9_-]+").isNotEqualTo(verify);
        assertThat(tokens.consumeEmailVerification(reset)).isEmpty();
        assertThat(tokens.consumePasswordReset(reset)).contains("a@example.com");
        assertThat(tokens.consumePasswordReset(reset)).isEmpty();
        assertThat(tokens.consume(OneTimeTokens.EMAIL_VERIFICATION, verify)).contains("a@example.com");
        for (String garbage : new String[] {null, "", "x".repeat(100_000), "a b", "ü"}) {
            assertThat(tokens.consumePasswordReset(garbage)).isEmpty();
        }
    }

    @Test
    void tokensExpireAfterTheirLifetime() {
        OneTimeTokens tokens = open(Backend.MEMORY);
        String reset = tokens.issuePasswordReset("a@example.com");
        String custom = tokens.issue("invite", "team-7", Duration.ofMinutes(10));
        clock.advance(Duration.ofMinutes(59));
        String verify = tokens.issueEmailVerification("b@example.com");
        assertThat(tokens.consume("invite", custom)).isEmpty();
        clock.advance(Duration.ofMinutes(1));
        assertThat(tokens.consumePasswordReset(reset)).isEmpty();
        assertThat(tokens.consumeEmailVerification(verify)).contains("b@example.com");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void threeWrongCodesVoidTheOtpAndAFreshCodeIsAcceptedOnce(Backend backend) {
        OneTimeTokens tokens = open(backend);
        String code = tokens.issueOtp("sign-in", "a@example.com");
        assertThat(code).hasSize(6).containsOnlyDigits();
        String wrong = wrong(code);
        for (int i = 0; i < 3; i++) {
            assertThat(tokens.verifyOtp("sign-in", "a@example.com", wrong)).isEqualTo(OtpResult.INVALID);
        }
        assertThat(tokens.verifyOtp("sign-in", "a@example.com", code)).isEqualTo(OtpResult.TOO_MANY_ATTEMPTS);
        String fresh = tokens.issueOtp("sign-in", "a@example.com");
        assertThat(tokens.verifyOtp("sign-in", "a@example.com", wrong(fresh))).isEqualTo(OtpResult.INVALID);
        assertThat(tokens.verifyOtp("sign-in", "a@example.com", fresh)).isEqualTo(OtpResult.VERIFIED);
        assertThat(tokens.verifyOtp("sign-in", "a@example.com", fresh)).isEqualTo(OtpResult.EXPIRED_OR_MISSING);
        assertThat(tokens.verifyOtp("sign-in", "b@example.com", fresh)).isEqualTo(OtpResult.EXPIRED_OR_MISSING);
    }

    @Test
    void otpsExpireAfterFiveMinutesAndKeepLeadingZeros() {
        OneTimeTokens tokens = open(Backend.MEMORY);
        String code = tokens.issueOtp("sign-in", "a@example.com");
        clock.advance(Duration.ofMinutes(5));
        assertThat(tokens.verifyOtp("sign-in", "a@example.com", code)).isEqualTo(OtpResult.EXPIRED_OR_MISSING);
        boolean leadingZero = false;
        for (int i = 0; i < 300 && !leadingZero; i++) {
            leadingZero = tokens.issueOtp("sign-in", "z" + i).startsWith("0");
        }
        assertThat(leadingZero).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void concurrentGuessesGetAtMostAllowedAttemptsComparisons(Backend backend) throws Exception {
        OneTimeTokens tokens = open(backend);
        String code = tokens.issueOtp("sign-in", "victim");
        int threads = 200;
        Map<OtpResult, AtomicInteger> counts = new ConcurrentHashMap<>();
        List<OtpResult> results = Race.run(threads, i -> tokens.verifyOtp("sign-in", "victim",
                i == threads - 1 ? code : String.format("%06d", (Integer.parseInt(code) + 1 + i) % 1_000_000)));
        results.forEach(r -> counts.computeIfAbsent(r, k -> new AtomicInteger()).incrementAndGet());
        int compared = counts.getOrDefault(OtpResult.INVALID, new AtomicInteger()).get()
                + counts.getOrDefault(OtpResult.VERIFIED, new AtomicInteger()).get();
        assertThat(compared).isLessThanOrEqualTo(3);
        assertThat(counts.getOrDefault(OtpResult.VERIFIED, new AtomicInteger()).get()).isLessThanOrEqualTo(1);
        assertThat(tokens.verifyOtp("sign-in", "victim", code)).isIn(OtpResult.TOO_MANY_ATTEMPTS,
                OtpResult.EXPIRED_OR_MISSING);
    }

    @Test
    void refusesBadInputNamingTheField() {
        OneTimeTokens tokens = open(Backend.MEMORY);
        assertThatThrownBy(() -> tokens.issue("Bad Purpose", "x", Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("purpose: expected 1 to 64 of [a-z0-9_-] starting with a letter or digit, got \"Bad Purpose\"");
        assertThatThrownBy(() -> tokens.issue("p", "x", Duration.ZERO))
                .hasMessage("ttl: expected a positive duration, got PT0S");
        assertThatThrownBy(() -> tokens.issueOtp("p", ""))
                .hasMessage("identifier: expected 1 to 320 characters, got 0 characters");
        assertThatThrownBy(() -> new OneTimeTokens(storage, OneTimeSettings.defaults(), new byte[8]))
                .hasMessage("otpKey: expected at least 32 bytes, got 8");
        assertThat(tokens.verifyOtp("p", "x", "x".repeat(1_000_000))).isEqualTo(OtpResult.EXPIRED_OR_MISSING);
    }

    private static String wrong(String code) {
        return String.format("%06d", (Integer.parseInt(code) + 1) % 1_000_000);
    }
}
