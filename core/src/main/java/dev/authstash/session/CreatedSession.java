package dev.authstash.session;

/**
 * The result of {@link SessionStore#create}: the token to hand to the client (e.g. in a cookie) and the
 * session as stored. The token is not kept anywhere by authstash; only its hash is.
 */
public record CreatedSession(String token, Session session) {
    @Override
    public String toString() {
        return "CreatedSession[token=<redacted>, session=" + session + "]";
    }
}
