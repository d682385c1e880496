package dev.authstash.web;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.authstash.ratelimit.UnreadableBodyException;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The top-level fields of a JSON request body, for {@code body:<field>} rate-limit keys, read strictly so that
 * every body the limiter accepts is read the same way by any JSON binder; everything else fails closed with
 * an {@link UnreadableBodyException} (the gate refuses the request). Read: {@code application/json} or
 * {@code application/*+json}, no charset parameter or {@code charset=utf-8} (415 otherwise: {@code text/json},
 * {@code text/plain}, forms, multipart); at most {@link #MAX_BYTES} bytes (413); one JSON object starting at the
 * first non-white byte (no byte-order mark, no UTF-16), valid UTF-8, nesting at most {@link #MAX_DEPTH}, nothing
 * but white space after it (400). A keyed field must be present once, as a JSON string, under exactly its
 * name (400 when absent, null, a number, an object, given twice, or also given as {@code "Email"}).
 *
 * <p>Form bodies are refused rather than read: containers decode them with different default charsets and merge
 * them with query-string parameters ({@code getParameter} returns the query's value first), so a limiter in front
 * cannot know the value the application binds. Applications that take forms count where they decide the
 * identity instead (see {@code docs/security.md}).
 */
final class BodyFields {
    /** Largest body read for a key, in bytes (64 KiB); larger bodies are refused (413). */
    static final int MAX_BYTES = 64 * 1024;
    /** Deepest nesting read; the sample app's parser uses the same cap. */
    static final int MAX_DEPTH = 16;
    static final String INVALID = "Invalid request body";
    static final String TOO_LARGE = "Request body too large";
    static final String NOT_JSON = "Content-Type must be application/json";
    static final String NOT_UTF8 = "Content-Type charset must be UTF-8";
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH)
                    .maxStringLength(MAX_BYTES).build())
            .build();

    /** String fields by name; names given twice, non-string values, case variants: refused when asked for. */
    private final Map<String, String> strings;
    private final Set<String> names;
    private final Set<String> ambiguous;
    private final Map<String, Integer> spellings;

    private BodyFields(Map<String, String> strings, Set<String> names, Set<String> ambiguous,
                       Map<String, Integer> spellings) {
        this.strings = strings;
        this.names = names;
        this.ambiguous = ambiguous;
        this.spellings = spellings;
    }

    /** Reads the body of {@code details} once; throws for a body the limiter does not read. */
    static BodyFields read(RequestDetails details) {
        String contentType = details.header("Content-Type");
        if (contentType != null && !contentType.isBlank()) {
            if (!isJson(contentType)) {
                throw new UnreadableBodyException(415, NOT_JSON);
            }
            if (!utf8(contentType)) {
                throw new UnreadableBodyException(415, NOT_UTF8);
            }
        }
        byte[] body = details.body(MAX_BYTES);
        if (body == null) {
            throw new UnreadableBodyException(413, TOO_LARGE);
        }
        if (body.length == 0) {
            return new BodyFields(Map.of(), Set.of(), Set.of(), Map.of());
        }
        if (contentType == null || contentType.isBlank()) {
            throw new UnreadableBodyException(415, NOT_JSON);
        }
        return parse(body);
    }

    /** The string value of {@code field}; throws when it is not there exactly once as a string. */
    String string(String field) {
        if (ambiguous.contains(field) || spellings.getOrDefault(field.toLowerCase(Locale.ROOT), 0) > 1) {
            throw new UnreadableBodyException(400, INVALID + ": " + field + " must be given once");
        }
        String value = strings.get(field);
        if (value != null) {
            return value;
        }
        if (names.contains(field)) {
            throw new UnreadableBodyException(400, INVALID + ": " + field + " must be a string");
        }
        throw new UnreadableBodyException(400, INVALID + ": " + field + " is required");
    }

    /** Whether the content type is JSON: {@code application/json} or {@code application/*+json}, any parameters. */
    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semi = contentType.indexOf(';');
        String type = (semi < 0 ? contentType : contentType.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
        return type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"));
    }

    /** Whether every {@code charset} parameter is UTF-8 (or there is none). */
    static boolean utf8(String contentType) {
        String[] parts = contentType.split(";", -1);
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            String name = (eq < 0 ? parts[i] : parts[i].substring(0, eq)).strip();
            if (!name.equalsIgnoreCase("charset")) {
                continue;
            }
            String value = eq < 0 ? "" : parts[i].substring(eq + 1).strip();
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            }
            if (!value.equalsIgnoreCase("utf-8")) {
                return false;
            }
        }
        return true;
    }

    static BodyFields parse(byte[] body) {
        int first = 0;
        while (first < body.length && (body[first] == ' ' || body[first] == '\t' || body[first] == '\n'
                || body[first] == '\r')) {
            first++;
        }
        if (first == body.length || body[first] != '{') { // also a byte-order mark
            throw new UnreadableBodyException(400, INVALID);
        }
        for (byte b : body) {
            if (b == 0) { // UTF-16 or UTF-32, which Jackson would guess: JSON in UTF-8 never holds a NUL byte
                throw new UnreadableBodyException(400, INVALID);
            }
        }
        Map<String, String> strings = new HashMap<>();
        Set<String> names = new HashSet<>();
        Set<String> ambiguous = new HashSet<>();
        Map<String, Integer> spellings = new HashMap<>();
        Map<String, Set<String>> byLower = new HashMap<>();
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new UnreadableBodyException(400, INVALID);
            }
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String name = p.currentName();
                if (!names.add(name)) {
                    ambiguous.add(name);
                }
                Set<String> spelled = byLower.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new HashSet<>());
                spelled.add(name);
                spellings.put(name.toLowerCase(Locale.ROOT), spelled.size());
                JsonToken value = p.nextToken();
                if (value == JsonToken.VALUE_STRING) {
                    strings.put(name, p.getText());
                } else {
                    strings.remove(name);
                    p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new UnreadableBodyException(400, INVALID);
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof UnreadableBodyException u) {
                throw u;
            }
            throw new UnreadableBodyException(400, INVALID);
        }
        return new BodyFields(strings, names, ambiguous, spellings);
    }
}
