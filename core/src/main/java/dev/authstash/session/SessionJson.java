package dev.authstash.session;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Session ⇄ JSON (times as epoch milliseconds). Also the attribute column of the database. */
final class SessionJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SessionJson() {}

    static String write(Session s) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("id", s.id()).put("userId", s.userId()).put("createdAt", s.createdAt().toEpochMilli())
                .put("updatedAt", s.updatedAt().toEpochMilli()).put("expiresAt", s.expiresAt().toEpochMilli())
                .put("ipAddress", s.ipAddress()).put("userAgent", s.userAgent());
        n.set("attributes", MAPPER.valueToTree(s.attributes()));
        return n.toString();
    }

    /** @return the session, or {@code null} if {@code json} is not a session written by {@link #write} */
    static Session read(String json) {
        try {
            JsonNode n = MAPPER.readTree(json);
            return new Session(n.get("id").asText(), n.get("userId").asText(),
                    Instant.ofEpochMilli(n.get("createdAt").asLong()), Instant.ofEpochMilli(n.get("updatedAt").asLong()),
                    Instant.ofEpochMilli(n.get("expiresAt").asLong()), text(n, "ipAddress"), text(n, "userAgent"),
                    readAttributes(n.get("attributes")));
        } catch (JsonProcessingException | RuntimeException e) {
            return null;
        }
    }

    static String writeAttributes(Object attributes) {
        return MAPPER.valueToTree(attributes).toString();
    }

    static Map<String, String> readAttributes(String json) {
        if (json == null || json.isEmpty()) {
            return Map.of();
        }
        try {
            return readAttributes(MAPPER.readTree(json));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("session attributes column is not a JSON object: " + e.getOriginalMessage());
        }
    }

    private static Map<String, String> readAttributes(JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node != null && node.isObject()) {
            node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        }
        return out;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
