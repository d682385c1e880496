package dev.authstash.sample;

import dev.authstash.servlet.ServletAttempts;
import dev.authstash.session.CreatedSession;
import dev.authstash.web.AccountAttempt;
import dev.authstash.session.Session;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** {@code sign-up/email}, {@code sign-in/email}, {@code get-session}, {@code sign-out}. */
final class AccountEndpoints {
    private AccountEndpoints() {}

    static void register(Map<String, AuthServlet.Endpoint> routes) {
        routes.put("POST /sign-up/email", AccountEndpoints::signUp);
        routes.put("POST /sign-in/email", AccountEndpoints::signIn);
        routes.put("GET /get-session", AccountEndpoints::getSession);
        routes.put("POST /sign-out", AccountEndpoints::signOut);
    }

    /** 200 {token, user} + cookie; 400 invalid input; 422 when the email is taken. */
    static void signUp(Exchange ex) throws IOException {
        String email = Validate.email(ex.field("email"));
        String password = Validate.password("password", ex.field("password"));
        String name = Validate.name(ex.field("name"));
        User user = ex.services.users().create(email, name, PasswordHash.hash(password))
                .orElseThrow(() -> new ApiError(422, "User already exists. Use another email."));
        signedIn(ex, user);
    }

    /** The rule the sign-in attempts count against: {@code rateLimit.customRules."/sign-in/email"}, key account. */
    static final String SIGN_IN_RULE = "/sign-in/email";

    /**
     * 200 {token, user} + session cookie + device cookie; 401 for an unknown email or a wrong password (same answer,
     * same time); 429 when the account is locked for this browser. The attempt is counted here, after this
     * endpoint's own parsing, on the identifier it looks the account up by ({@code RequestGate.attempt}): no second
     * parser stands between the limit and the password check, and malformed input (400) is never counted.
     */
    static void signIn(Exchange ex) throws IOException {
        String email = Validate.identifier(ex.field("email")); // the form sign-up stored and the limiter counts
        String password = ex.field("password");
        if (email.isEmpty()) {
            throw ApiError.badRequest("email is required");
        }
        AccountAttempt attempt = ServletAttempts.attempt(ex.request, ex.response, SIGN_IN_RULE, email);
        if (!attempt.allowed()) {
            return; // 429 (or 503) written
        }
        try {
            User user = ex.services.users().byEmail(email).orElse(null);
            boolean ok = user == null ? PasswordHash.verifyDecoy(password)
                    : PasswordHash.verify(password, user.passwordHash());
            if (!ok) {
                throw new ApiError(401, "Invalid email or password");
            }
            CreatedSession created = ex.signIn(user);
            ServletAttempts.completed(ex.response, attempt, 200); // the device cookie, before the body
            writeSignedIn(ex, user, created);
        } catch (ApiError e) {
            ServletAttempts.completed(ex.response, attempt, e.status());
            throw e;
        } catch (RuntimeException e) {
            ServletAttempts.completed(ex.response, attempt, 500); // frees the slot: not a credential failure
            throw e;
        }
    }

    /** 200 {session, user}; 401 without a valid session. The user comes from the session's attributes: no SQL. */
    static void getSession(Exchange ex) throws IOException {
        Session session = ex.session();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("session", sessionJson(session));
        body.put("user", ex.userJson(session));
        ex.json(200, body);
    }

    /**
     * 200 and the session revoked; 401 without a valid session; 503 when storage is down. The cookie is cleared in
     * every case, so the browser forgets it even when the revocation has to be retried.
     */
    static void signOut(Exchange ex) throws IOException {
        Optional<Session> session;
        try {
            session = ex.optionalSession();
        } catch (RuntimeException e) {
            ex.clearSessionCookie();
            throw e;
        }
        if (session.isEmpty()) {
            ex.clearSessionCookie();
            throw ApiError.unauthorized();
        }
        ex.signOut();
        ex.json(200, Map.of("success", true));
    }

    private static void signedIn(Exchange ex, User user) throws IOException {
        writeSignedIn(ex, user, ex.signIn(user));
    }

    private static void writeSignedIn(Exchange ex, User user, CreatedSession created) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("token", created.token());
        body.put("user", user.toJson());
        ex.json(200, body);
    }

    /** The public JSON of a session: never the token, only its id (the token's hash). */
    static Map<String, Object> sessionJson(Session s) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", s.id());
        json.put("userId", s.userId());
        json.put("createdAt", s.createdAt().toString());
        json.put("updatedAt", s.updatedAt().toString());
        json.put("expiresAt", s.expiresAt().toString());
        json.put("ipAddress", s.ipAddress());
        json.put("userAgent", s.userAgent());
        return json;
    }
}
