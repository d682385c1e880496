package dev.authstash.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${VAR}} and {@code ${VAR:-default}} inside string values (never keys) of a parsed document.
 * As in a shell, the default is used when the variable is unset or empty; <code>$${</code> stands for a literal
 * <code>${</code>. Substituted text is not scanned again.
 */
final class EnvSubstitution {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Function<String, String> env;

    EnvSubstitution(Function<String, String> env) {
        this.env = env;
    }

    /** Substitutes in place in every string value under {@code node}. */
    void apply(JsonNode node, JsonPath path) {
        if (node instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                JsonNode child = object.get(name);
                if (child.isTextual()) {
                    object.set(name, TextNode.valueOf(substitute(child.textValue(), path.key(name))));
                } else {
                    apply(child, path.key(name));
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode child = array.get(i);
                if (child.isTextual()) {
                    array.set(i, TextNode.valueOf(substitute(child.textValue(), path.index(i))));
                } else {
                    apply(child, path.index(i));
                }
            }
        }
    }

    String substitute(String text, JsonPath path) {
        if (!text.contains("${")) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith("$${", i)) {
                out.append("${");
                i += 3;
            } else if (text.startsWith("${", i)) {
                int close = text.indexOf('}', i + 2);
                if (close < 0) {
                    throw path.error("expected ${VAR} or ${VAR:-default} (write $${ for a literal ${), got "
                            + Values.quote(text.substring(i)));
                }
                out.append(resolve(text.substring(i + 2, close), path));
                i = close + 1;
            } else {
                out.append(text.charAt(i++));
            }
        }
        return out.toString();
    }

    private String resolve(String inner, JsonPath path) {
        int sep = inner.indexOf(":-");
        String name = sep < 0 ? inner : inner.substring(0, sep);
        String fallback = sep < 0 ? null : inner.substring(sep + 2);
        if (!NAME.matcher(name).matches()) {
            throw path.error("expected an environment variable name [A-Za-z_][A-Za-z0-9_]* inside ${…}, got "
                    + Values.quote(name));
        }
        String value = env.apply(name);
        if (fallback != null && (value == null || value.isEmpty())) {
            return fallback;
        }
        if (value == null) {
            throw path.error("environment variable " + name + " is not set and has no default (write ${" + name
                    + ":-value} for one), got " + Values.quote("${" + inner + "}"));
        }
        return value;
    }
}
