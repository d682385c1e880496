package dev.authstash.web;

import dev.authstash.session.CreatedSession;
import java.util.Map;
import java.util.Objects;

/**
 * A session created for a request, see {@link RequestGate#signIn}.
 *
 * @param created the new session and its token (for a JSON body or a Bearer client)
 * @param headers {@code Set-Cookie} with the session cookie and {@code Cache-Control: no-store}
 */
public record SignedIn(CreatedSession created, Map<String, String> headers) {
    public SignedIn {
        Objects.requireNonNull(created, "created");
        headers = Map.copyOf(headers);
    }

    @Override
    public String toString() {
        return "SignedIn[" + created + "]";
    }
}
