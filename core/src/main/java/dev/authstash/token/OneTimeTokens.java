package dev.authstash.token;

import dev.authstash.metrics.MetricsListener;
import dev.authstash.metrics.MetricsListener.OneTimeOutcome;
import dev.authstash.storage.SecondaryStorage;
import java.time.Duration;
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
     * ({@code purpose}, {@code identifier}) and resetting its attempts.
     */
    public String issueOtp(String purpose, String identifier) {
        checkPurpose(purpose);
        checkIdentifier(identifier);
        String code = Secrets.code(settings.otpLength());
        Duration ttl = settings.otpExpiresIn();
        storage.set(attemptsKey(purpose, identifier), "0", ttl);
        storage.set(otpKey(purpose, identifier), otpHash(purpose, identifier, code), ttl);
        metrics.oneTime(OneTimeOutcome.OTP_ISSUED);
        return code;
    }

    /**
     * Checks an OTP. Every try on a live code is counted atomically first, so at most {@code allowedAttempts}
     * comparisons happen per code, however many run concurrently; a right code is consumed exactly once.
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
        String key = otpKey(purpose, identifier);
        String attemptsKey = attemptsKey(purpose, identifier);
        String stored = storage.get(key);
        if (stored == null) {
            String used = storage.get(attemptsKey);
            return used != null && parse(used) >= settings.allowedAttempts()
                    ? OtpResult.TOO_MANY_ATTEMPTS : OtpResult.EXPIRED_OR_MISSING;
        }
        long tries = storage.increment(attemptsKey, settings.otpExpiresIn());
        if (tries > settings.allowedAttempts()) {
            storage.delete(key);
            return OtpResult.TOO_MANY_ATTEMPTS;
        }
        String presented = code == null || code.length() > 64 ? "" : code;
        if (!matches(stored, purpose, identifier, presented)) {
            if (tries == settings.allowedAttempts()) {
                storage.delete(key);
            }
            return OtpResult.INVALID;
        }
        String taken = storage.getAndDelete(key);
        return Secrets.same(taken, stored) ? OtpResult.VERIFIED : OtpResult.EXPIRED_OR_MISSING;
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

    static String otpKey(String purpose, String identifier) {
        return "otp:" + purpose + ":" + Secrets.sha256(identifier);
    }

    static String attemptsKey(String purpose, String identifier) {
        return "otp-attempts:" + purpose + ":" + Secrets.sha256(identifier);
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
