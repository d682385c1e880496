package dev.authstash.token;

import dev.authstash.metrics.MetricsListener;
import dev.authstash.metrics.MetricsListener.OneTimeOutcome;
import dev.authstash.storage.RedisScript;
import dev.authstash.storage.ScriptStorage;
import dev.authstash.storage.SecondaryStorage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One-time values in secondary storage: single-use tokens (password reset, email verification, any
 * purpose) and numeric OTPs with an attempt limit. Only hashes of tokens and codes are stored; see
 * {@code docs/sessions.md} for the keys. Storage failures surface as
 * {@link dev.authstash.storage.StorageException}.
 */
public final class OneTimeTokens {
    public static final String PASSWORD_RESET = "reset-password";
    public static final String EMAIL_VERIFICATION = "email-verification";
    private static final Pattern PURPOSE = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    private static final int MAX_IDENTIFIER = 320;
    private static final int MAX_TOKEN = 512;

    private static final RedisScript ISSUE = RedisScript.fromResource(OneTimeTokens.class, "otp_issue.lua");
    private static final RedisScript VERIFY = RedisScript.fromResource(OneTimeTokens.class, "otp_verify.lua");
    /** Striped locks of in-process storages: one verify or issue per identifier and purpose at a time. */
    private static final Object[] LOCKS = new Object[256];

    static {
        for (int i = 0; i < LOCKS.length; i++) {
            LOCKS[i] = new Object();
        }
    }

    private final SecondaryStorage storage;
    private final OneTimeSettings settings;
    private final List<byte[]> otpKeys;
    private final MetricsListener metrics;

    /** OTP hashes keyed with a random per-instance secret: codes verify only on the instance that issued them. */
    public OneTimeTokens(SecondaryStorage storage, OneTimeSettings settings) {
        this(storage, settings, randomKey());
    }

    /** @param otpKey HMAC-SHA256 key for OTP hashes, at least 32 bytes; share it across instances */
    public OneTimeTokens(SecondaryStorage storage, OneTimeSettings settings, byte[] otpKey) {
        this(storage, settings, otpKey, MetricsListener.NONE);
    }

    /** As the constructor above, telling {@code metrics} the outcome of every issue, consume and verify. */
    public OneTimeTokens(SecondaryStorage storage, OneTimeSettings settings, byte[] otpKey, MetricsListener metrics) {
        this(storage, settings, List.of(otpKey == null ? new byte[0] : otpKey), metrics);
    }

    /**
     * @param otpKeys HMAC-SHA256 keys for OTP hashes, each at least 32 bytes, shared across instances: the first
     *                hashes new codes, every one is tried when a code is checked (key rotation)
     * @param metrics told the outcome of every issue, consume and verify
     */
    public OneTimeTokens(SecondaryStorage storage, OneTimeSettings settings, List<byte[]> otpKeys,
                         MetricsListener metrics) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.storage = Objects.requireNonNull(storage, "storage");
        this.settings = Objects.requireNonNull(settings, "settings");
        if (otpKeys == null || otpKeys.isEmpty()) {
            throw new IllegalArgumentException("otpKeys: expected at least one key, got none");
        }
        for (byte[] otpKey : otpKeys) {
            if (otpKey == null || otpKey.length < 32) {
                throw new IllegalArgumentException("otpKey: expected at least 32 bytes, got "
                        + (otpKey == null ? "null" : otpKey.length));
            }
        }
        if (settings.otpLength() < 4 || settings.otpLength() > 12) {
            throw new IllegalArgumentException("emailOTP.otpLength: expected 4 to 12 digits, got " + settings.otpLength());
        }
        if (settings.allowedAttempts() < 1) {
            throw new IllegalArgumentException("emailOTP.allowedAttempts: expected 1 or more, got "
                    + settings.allowedAttempts());
        }
        if (settings.guessBudget() < 1) {
            throw new IllegalArgumentException("emailOTP.guessBudget.max: expected 1 or more, got "
                    + settings.guessBudget());
        }
        if (settings.sendLimit() < 1) {
            throw new IllegalArgumentException("emailOTP.sendLimit.max: expected 1 or more, got "
                    + settings.sendLimit());
        }
        if (settings.guessBudgetWindow().isNegative() || settings.guessBudgetWindow().isZero()) {
            throw new IllegalArgumentException("emailOTP.guessBudget.window: expected a positive duration, got "
                    + settings.guessBudgetWindow());
        }
        if (settings.sendLimitWindow().isNegative() || settings.sendLimitWindow().isZero()) {
            throw new IllegalArgumentException("emailOTP.sendLimit.window: expected a positive duration, got "
                    + settings.sendLimitWindow());
        }
        this.otpKeys = otpKeys.stream().map(byte[]::clone).toList();
    }

    /** Issues a single-use token (256 random bits, base64url) for {@code identifier}, valid {@code ttl}. */
    public String issue(String purpose, String identifier, Duration ttl) {
        checkPurpose(purpose);
        checkIdentifier(identifier);
        if (ttl == null || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl: expected a positive duration, got " + ttl);
        }
        String token = Secrets.token();
        storage.set(tokenKey(purpose, token), identifier, ttl);
        metrics.oneTime(OneTimeOutcome.TOKEN_ISSUED);
        return token;
    }

    /** The identifier of {@code token}, exactly once of any number of concurrent calls; garbage gives empty. */
    public Optional<String> consume(String purpose, String token) {
        checkPurpose(purpose);
        String identifier = token == null || token.isEmpty() || token.length() > MAX_TOKEN ? null
                : storage.getAndDelete(tokenKey(purpose, token));
        metrics.oneTime(identifier == null ? OneTimeOutcome.TOKEN_MISSING : OneTimeOutcome.TOKEN_CONSUMED);
        return Optional.ofNullable(identifier);
    }

    /**
     * The identifier of {@code token} without consuming it (garbage gives empty): lets a caller do the work a token
     * authorizes first — e.g. revoke sessions, which may fail — and consume it only then.
     */
    public Optional<String> peek(String purpose, String token) {
        checkPurpose(purpose);
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN) {
            return Optional.empty();
        }
        return Optional.ofNullable(storage.get(tokenKey(purpose, token)));
    }

    public Optional<String> peekPasswordReset(String token) {
        return peek(PASSWORD_RESET, token);
    }

    /** A password-reset token valid {@code resetPasswordExpiresIn} (default 1 hour). */
    public String issuePasswordReset(String identifier) {
        return issue(PASSWORD_RESET, identifier, settings.resetPasswordExpiresIn());
    }

    public Optional<String> consumePasswordReset(String token) {
        return consume(PASSWORD_RESET, token);
    }

    /** An email-verification token valid {@code emailVerificationExpiresIn} (default 1 hour). */
    public String issueEmailVerification(String identifier) {
        return issue(EMAIL_VERIFICATION, identifier, settings.emailVerificationExpiresIn());
    }

    public Optional<String> consumeEmailVerification(String token) {
        return consume(EMAIL_VERIFICATION, token);
    }

    /**
     * Issues an OTP of {@code otpLength} digits valid {@code otpExpiresIn}, replacing any earlier code of
     * ({@code purpose}, {@code identifier}) and starting its own count of tries. The identifier's guess budget is
     * not reset: wrong guesses count across codes ({@code emailOTP.guessBudget}). The send counts against
     * {@code emailOTP.sendLimit} in the same step.
     *
     * @throws OtpSendLimitException when the identifier had {@code sendLimit.max} codes of this purpose within the
     *         send window (nothing issued; an earlier live code stays valid)
     */
    public String issueOtp(String purpose, String identifier) {
        checkPurpose(purpose);
        checkIdentifier(identifier);
        String code = Secrets.code(settings.otpLength());
        OtpKeys k = OtpKeys.of(purpose, identifier);
        String hash = otpHash(purpose, identifier, code);
        long refusedFor = storage instanceof ScriptStorage scripts ? issueScript(scripts, k, hash)
                : storage.inProcess() ? locked(k, () -> issueSteps(k, hash)) : issueSteps(k, hash);
        if (refusedFor > 0) {
            metrics.oneTime(OneTimeOutcome.OTP_SEND_LIMITED);
            throw new OtpSendLimitException(settings.sendLimit(), seconds(settings.sendLimitWindow().toMillis()),
                    seconds(refusedFor));
        }
        metrics.oneTime(OneTimeOutcome.OTP_ISSUED);
        return code;
    }

    /** One script: count the send, and only within the limit store the code and its tries. 0 or ms refused. */
    private long issueScript(ScriptStorage scripts, OtpKeys k, String hash) {
        List<?> r = (List<?>) scripts.eval(ISSUE, List.of(k.code(), k.tries(), k.sends()), List.of(hash,
                Long.toString(millis(settings.otpExpiresIn())), Integer.toString(settings.sendLimit()),
                Long.toString(millis(settings.sendLimitWindow()))));
        return number(r.get(0)) == 1 ? 0 : Math.max(1, number(r.get(1)));
    }

    /** The same with atomic increments; a refusal's time is the whole window (no TTL read on other storages). */
    private long issueSteps(OtpKeys k, String hash) {
        if (storage.increment(k.sends(), settings.sendLimitWindow()) > settings.sendLimit()) {
            return Math.max(1, millis(settings.sendLimitWindow()));
        }
        Duration ttl = settings.otpExpiresIn();
        storage.set(k.tries(), "0", ttl);
        storage.set(k.code(), hash, ttl);
        return 0;
    }

    /**
     * Checks an OTP. Every try on a live code is counted atomically first, so at most {@code allowedAttempts}
     * comparisons happen per code, however many run concurrently; a right code is consumed exactly once. Wrong
     * guesses also count against the identifier's guess budget ({@code emailOTP.guessBudget}, across every code of
     * this purpose) in the same atomic step; once it is spent every try — the right code too — is
     * {@link OtpResult#TOO_MANY_ATTEMPTS} until the budget window ends.
     */
    public OtpResult verifyOtp(String purpose, String identifier, String code) {
        OtpResult result = verify(purpose, identifier, code);
        metrics.oneTime(switch (result) {
            case VERIFIED -> OneTimeOutcome.OTP_VERIFIED;
            case INVALID -> OneTimeOutcome.OTP_INVALID;
            case TOO_MANY_ATTEMPTS -> OneTimeOutcome.OTP_TOO_MANY_ATTEMPTS;
            case EXPIRED_OR_MISSING -> OneTimeOutcome.OTP_EXPIRED_OR_MISSING;
        });
        return result;
    }

    private OtpResult verify(String purpose, String identifier, String code) {
        checkPurpose(purpose);
        checkIdentifier(identifier);
        String presented = code == null || code.length() > 64 ? "" : code;
        OtpKeys k = OtpKeys.of(purpose, identifier);
        if (storage instanceof ScriptStorage scripts) {
            return verifyScript(scripts, k, purpose, identifier, presented);
        }
        if (storage.inProcess()) {
            return locked(k, () -> verifySteps(k, purpose, identifier, presented, true));
        }
        return verifySteps(k, purpose, identifier, presented, false);
    }

    /** One script decides: budget, the code's tries, the comparison (of HMACs), and both counts. */
    private OtpResult verifyScript(ScriptStorage scripts, OtpKeys k, String purpose, String identifier,
                                   String presented) {
        List<String> args = new ArrayList<>(3 + otpKeys.size());
        args.add(Integer.toString(settings.allowedAttempts()));
        args.add(Integer.toString(settings.guessBudget()));
        args.add(Long.toString(millis(settings.guessBudgetWindow())));
        for (byte[] key : otpKeys) {
            args.add(Secrets.hmac(key, purpose + '\n' + identifier + '\n' + presented));
        }
        List<?> r = (List<?>) scripts.eval(VERIFY, List.of(k.code(), k.tries(), k.budget()), args);
        return switch ((int) number(r.get(0))) {
            case 1 -> OtpResult.VERIFIED;
            case 0 -> OtpResult.INVALID;
            case 2, 3 -> OtpResult.TOO_MANY_ATTEMPTS;
            default -> OtpResult.EXPIRED_OR_MISSING;
        };
    }

    /**
     * The same steps with the storage's atomic operations. {@code exclusive}: run under this process's lock of the
     * identifier over an in-process storage, so only wrong guesses spend the budget (as the script). Otherwise (a
     * storage other processes share, without scripts) every comparison takes a unit of the budget before it is
     * made, so the bound holds across processes: at most {@code guessBudget} comparisons per window, right or
     * wrong.
     */
    private OtpResult verifySteps(OtpKeys k, String purpose, String identifier, String presented,
                                  boolean exclusive) {
        String spent = storage.get(k.budget());
        if (spent != null && parse(spent) >= settings.guessBudget()) {
            return OtpResult.TOO_MANY_ATTEMPTS;
        }
        String stored = storage.get(k.code());
        if (stored == null) {
            String used = storage.get(k.tries());
            return used != null && parse(used) >= settings.allowedAttempts()
                    ? OtpResult.TOO_MANY_ATTEMPTS : OtpResult.EXPIRED_OR_MISSING;
        }
        long tries = storage.increment(k.tries(), settings.otpExpiresIn());
        if (tries > settings.allowedAttempts()) {
            storage.delete(k.code());
            return OtpResult.TOO_MANY_ATTEMPTS;
        }
        if (!exclusive && storage.increment(k.budget(), settings.guessBudgetWindow()) > settings.guessBudget()) {
            return OtpResult.TOO_MANY_ATTEMPTS;
        }
        if (matches(stored, purpose, identifier, presented)) {
            String taken = storage.getAndDelete(k.code());
            return Secrets.same(taken, stored) ? OtpResult.VERIFIED : OtpResult.EXPIRED_OR_MISSING;
        }
        if (exclusive) {
            storage.increment(k.budget(), settings.guessBudgetWindow());
        }
        if (tries == settings.allowedAttempts()) {
            storage.delete(k.code());
        }
        return OtpResult.INVALID;
    }

    private static <T> T locked(OtpKeys k, java.util.function.Supplier<T> step) {
        synchronized (LOCKS[Math.floorMod(k.code().hashCode(), LOCKS.length)]) {
            return step.get();
        }
    }

    private static long millis(Duration d) {
        return Math.max(1, d.toMillis());
    }

    /** Whole seconds, rounded up, at least 1. */
    private static long seconds(long ms) {
        return Math.max(1, (ms + 999) / 1000);
    }

    private static long number(Object o) {
        if (o instanceof Long l) {
            return l;
        }
        if (o instanceof byte[] b) {
            return Long.parseLong(new String(b, java.nio.charset.StandardCharsets.UTF_8));
        }
        return Long.parseLong(String.valueOf(o));
    }

    /** Whether {@code stored} is the hash of {@code code} under any key; every key is tried (no early exit). */
    private boolean matches(String stored, String purpose, String identifier, String code) {
        boolean match = false;
        for (byte[] key : otpKeys) {
            match |= Secrets.same(stored, Secrets.hmac(key, purpose + '\n' + identifier + '\n' + code));
        }
        return match;
    }

    private String otpHash(String purpose, String identifier, String code) {
        return Secrets.hmac(otpKeys.get(0), purpose + '\n' + identifier + '\n' + code);
    }

    static String tokenKey(String purpose, String token) {
        return "ott:" + purpose + ":" + Secrets.sha256(token);
    }

    /**
     * The keys of one identifier's OTPs of one purpose; all share the hash tag {@code {<SHA-256 of the identifier>}}
     * (base64url: never a brace), so every OTP script is Redis-Cluster safe.
     */
    record OtpKeys(String code, String tries, String budget, String sends) {
        static OtpKeys of(String purpose, String identifier) {
            String base = "otp:{" + Secrets.sha256(identifier) + "}:" + purpose + ":";
            return new OtpKeys(base + "code", base + "tries", base + "budget", base + "sends");
        }
    }

    private static long parse(String n) {
        try {
            return Long.parseLong(n);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private static void checkPurpose(String purpose) {
        if (purpose == null || !PURPOSE.matcher(purpose).matches()) {
            throw new IllegalArgumentException("purpose: expected 1 to 64 of [a-z0-9_-] starting with a letter or digit,"
                    + " got \"" + (purpose == null ? "null" : purpose.substring(0, Math.min(purpose.length(), 80))) + "\"");
        }
    }

    private static void checkIdentifier(String identifier) {
        if (identifier == null || identifier.isEmpty() || identifier.length() > MAX_IDENTIFIER) {
            throw new IllegalArgumentException("identifier: expected 1 to " + MAX_IDENTIFIER + " characters, got "
                    + (identifier == null ? "null" : identifier.length() + " characters"));
        }
    }

    private static byte[] randomKey() {
        byte[] key = new byte[32];
        Secrets.RANDOM.nextBytes(key);
        return key;
    }
}
