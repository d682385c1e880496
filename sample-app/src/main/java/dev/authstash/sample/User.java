package dev.authstash.sample;

import dev.authstash.session.Session;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** A row of the {@code users} table. */
record User(String id, String email, String name, String passwordHash, boolean emailVerified) {
    /** The public JSON shape: {@code {id, email, name, emailVerified}} (never the hash). */
    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", id);
        json.put("email", email);
        json.put("name", name);
        json.put("emailVerified", emailVerified);
        return json;
    }

    /** The public fields as session attributes, so get-session answers without the users table. */
    Map<String, String> sessionAttributes() {
        return Map.of("email", email, "name", name, "emailVerified", Boolean.toString(emailVerified));
    }

    /** {@link #toJson()} rebuilt from a session's attributes; empty for a session made before they were stored. */
    static Optional<Map<String, Object>> jsonOf(Session session) {
        Map<String, String> a = session.attributes();
        if (!a.containsKey("email") || !a.containsKey("name") || !a.containsKey("emailVerified")) {
            return Optional.empty();
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", session.userId());
        json.put("email", a.get("email"));
        json.put("name", a.get("name"));
        json.put("emailVerified", Boolean.parseBoolean(a.get("emailVerified")));
        return Optional.of(json);
    }
}
