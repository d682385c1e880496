package dev.authstash.sample;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/** JSON in and out of the auth endpoints (Jackson). */
final class Json {
    /** Largest request body read, in bytes. */
    static final int MAX_BODY = 16 * 1024;
    /** Deepest nesting read: the same cap as authstash's body: keys (BodyFields.MAX_DEPTH), so both refuse alike. */
    static final int MAX_DEPTH = 16;
    /**
     * Strict like the rate limiter's reading of {@code body:} keys: content after the object and fields given twice
     * are 400, never silently ignored or overwritten (a limiter and a parser that disagree would count one account
     * under two names).
     */
    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build());
    }

    private Json() {}

    /**
     * Reads a JSON object body; 413 oversized, 400 for an empty, malformed or non-object body, content after the
     * object, a field given twice, nesting deeper than {@link #MAX_DEPTH}.
     */
    static ObjectNode readObject(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BODY + 1);
        if (bytes.length > MAX_BODY) {
            throw new ApiError(413, "Request body too large");
        }
        JsonNode node;
        try {
            node = bytes.length == 0 ? null : MAPPER.readTree(bytes);
        } catch (JacksonException e) {
            throw ApiError.badRequest("Invalid JSON body");
        }
        if (node == null || !node.isObject()) {
            throw ApiError.badRequest("Expected a JSON object body");
        }
        return (ObjectNode) node;
    }

    /** A required string field; 400 naming the field when missing or not a string. */
    static String string(ObjectNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            throw ApiError.badRequest(field + " is required");
        }
        if (!value.isTextual()) {
            throw ApiError.badRequest(field + " must be a string");
        }
        return value.textValue();
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String message(String message) {
        return write(Map.of("message", message));
    }
}
