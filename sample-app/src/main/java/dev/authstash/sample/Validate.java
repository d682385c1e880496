package dev.authstash.sample;

import dev.authstash.Identifiers;
import java.util.regex.Pattern;

/** Input rules of the auth endpoints; each failure is a 400 naming the field. */
final class Validate {
    static final int MIN_PASSWORD = 8;
    static final int MAX_PASSWORD = 128;
    private static final Pattern EMAIL = Pattern.compile("[^\\s@]{1,64}@[^\\s@.]+(\\.[^\\s@.]+)+");

    private Validate() {}

    /**
     * The canonical address ({@link Identifiers#canonical}: the form the rate limiter counts); 400 for control or
     * format characters, and unless it looks like {@code local@domain.tld} (at most 254 chars).
     */
    static String email(String email) {
        String e = identifier(email);
        if (e.length() > 254 || !EMAIL.matcher(e).matches()) {
            throw ApiError.badRequest("email is not a valid email address");
        }
        return e;
    }

    /**
     * The canonical form of an account identifier as typed ({@link Identifiers#canonical}, the limiter's form); 400
     * when it holds control or format characters (a user does not type them: padding to escape a limit).
     */
    static String identifier(String email) {
        if (Identifiers.containsInvisible(email)) {
            throw ApiError.badRequest("email must not contain control or format characters");
        }
        return Identifiers.canonical(email);
    }

    static String password(String field, String password) {
        if (password.length() < MIN_PASSWORD) {
            throw ApiError.badRequest(field + " must be at least " + MIN_PASSWORD + " characters");
        }
        if (password.length() > MAX_PASSWORD) {
            throw ApiError.badRequest(field + " must be at most " + MAX_PASSWORD + " characters");
        }
        return password;
    }

    static String name(String name) {
        String n = name.strip();
        if (n.isEmpty() || n.length() > 200) {
            throw ApiError.badRequest("name must be 1 to 200 characters");
        }
        return n;
    }
}
