package dev.authstash.web;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The top-level scalar fields of a JSON request body, for {@code body:<field>} rate-limit keys. Only
 * {@code application/json} (or {@code +json}) bodies of at most {@link #MAX_BYTES} bytes are read; nesting
 * deeper than {@link #MAX_DEPTH}, invalid UTF-8 or any other malformation gives no fields (the rule then keys on
 * the client IP). A field given twice counts with its last value, as most JSON binders read it.
 */
final class BodyFields {
    /** Largest body read for a key, in bytes (64 KiB); larger bodies are keyed by IP. */
    static final int MAX_BYTES = 64 * 1024;
    static final int MAX_DEPTH = 16;
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH)
                    .maxStringLength(MAX_BYTES).build())
            .build();

    private BodyFields() {}

    /** Whether the content type is JSON: {@code application/json} or {@code application/*+json}, any parameters. */
    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semi = contentType.indexOf(';');
        String type = (semi < 0 ? contentType : contentType.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
        return type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"));
    }

    /** Top-level scalars as text (strings as is, numbers and booleans as JSON text); empty when unreadable. */
    static Map<String, String> parse(byte[] body) {
        if (body == null || body.length == 0) {
            return Map.of();
        }
        Map<String, String> fields = new HashMap<>();
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return Map.of();
            }
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (value.isScalarValue() && value != JsonToken.VALUE_NULL) {
                    fields.put(name, p.getText());
                } else {
                    fields.remove(name);
                    p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                return Map.of();
            }
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
        return fields;
    }
}
