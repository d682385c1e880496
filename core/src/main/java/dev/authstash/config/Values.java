package dev.authstash.config;

import com.fasterxml.jackson.databind.JsonNode;

/** Renders values for error messages: short, on one line, JSON-like. */
final class Values {
    private static final int MAX_SHOWN = 80;

    private Values() {}

    /** What a node is, for the {@code got …} part of a message. */
    static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        if (node.isTextual()) {
            return quote(node.textValue());
        }
        if (node.isObject()) {
            return node.isEmpty() ? "an empty object" : "an object";
        }
        if (node.isArray()) {
            return node.isEmpty() ? "an empty array" : "an array";
        }
        return node.toString();
    }

    /** A string in double quotes, JSON-escaped, cut after 80 characters. */
    static String quote(String text) {
        String shown = text.length() > MAX_SHOWN ? text.substring(0, MAX_SHOWN) : text;
        StringBuilder out = new StringBuilder(shown.length() + 2).append('"');
        for (int i = 0; i < shown.length(); i++) {
            char c = shown.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('"');
        return text.length() > MAX_SHOWN ? out + "… (" + text.length() + " characters)" : out.toString();
    }
}
