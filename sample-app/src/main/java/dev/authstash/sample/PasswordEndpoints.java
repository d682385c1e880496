package dev.authstash.sample;

import dev.authstash.session.SessionStorageUnavailableException;
import java.io.IOException;
import java.util.Map;

/** {@code forget-password} (reset link to the outbox) and {@code reset-password} (single-use token). */
final class PasswordEndpoints {
    private PasswordEndpoints() {}

    static void register(Map<String, AuthServlet.Endpoint> routes) {
        routes.put("POST /forget-password", PasswordEndpoints::forget);
        routes.put("POST /reset-password", PasswordEndpoints::reset);
    }

    /**
     * 200 whether or not the account exists, after the same storage work; for an existing one, a reset link goes to
     * the outbox. The link is built
     * from {@code BASE_URL}, never from the request's {@code Host}, which the client chooses.
     */
    static void forget(Exchange ex) throws IOException {
        String email = Validate.email(ex.field("email"));
        java.util.Optional<User> user = ex.services.users().byEmail(email);
        // The same storage work whether or not the account exists (a decoy token for an id no account has, never
        // shown to anyone), so neither the answer nor its timing tells which e-mails have accounts.
        String token = ex.services.authstash().oneTimeTokens().issuePasswordReset(
                user.map(User::id).orElseGet(() -> "decoy:" + java.util.UUID.randomUUID()));
        user.ifPresent(u -> {
            String link = ex.services.baseUrl().get() + "/reset-password?token=" + token;
            ex.services.outbox().send(new Outbox.Message(email, "Reset your password",
                    "Open " + link + " to choose a new password. The link works once.", token, null));
        });
        ex.json(200, Map.of("status", true, "message",
                "If this email exists in our system, check your email for the reset link"));
    }

    /**
     * 200 once per token; 400 for a used, expired or unknown token. Revokes the user's sessions <em>before</em>
     * consuming the token: if that fails (503) the token still works, so the user can retry. A second revoke-all
     * after the password change catches sessions signed in with the old password meanwhile; if its storage step
     * fails it is queued and retried (see docs/security.md), and the reset still answers 200.
     */
    static void reset(Exchange ex) throws IOException {
        String newPassword = Validate.password("newPassword", ex.field("newPassword"));
        String token = ex.field("token");
        var tokens = ex.services.authstash().oneTimeTokens();
        var sessions = ex.services.authstash().sessions();
        String userId = tokens.peekPasswordReset(token).orElseThrow(() -> ApiError.badRequest("Invalid or expired token"));
        sessions.revokeAll(userId);
        if (!tokens.consumePasswordReset(token).map(userId::equals).orElse(false)) {
            throw ApiError.badRequest("Invalid or expired token"); // used meanwhile by a concurrent request
        }
        ex.services.users().setPasswordHash(userId, PasswordHash.hash(newPassword));
        unlock(ex, userId); // whoever proved control of the mailbox may sign in again at once
        try {
            sessions.revokeAll(userId);
        } catch (SessionStorageUnavailableException queued) {
            // the password is changed and the token used: the retry queue completes the revocation
        }
        ex.json(200, Map.of("status", true));
    }

    /**
     * Clears the account's failure counters ({@code Authstash.unlock}) after a proof of control of its mailbox (a
     * password reset, an OTP); a storage failure leaves the lock to end with its window and is no reason to fail the
     * answer.
     */
    static void unlock(Exchange ex, String userId) {
        ex.services.users().byId(userId).ifPresent(user -> {
            try {
                ex.services.authstash().unlock(user.email());
            } catch (RuntimeException e) {
                // the counter ends with its window
            }
        });
    }
}
