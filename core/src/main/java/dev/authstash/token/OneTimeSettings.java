package dev.authstash.token;

import java.time.Duration;
import java.util.Objects;

/**
 * Lifetimes of one-time values. JSON: {@code emailOTP.otpLength}, {@code emailOTP.expiresIn},
 * {@code emailOTP.allowedAttempts}, {@code emailAndPassword.resetPasswordTokenExpiresIn},
 * {@code emailVerification.expiresIn} (durations in seconds), as in Better Auth.
 *
 * @param otpLength              digits of an OTP, default 6
 * @param otpExpiresIn           OTP lifetime, default 5 minutes
 * @param allowedAttempts        wrong tries after which an OTP is void, default 3
 * @param resetPasswordExpiresIn password-reset token lifetime, default 1 hour
 * @param emailVerificationExpiresIn email-verification token lifetime, default 1 hour
 */
public record OneTimeSettings(int otpLength, Duration otpExpiresIn, int allowedAttempts,
                              Duration resetPasswordExpiresIn, Duration emailVerificationExpiresIn) {
    public OneTimeSettings {
        Objects.requireNonNull(otpExpiresIn, "otpExpiresIn");
        Objects.requireNonNull(resetPasswordExpiresIn, "resetPasswordExpiresIn");
        Objects.requireNonNull(emailVerificationExpiresIn, "emailVerificationExpiresIn");
    }

    public static OneTimeSettings defaults() {
        return new OneTimeSettings(6, Duration.ofMinutes(5), 3, Duration.ofHours(1), Duration.ofHours(1));
    }
}
