package dev.authstash.storage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Upstash REST bodies: commands as JSON arrays of strings; replies {@code {"result": …}} or {@code {"error": …}}. */
final class UpstashJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private UpstashJson() {}

    /** {@code ["SET","k","v"]}. */
    static byte[] command(List<String> command) {
        return write(array(command));
    }

    /** {@code [["SET","k","v"],["GET","k"]]}, for {@code /pipeline} and {@code /multi-exec}. */
    static byte[] commands(List<List<String>> commands) {
        ArrayNode all = MAPPER.createArrayNode();
        commands.forEach(c -> all.add(array(c)));
        return write(all);
    }

    /** The parsed body; {@code null} when it is not JSON. */
    static JsonNode parse(byte[] body) {
        try {
            JsonNode node = MAPPER.readTree(body);
            return node == null || node.isMissingNode() ? null : node;
        } catch (JsonProcessingException e) {
            return null;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /**
     * The value of one {@code {"result": …}} object, decoded.
     *
     * @throws UpstashError     for {@code {"error": …}}
     * @throws StorageException when {@code reply} has neither
     */
    static Object result(JsonNode reply, boolean base64, String op, int status) {
        if (reply != null && reply.isObject() && reply.hasNonNull("error")) {
            String error = reply.get("error").asText();
            throw new UpstashError("Upstash REST " + op + " failed: " + error, error, status);
        }
        if (reply == null || !reply.isObject() || !reply.has("result")) {
            throw new StorageException("Upstash REST " + op + ": expected {\"result\": …} or {\"error\": …}, got "
                    + shape(reply));
        }
        return decode(reply.get("result"), base64, op);
    }

    /** JSON → {@code Long}, {@code String} (base64-decoded when asked; {@code "OK"} is sent plain), {@code List}, null. */
    static Object decode(JsonNode n, boolean base64, String op) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isIntegralNumber() && n.canConvertToLong()) {
            return n.longValue();
        }
        if (n.isTextual()) {
            String text = n.textValue();
            return base64 && !text.equals("OK") ? fromBase64(text, op) : text;
        }
        if (n.isArray()) {
            List<Object> out = new ArrayList<>(n.size());
            n.forEach(e -> out.add(decode(e, base64, op)));
            return out;
        }
        if (n.isNumber() || n.isBoolean()) {
            return n.asText();
        }
        throw new StorageException("Upstash REST " + op + ": unexpected value of type " + n.getNodeType());
    }

    private static String fromBase64(String text, String op) {
        try {
            return new String(Base64.getDecoder().decode(text), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new StorageException("Upstash REST " + op + ": a reply value is not base64; if the server does not"
                    + " implement Upstash-Encoding, set secondaryStorage.upstash.responseEncoding to \"none\"");
        }
    }

    /** A short description of an unexpected body, never its content (it could echo a value). */
    static String shape(JsonNode node) {
        return node == null ? "no JSON" : "a JSON " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    private static ArrayNode array(List<String> command) {
        ArrayNode a = MAPPER.createArrayNode();
        command.forEach(a::add);
        return a;
    }

    private static byte[] write(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
