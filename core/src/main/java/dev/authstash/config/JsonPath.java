package dev.authstash.config;

import java.util.regex.Pattern;

/**
 * Immutable position inside the configuration document, rendered as in error messages:
 * {@code rateLimit.customRules."/sign-in/email".max}, {@code advanced.ipAddress.trustedProxies[2]}.
 * Keys made of anything but {@code [A-Za-z0-9_]} are quoted.
 */
final class JsonPath {
    static final JsonPath ROOT = new JsonPath("");

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_]+");

    private final String rendered;

    private JsonPath(String rendered) {
        this.rendered = rendered;
    }

    /** Parses a dotted path of plain keys, e.g. {@code rateLimit.window}. */
    static JsonPath of(String dotted) {
        JsonPath path = ROOT;
        for (String key : dotted.split("\\.")) {
            path = path.key(key);
        }
        return path;
    }

    JsonPath key(String key) {
        String segment = PLAIN.matcher(key).matches() ? key : Values.quote(key);
        return new JsonPath(this == ROOT ? segment : rendered + "." + segment);
    }

    JsonPath index(int index) {
        return new JsonPath(rendered + "[" + index + "]");
    }

    ConfigException error(String detail) {
        return new ConfigException(rendered, detail);
    }

    @Override
    public String toString() {
        return rendered;
    }
}
