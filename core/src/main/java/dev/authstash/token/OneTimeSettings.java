package dev.authstash.token;

import java.time.Duration;
import java.util.Objects;

/**
 * Lifetimes and limits of one-time values. JSON: {@code emailOTP.otpLength}, {@code emailOTP.expiresIn},
 * {@code emailOTP.allowedAttempts}, {@code emailOTP.guessBudget.{max, window}},
 * {@code emailOTP.sendLimit.{max, window}}, {@code emailAndPassword.resetPasswordTokenExpiresIn},
 * {@code emailVerification.expiresIn} (durations in seconds), as in Better Auth where Better Auth has the option.
 *
 * @param otpLength                  digits of an OTP, default 6
 * @param otpExpiresIn               OTP lifetime, default 5 minutes
 * @param allowedAttempts            wrong tries after which an OTP is void, default 3
 * @param resetPasswordExpiresIn     password-reset token lifetime, default 1 hour
 * @param emailVerificationExpiresIn email-verification token lifetime, default 1 hour
 * @param guessBudget                wrong OTP guesses per identifier and purpose across all its codes within
 *                                   {@code guessBudgetWindow}, default 10; once spent even the right code is refused
 *                                   until the window ends
 * @param guessBudgetWindow          the budget's window, opened by the first wrong guess, default 1 hour
 * @param sendLimit                  OTPs issued per identifier and purpose within {@code sendLimitWindow}, default 5
 * @param sendLimitWindow            the send limit's window, opened by the first send, default 1 hour
 */
public record OneTimeSettings(int otpLength, Duration otpExpiresIn, int allowedAttempts,
                              Duration resetPasswordExpiresIn, Duration emailVerificationExpiresIn,
                              int guessBudget, Duration guessBudgetWindow, int sendLimit, Duration sendLimitWindow) {
    public static final int DEFAULT_GUESS_BUDGET = 10;
    public static final Duration DEFAULT_GUESS_BUDGET_WINDOW = Duration.ofHours(1);
    public static final int DEFAULT_SEND_LIMIT = 5;
    public static final Duration DEFAULT_SEND_LIMIT_WINDOW = Duration.ofHours(1);

    public OneTimeSettings {
        Objects.requireNonNull(otpExpiresIn, "otpExpiresIn");
        Objects.requireNonNull(resetPasswordExpiresIn, "resetPasswordExpiresIn");
        Objects.requireNonNull(emailVerificationExpiresIn, "emailVerificationExpiresIn");
        Objects.requireNonNull(guessBudgetWindow, "guessBudgetWindow");
        Objects.requireNonNull(sendLimitWindow, "sendLimitWindow");
    }

    /** The settings of earlier versions, with the default guess budget and send limit. */
    public OneTimeSettings(int otpLength, Duration otpExpiresIn, int allowedAttempts,
                           Duration resetPasswordExpiresIn, Duration emailVerificationExpiresIn) {
        this(otpLength, otpExpiresIn, allowedAttempts, resetPasswordExpiresIn, emailVerificationExpiresIn,
                DEFAULT_GUESS_BUDGET, DEFAULT_GUESS_BUDGET_WINDOW, DEFAULT_SEND_LIMIT, DEFAULT_SEND_LIMIT_WINDOW);
    }

    public static OneTimeSettings defaults() {
        return new OneTimeSettings(6, Duration.ofMinutes(5), 3, Duration.ofHours(1), Duration.ofHours(1));
    }

    /** These settings with another guess budget. */
    public OneTimeSettings withGuessBudget(int max, Duration window) {
        return new OneTimeSettings(otpLength, otpExpiresIn, allowedAttempts, resetPasswordExpiresIn,
                emailVerificationExpiresIn, max, window, sendLimit, sendLimitWindow);
    }

    /** These settings with another send limit. */
    public OneTimeSettings withSendLimit(int max, Duration window) {
        return new OneTimeSettings(otpLength, otpExpiresIn, allowedAttempts, resetPasswordExpiresIn,
                emailVerificationExpiresIn, guessBudget, guessBudgetWindow, max, window);
    }
}
