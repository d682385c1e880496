package dev.authstash.session;

import java.time.Duration;
import java.util.Map;

/** Checks of settings and caller input; messages name the field and the value. */
final class SessionInput {
    static final int MAX_USER_ID = 255;
    static final int MAX_IP = 64;
    static final int MAX_USER_AGENT = 512;
    static final int MAX_ATTRIBUTES = 32;
    static final int MAX_ATTRIBUTE_KEY = 64;
    static final int MAX_ATTRIBUTE_VALUE = 1024;

    private SessionInput() {}

    static void checkSettings(SessionSettings s, SessionDatabase database) {
        if (s.expiresIn().compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("session.expiresIn: expected at least 1 second, got " + s.expiresIn());
        }
        if (s.updateAge().isNegative()) {
            throw new IllegalArgumentException("session.updateAge: expected 0 or more, got " + s.updateAge());
        }
        if (s.preserveSessionInDatabase() && !s.storeSessionInDatabase()) {
            throw new IllegalArgumentException(
                    "session.preserveSessionInDatabase: needs session.storeSessionInDatabase = true");
        }
        if (s.storeSessionInDatabase() && database == null) {
            throw new IllegalArgumentException("session.storeSessionInDatabase: true needs a SessionDatabase, got none");
        }
    }

    static void checkUser(String userId) {
        if (userId == null || userId.isBlank() || userId.length() > MAX_USER_ID) {
            throw new IllegalArgumentException("userId: expected 1 to " + MAX_USER_ID + " characters, got "
                    + (userId == null ? "null" : userId.length() + " characters"));
        }
    }

    static void checkAttributes(Map<String, String> attributes) {
        if (attributes == null) {
            return;
        }
        if (attributes.size() > MAX_ATTRIBUTES) {
            throw new IllegalArgumentException("attributes: at most " + MAX_ATTRIBUTES + " entries, got " + attributes.size());
        }
        attributes.forEach((k, v) -> {
            if (k == null || k.isEmpty() || k.length() > MAX_ATTRIBUTE_KEY) {
                throw new IllegalArgumentException("attributes: keys need 1 to " + MAX_ATTRIBUTE_KEY + " characters, got "
                        + (k == null ? "null" : k.length() + " characters"));
            }
            if (v == null || v.length() > MAX_ATTRIBUTE_VALUE) {
                throw new IllegalArgumentException("attributes." + k + ": expected a value of at most "
                        + MAX_ATTRIBUTE_VALUE + " characters, got " + (v == null ? "null" : v.length() + " characters"));
            }
        });
    }

    /** Checks an attribute update: as {@link #checkAttributes}, a {@code null} value meaning "remove". */
    static void checkUpdate(Map<String, String> set) {
        if (set == null) {
            throw new IllegalArgumentException("attributes: expected a map, got null");
        }
        Map<String, String> present = new java.util.HashMap<>();
        set.forEach((k, v) -> present.put(k, v == null ? "" : v));
        checkAttributes(present);
    }

    /**
     * {@code attributes} with {@code set} applied ({@code null} value removes the key).
     *
     * @throws IllegalArgumentException when the result would hold more than {@value #MAX_ATTRIBUTES} entries
     */
    static Map<String, String> merge(Map<String, String> attributes, Map<String, String> set) {
        Map<String, String> out = new java.util.LinkedHashMap<>(attributes);
        set.forEach((k, v) -> {
            if (v == null) {
                out.remove(k);
            } else {
                out.put(k, v);
            }
        });
        if (out.size() > MAX_ATTRIBUTES) {
            throw tooMany(out.size());
        }
        return out;
    }

    static IllegalArgumentException tooMany(long size) {
        return new IllegalArgumentException("attributes: at most " + MAX_ATTRIBUTES
                + " entries per session after the update, got " + size);
    }

    static String ip(String ip) {
        if (ip != null && ip.length() > MAX_IP) {
            throw new IllegalArgumentException("ipAddress: expected at most " + MAX_IP + " characters, got " + ip.length());
        }
        return ip;
    }

    /** Long user agents are cut to {@value #MAX_USER_AGENT} characters rather than refused. */
    static String userAgent(String ua) {
        return ua == null || ua.length() <= MAX_USER_AGENT ? ua : ua.substring(0, MAX_USER_AGENT);
    }
}
