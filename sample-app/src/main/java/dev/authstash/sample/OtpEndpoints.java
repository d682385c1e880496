package dev.authstash.sample;

import dev.authstash.token.OneTimeTokens;
import dev.authstash.token.OtpResult;
import dev.authstash.token.OtpSendLimitException;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code email-otp/send-verification-otp} and {@code email-otp/verify-email}. */
final class OtpEndpoints {
    static final String TYPE = OneTimeTokens.EMAIL_VERIFICATION;

    private OtpEndpoints() {}

    static void register(Map<String, AuthServlet.Endpoint> routes) {
        routes.put("POST /email-otp/send-verification-otp", OtpEndpoints::send);
        routes.put("POST /email-otp/verify-email", OtpEndpoints::verify);
    }

    /**
     * {email, type:"email-verification"}: 200 after the same storage work whether or not the account exists; for an
     * existing account the code goes to the outbox; 429 once the address had {@code emailOTP.sendLimit} codes within
     * the send window.
     */
    static void send(Exchange ex) throws IOException {
        String email = Validate.email(ex.field("email"));
        String type = ex.field("type");
        if (!TYPE.equals(type)) {
            throw ApiError.badRequest("type must be \"" + TYPE + "\"");
        }
        java.util.Optional<User> user = ex.services.users().byEmail(email);
        // a code for every address, account or not: the same storage work and the same limits for both, so neither
        // the answer nor its timing tells which e-mails have accounts (a code for an address without an account
        // verifies nothing: verify looks the account up and answers 400)
        String otp;
        try {
            otp = ex.services.authstash().oneTimeTokens().issueOtp(TYPE, email);
        } catch (OtpSendLimitException e) {
            // emailOTP.sendLimit (default 5 per hour for this address): answered like any rate limit, for accounts and
            // unknown addresses alike; the code sent before stays valid
            ex.response.setHeader("Retry-After", Long.toString(e.retryAfterSeconds()));
            ex.response.setHeader("X-Retry-After", Long.toString(e.retryAfterSeconds()));
            ex.json(429, Map.of("message", "Too many requests. Please try again later."));
            return;
        }
        user.ifPresent(u -> {
            ex.services.outbox().send(new Outbox.Message(email, "Your verification code",
                    "Your verification code is " + otp + ". It expires in "
                            + ex.services.authstash().config().oneTime().otpExpiresIn().toMinutes() + " minutes.",
                    null, otp));
        });
        ex.json(200, Map.of("success", true));
    }

    /**
     * {email, otp}: 200 and the email verified; 400 wrong or no code; 403 once the code's attempts or the address's
     * guess budget ({@code emailOTP.guessBudget}, wrong guesses across codes) are used up.
     */
    static void verify(Exchange ex) throws IOException {
        String email = Validate.email(ex.field("email"));
        String otp = ex.field("otp");
        OtpResult result = ex.services.authstash().oneTimeTokens().verifyOtp(TYPE, email, otp);
        switch (result) {
            case VERIFIED -> { }
            case TOO_MANY_ATTEMPTS -> throw new ApiError(403, "Too many attempts");
            case INVALID, EXPIRED_OR_MISSING -> throw ApiError.badRequest("Invalid OTP");
        }
        User user = ex.services.users().byEmail(email).orElseThrow(() -> ApiError.badRequest("Invalid OTP"));
        ex.services.users().markEmailVerified(user.id());
        PasswordEndpoints.unlock(ex, user.id()); // the code proves control of the mailbox: the account is unlocked
        // every signed-in session of the user shows it at once (get-session reads the session, not the table)
        ex.services.authstash().sessions().updateAttributes(user.id(), Map.of("emailVerified", "true"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", true);
        body.put("user", new User(user.id(), user.email(), user.name(), user.passwordHash(), true).toJson());
        ex.json(200, body);
    }
}
