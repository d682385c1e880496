package dev.authstash.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.authstash.storage.FunctionStorage;
import dev.authstash.storage.MemoryStorage;
import dev.authstash.storage.RedisStorage;
import dev.authstash.storage.SecondaryStorage;
import dev.authstash.storage.StorageSettings;
import dev.authstash.storage.UpstashSettings;
import dev.authstash.storage.UpstashStorage;
import dev.authstash.testkit.MutableClock;
import dev.authstash.testkit.Race;
import dev.authstash.testkit.RedisClusterProcess;
import dev.authstash.testkit.RedisProcess;
import dev.authstash.testkit.UpstashEndpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.Jedis;

/**
 * Issue 19 §4: a guess budget per identifier and purpose that a new code does not reset (counted atomically with the
 * code's own tries: one script on Redis, Cluster and Upstash REST; one lock in memory; increments first on any other
 * storage), and a per-identifier send limit. On memory, a lambda storage, real Redis, a 3-master Cluster and Upstash
 * REST in front of real Redis.
 */
class OtpGuessBudgetTest {
    private static final String TOKEN = "otp-budget-token";
    private static final String WRONG = "not-a-code"; // never a code: every guess is a wrong one
    private static RedisProcess redis;
    private static RedisClusterProcess cluster;
    private static UpstashEndpoint endpoint;
    private final MutableClock clock = new MutableClock();
    private final List<SecondaryStorage> opened = new ArrayList<>();

    enum Backend {
        MEMORY, FUNCTION, REDIS, CLUSTER, UPSTASH;

        boolean serverClock() {
            return this == REDIS || this == CLUSTER || this == UPSTASH;
        }
    }

    @BeforeAll
    static void start() {
        redis = RedisProcess.launch();
        cluster = RedisClusterProcess.launch(3, 0);
        endpoint = UpstashEndpoint.start(redis, TOKEN);
    }

    @AfterAll
    static void stop() {
        endpoint.close();
        cluster.close();
        redis.stop();
    }

    @AfterEach
    void close() {
        opened.forEach(SecondaryStorage::close);
    }

    private SecondaryStorage storage(Backend backend) {
        SecondaryStorage s = switch (backend) {
            case MEMORY -> new MemoryStorage(100_000, clock);
            case FUNCTION -> {
                MemoryStorage m = new MemoryStorage(100_000, clock); // behind lambdas: a storage of unknown reach
                yield FunctionStorage.of(m::get, m::set, m::delete, m::getAndDelete, m::increment);
            }
            case REDIS -> RedisStorage.create(settings(redis.url(), List.of()));
            case CLUSTER -> RedisStorage.create(settings("", cluster.seedNodes()));
            case UPSTASH -> UpstashStorage.create(new UpstashSettings(endpoint.url(), TOKEN,
                    UpstashSettings.TOKEN_VARIABLE, UpstashSettings.Encoding.BASE64, Duration.ofSeconds(5),
                    Duration.ofSeconds(20), 1), StorageSettings.DEFAULT_KEY_PREFIX);
        };
        opened.add(s);
        return s;
    }

    private static StorageSettings settings(String url, List<String> nodes) {
        return new StorageSettings(url, nodes, StorageSettings.DEFAULT_KEY_PREFIX, 64, Duration.ofMillis(3000),
                Duration.ofMillis(3000), 1000);
    }

    private OneTimeTokens tokens(Backend backend, OneTimeSettings settings) {
        return new OneTimeTokens(storage(backend), settings, "k".repeat(32).getBytes());
    }

    /** Default budget (10 per hour), a send limit out of the way. */
    private static OneTimeSettings budgetOnly() {
        return OneTimeSettings.defaults().withSendLimit(100_000, Duration.ofHours(1));
    }

    private static String account() {
        return "bo+" + System.nanoTime() + "@example.com";
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aNewCodeBuysNoFreshGuessesAndOnceTheBudgetIsSpentEvenTheRightCodeIsRefused(Backend backend) {
        OneTimeTokens tokens = tokens(backend, budgetOnly());
        String id = account();
        int wrong = 0;
        while (wrong < 10) { // 3 + 3 + 3 + 1 wrong guesses over four codes
            tokens.issueOtp("sign-in", id);
            for (int i = 0; i < 3 && wrong < 10; i++, wrong++) {
                assertThat(tokens.verifyOtp("sign-in", id, WRONG)).as("guess %d", wrong + 1).isEqualTo(OtpResult.INVALID);
            }
        }
        String code = tokens.issueOtp("sign-in", id);
        assertThat(tokens.verifyOtp("sign-in", id, code)).as("the right code, budget spent")
                .isEqualTo(OtpResult.TOO_MANY_ATTEMPTS);
        String again = tokens.issueOtp("sign-in", id);
        assertThat(tokens.verifyOtp("sign-in", id, again)).isEqualTo(OtpResult.TOO_MANY_ATTEMPTS);
        String other = tokens.issueOtp("sign-in", "al+" + id);
        assertThat(tokens.verifyOtp("sign-in", "al+" + id, other)).as("another identifier").isEqualTo(OtpResult.VERIFIED);
        String otherPurpose = tokens.issueOtp("email-verification", id);
        assertThat(tokens.verifyOtp("email-verification", id, otherPurpose)).as("another purpose")
                .isEqualTo(OtpResult.VERIFIED);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void theRightCodeVerifiesWithinTheBudgetAndASuccessDoesNotResetIt(Backend backend) {
        OneTimeTokens tokens = tokens(backend, budgetOnly());
        String id = account();
        for (int round = 0; round < 3; round++) { // 9 wrong guesses over three codes
            tokens.issueOtp("sign-in", id);
            for (int i = 0; i < 3; i++) {
                assertThat(tokens.verifyOtp("sign-in", id, WRONG)).isEqualTo(OtpResult.INVALID);
            }
        }
        String code = tokens.issueOtp("sign-in", id);
        assertThat(tokens.verifyOtp("sign-in", id, code)).as("one guess left").isEqualTo(OtpResult.VERIFIED);
        tokens.issueOtp("sign-in", id);
        // a storage without scripts or a shared lock: every comparison takes a unit first, the right one too
        assertThat(tokens.verifyOtp("sign-in", id, WRONG)).as("the tenth")
                .isEqualTo(backend == Backend.FUNCTION ? OtpResult.TOO_MANY_ATTEMPTS : OtpResult.INVALID);
        String next = tokens.issueOtp("sign-in", id);
        assertThat(tokens.verifyOtp("sign-in", id, next)).as("the success before reset nothing")
                .isEqualTo(OtpResult.TOO_MANY_ATTEMPTS);
    }

    /** 50 concurrent callers, each re-sending the code and guessing three times: never more than 10 wrong guesses. */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void fiftyConcurrentWrongGuessesAcrossResendsNeverExceedTheBudget(Backend backend) throws Exception {
        OneTimeTokens tokens = tokens(backend, budgetOnly());
        String id = account();
        List<List<OtpResult>> all = Race.run(50, t -> {
            List<OtpResult> mine = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                tokens.issueOtp("sign-in", id);
                mine.add(tokens.verifyOtp("sign-in", id, WRONG));
            }
            return mine;
        });
        Map<OtpResult, Long> counts = all.stream().flatMap(List::stream)
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(counts.getOrDefault(OtpResult.INVALID, 0L)).as("wrong guesses compared, %s", counts)
                .isBetween(1L, 10L);
        assertThat(counts.getOrDefault(OtpResult.VERIFIED, 0L)).isZero();
        String code = tokens.issueOtp("sign-in", id);
        assertThat(tokens.verifyOtp("sign-in", id, code)).isEqualTo(OtpResult.TOO_MANY_ATTEMPTS);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void whenTheBudgetWindowEndsTheRightCodeVerifiesAgain(Backend backend) throws Exception {
        Duration window = backend.serverClock() ? Duration.ofMillis(1500) : Duration.ofHours(1);
        OneTimeTokens tokens = tokens(backend, OneTimeSettings.defaults().withGuessBudget(2, window)
                .withSendLimit(100_000, Duration.ofHours(1)));
        String id = account();
        long opened = System.nanoTime();
        tokens.issueOtp("sign-in", id);
        assertThat(tokens.verifyOtp("sign-in", id, WRONG)).isEqualTo(OtpResult.INVALID);
        assertThat(tokens.verifyOtp("sign-in", id, WRONG)).isEqualTo(OtpResult.INVALID);
        String code = tokens.issueOtp("sign-in", id);
        assertThat(tokens.verifyOtp("sign-in", id, code)).isEqualTo(OtpResult.TOO_MANY_ATTEMPTS);
        if (backend.serverClock()) { // the server's clock ends the window: poll, bounded
            OtpResult result = OtpResult.TOO_MANY_ATTEMPTS;
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (result == OtpResult.TOO_MANY_ATTEMPTS && System.nanoTime() < deadline) {
                Thread.sleep(100);
                result = tokens.verifyOtp("sign-in", id, code); // a refused try costs nothing
            }
            assertThat(result).isEqualTo(OtpResult.VERIFIED);
            assertThat(System.nanoTime() - opened).as("not before the window ended")
                    .isGreaterThanOrEqualTo(window.toNanos() - 100_000_000L);
        } else {
            clock.advance(window.minusSeconds(1));
            assertThat(tokens.verifyOtp("sign-in", id, code)).isEqualTo(OtpResult.TOO_MANY_ATTEMPTS);
            clock.advance(Duration.ofSeconds(1));
            assertThat(tokens.verifyOtp("sign-in", id, code)).as("a new window").isEqualTo(OtpResult.EXPIRED_OR_MISSING);
            String fresh = tokens.issueOtp("sign-in", id);
            assertThat(tokens.verifyOtp("sign-in", id, fresh)).isEqualTo(OtpResult.VERIFIED);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void theSendLimitRefusesTheSixthCodeOfAnHourPerIdentifierOnly(Backend backend) throws Exception {
        Duration window = backend.serverClock() ? Duration.ofMillis(1500) : Duration.ofHours(1);
        OneTimeTokens tokens = tokens(backend, OneTimeSettings.defaults().withSendLimit(5, window));
        String id = account();
        String last = null;
        for (int i = 0; i < 5; i++) {
            last = tokens.issueOtp("sign-in", id);
        }
        assertThatThrownBy(() -> tokens.issueOtp("sign-in", id))
                .isInstanceOf(OtpSendLimitException.class)
                .hasMessageMatching("emailOTP\\.sendLimit: at most 5 codes per " + (window.toMillis() + 999) / 1000
                        + " seconds for one identifier and purpose; retry in \\d+ seconds")
                .satisfies(e -> assertThat(((OtpSendLimitException) e).retryAfterSeconds())
                        .isBetween(1L, Math.max(2, window.toSeconds())));
        assertThat(tokens.issueOtp("sign-in", "al+" + id)).as("another identifier").hasSize(6);
        assertThat(tokens.issueOtp("email-verification", id)).as("another purpose").hasSize(6);
        assertThat(tokens.verifyOtp("sign-in", id, last)).as("a refused send replaces nothing")
                .isEqualTo(OtpResult.VERIFIED);
        if (backend.serverClock()) {
            String fresh = null;
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (fresh == null && System.nanoTime() < deadline) {
                Thread.sleep(100);
                try {
                    fresh = tokens.issueOtp("sign-in", id);
                } catch (OtpSendLimitException stillLimited) {
                    // the window has not ended yet
                }
            }
            assertThat(fresh).isNotNull();
        } else {
            clock.advance(window);
            assertThat(tokens.issueOtp("sign-in", id)).hasSize(6);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = {"MEMORY", "REDIS", "CLUSTER", "UPSTASH"})
    void concurrentSendsIssueExactlyTheLimit(Backend backend) throws Exception {
        OneTimeTokens tokens = tokens(backend, OneTimeSettings.defaults());
        String id = account();
        List<Boolean> issued = Race.run(50, t -> {
            try {
                tokens.issueOtp("sign-in", id);
                return true;
            } catch (OtpSendLimitException e) {
                return false;
            }
        });
        assertThat(issued.stream().filter(b -> b).count()).isEqualTo(5);
    }

    /** One script per issue and per verify, nothing else (counted by Redis itself). */
    @Test
    void anIssueAndAVerifyAreOneRoundTripEach() {
        OneTimeTokens tokens = tokens(Backend.REDIS, budgetOnly());
        String id = account();
        tokens.verifyOtp("sign-in", "warm", tokens.issueOtp("sign-in", "warm")); // loads both scripts
        try (Jedis j = redis.jedis()) {
            j.configResetStat();
            String code = tokens.issueOtp("sign-in", id);
            assertThat(tokens.verifyOtp("sign-in", id, WRONG)).isEqualTo(OtpResult.INVALID);
            assertThat(tokens.verifyOtp("sign-in", id, code)).isEqualTo(OtpResult.VERIFIED);
            String stats = j.info("commandstats");
            assertThat(stats).contains("cmdstat_evalsha:calls=3,");
            assertThat(stats).doesNotContain("cmdstat_eval:"); // (commands inside a script are counted too)
        }
    }

    @Test
    void badBudgetAndSendLimitSettingsNameTheOption() {
        SecondaryStorage s = storage(Backend.MEMORY);
        byte[] key = "k".repeat(32).getBytes();
        assertThatThrownBy(() -> new OneTimeTokens(s, OneTimeSettings.defaults().withGuessBudget(0, Duration.ofHours(1)),
                key)).hasMessage("emailOTP.guessBudget.max: expected 1 or more, got 0");
        assertThatThrownBy(() -> new OneTimeTokens(s, OneTimeSettings.defaults().withSendLimit(5, Duration.ZERO), key))
                .hasMessage("emailOTP.sendLimit.window: expected a positive duration, got PT0S");
    }
}
