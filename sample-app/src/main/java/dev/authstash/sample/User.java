package dev.authstash.sample;

import java.util.LinkedHashMap;
import java.util.Map;

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
}
