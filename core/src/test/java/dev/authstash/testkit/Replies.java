package dev.authstash.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Upstash REST JSON for {@link UpstashEndpoint}: commands in, {@code {"result"}}/{@code {"error"}} out. */
final class Replies {
    private static final JsonNodeFactory F = new ObjectMapper().getNodeFactory();
    private final boolean base64;

    Replies(boolean base64) {
        this.base64 = base64;
    }

    /** A JSON array of strings (numbers and booleans as their text), or {@code null} when it is not one. */
    static List<String> command(JsonNode node) {
        if (node == null || !node.isArray() || node.isEmpty()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (JsonNode arg : node) {
            if (!arg.isValueNode() || arg.isNull()) {
                return null;
            }
            out.add(arg.asText());
        }
        return out;
    }

    /** {@code {"error": text}} for an error reply, else {@code {"result": value}}. */
    ObjectNode envelope(Object reply) {
        ObjectNode o = F.objectNode();
        if (reply instanceof Resp.Error e) {
            return o.put("error", e.text());
        }
        return o.set("result", value(reply));
    }

    private JsonNode value(Object reply) {
        if (reply == null) {
            return F.nullNode();
        }
        if (reply instanceof Resp.Status s) {
            return F.textNode(s.text());
        }
        if (reply instanceof Long n) {
            return F.numberNode(n);
        }
        if (reply instanceof byte[] b) {
            return F.textNode(base64 ? Base64.getEncoder().encodeToString(b) : new String(b, StandardCharsets.UTF_8));
        }
        if (reply instanceof Resp.Error e) {
            return F.textNode(e.text());
        }
        ArrayNode a = F.arrayNode();
        ((List<?>) reply).forEach(item -> a.add(value(item)));
        return a;
    }
}
