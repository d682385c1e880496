package dev.authstash.client;

import java.util.ArrayList;
import java.util.List;

/**
 * Extracts the hop list (left = farthest, right = nearest) from {@code X-Forwarded-For} or RFC 7239
 * {@code Forwarded} header values. Bounded: only the last {@link #MAX_CHARS} chars of the joined values and
 * the last {@link #MAX_HOPS} hops are read (the dropped left part is the part a client can forge anyway).
 * A hop that is not an address (an element without {@code for=}, {@code unknown}, {@code _hidden}) is
 * returned as its raw text and fails {@link #address}.
 */
final class ForwardedHops {
    static final int MAX_CHARS = 8192;
    static final int MAX_HOPS = 64;

    private ForwardedHops() {}

    static List<String> xForwardedFor(List<String> values) {
        return last(splitQuoted(bounded(values), ','));
    }

    static List<String> forwarded(List<String> values) {
        List<String> hops = new ArrayList<>();
        for (String element : splitQuoted(bounded(values), ',')) {
            String hop = "";
            for (String pair : splitQuoted(element, ';')) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).trim().equalsIgnoreCase("for")) {
                    hop = unquote(pair.substring(eq + 1).trim());
                    break;
                }
            }
            hops.add(hop);
        }
        return last(hops);
    }

    /** Whether any value has non-blank content. */
    static boolean present(List<String> values) {
        if (values == null) {
            return false;
        }
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return true;
            }
        }
        return false;
    }

    private static String bounded(List<String> values) {
        StringBuilder joined = new StringBuilder();
        if (values != null) {
            for (String value : values) {
                if (value != null) {
                    joined.append(joined.length() == 0 ? "" : ",").append(value);
                }
            }
        }
        if (joined.length() <= MAX_CHARS) {
            return joined.toString();
        }
        String tail = joined.substring(joined.length() - MAX_CHARS);
        int comma = tail.indexOf(',');
        return comma < 0 ? "" : tail.substring(comma + 1);
    }

    private static List<String> last(List<String> hops) {
        return hops.size() <= MAX_HOPS ? hops : hops.subList(hops.size() - MAX_HOPS, hops.size());
    }

    /** Splits at {@code separator} outside double quotes (backslash escapes inside quotes); parts trimmed. */
    static List<String> splitQuoted(String text, char separator) {
        List<String> parts = new ArrayList<>();
        if (text.isEmpty()) {
            return parts;
        }
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == separator && !quoted) {
                parts.add(text.substring(start, i).trim());
                start = i + 1;
            }
        }
        parts.add(text.substring(start).trim());
        return parts;
    }

    private static String unquote(String value) {
        if (value.length() < 2 || value.charAt(0) != '"' || value.charAt(value.length() - 1) != '"') {
            return value;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 1; i < value.length() - 1; i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length() - 1) {
                c = value.charAt(++i);
            }
            out.append(c);
        }
        return out.toString();
    }

    /**
     * The address of one hop or peer: an IP literal, optionally in brackets (IPv6), with an optional
     * {@code :port} and an optional IPv6 zone {@code %id} (dropped). Null when it is anything else.
     */
    static byte[] address(String hop) {
        if (hop == null || hop.length() > 100) {
            return null;
        }
        String host = hop.trim();
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            if (close < 0 || !isPortSuffix(host.substring(close + 1))) {
                return null;
            }
            host = host.substring(1, close);
        } else if (host.indexOf(':') >= 0 && host.indexOf(':') == host.lastIndexOf(':')) {
            int colon = host.indexOf(':');
            if (!isPortSuffix(host.substring(colon))) {
                return null;
            }
            host = host.substring(0, colon);
        }
        int zone = host.indexOf('%');
        if (zone >= 0 && host.indexOf(':') >= 0 && isZoneId(host, zone + 1)) {
            host = host.substring(0, zone);
        }
        return IpLiteral.parse(host);
    }

    /** Empty, or {@code :} and 1 to 5 digits (no regex: this runs per hop). */
    private static boolean isPortSuffix(String suffix) {
        if (suffix.isEmpty()) {
            return true;
        }
        if (suffix.length() < 2 || suffix.length() > 6 || suffix.charAt(0) != ':') {
            return false;
        }
        for (int i = 1; i < suffix.length(); i++) {
            if (suffix.charAt(i) < '0' || suffix.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code host} from {@code start} on is 1 to 32 chars of {@code [A-Za-z0-9_.-]}. */
    private static boolean isZoneId(String host, int start) {
        int length = host.length() - start;
        if (length < 1 || length > 32) {
            return false;
        }
        for (int i = start; i < host.length(); i++) {
            char c = host.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.'
                    || c == '-')) {
                return false;
            }
        }
        return true;
    }
}
