package dev.authstash.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Names accepted in {@code advanced.ipAddress.ipAddressHeaders}. Any HTTP header name may be listed; its value
 * is read as a comma-separated hop list ({@code X-Forwarded-For} syntax), except {@code forwarded}, read as
 * RFC 7239 {@code for=} elements. Refused: names that are not HTTP tokens, near misses of a known client-IP
 * header ({@code x-forwarded-fro}, {@code x_forwarded_for}), and headers that never carry a client address
 * ({@code host}, {@code cookie}, ...).
 */
public final class IpHeaders {
    /** Client-IP headers set by common proxies, CDNs and platforms. */
    public static final List<String> KNOWN = List.of("x-forwarded-for", "forwarded", "x-real-ip", "cf-connecting-ip",
            "cf-connecting-ipv6", "true-client-ip", "fly-client-ip", "fastly-client-ip", "x-client-ip",
            "x-cluster-client-ip", "x-appengine-user-ip", "x-azure-clientip", "x-vercel-forwarded-for",
            "x-envoy-external-address");
    private static final List<String> NEVER = List.of("host", "cookie", "authorization", "user-agent", "origin",
            "referer", "content-type", "content-length", "accept", "x-forwarded-proto", "x-forwarded-host",
            "x-forwarded-port");
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+\\-.^_`|~0-9A-Za-z]{1,64}");

    private IpHeaders() {}

    /**
     * The lower-cased header name.
     *
     * @throws IllegalArgumentException telling why the name is refused
     */
    public static String name(String header) {
        if (header == null || !TOKEN.matcher(header).matches()) {
            throw new IllegalArgumentException("expected an HTTP header name (at most 64 letters, digits and "
                    + "!#$%&'*+-.^_`|~), got " + show(header));
        }
        String name = header.toLowerCase(Locale.ROOT);
        if (NEVER.contains(name)) {
            throw new IllegalArgumentException(show(name) + " never carries the client address; expected a header "
                    + "your proxy sets, such as \"x-forwarded-for\", \"forwarded\" or \"x-real-ip\"");
        }
        if (!KNOWN.contains(name)) {
            for (String known : KNOWN) {
                if (closeTo(name, known)) {
                    throw new IllegalArgumentException("unknown header " + show(name) + "; did you mean "
                            + show(known) + "?");
                }
            }
        }
        return name;
    }

    /** Each name checked and lower-cased, duplicates refused; messages start with {@code ipAddressHeaders[i]}. */
    static List<String> normalize(List<String> headers) {
        List<String> out = new ArrayList<>(headers.size());
        for (int i = 0; i < headers.size(); i++) {
            String name;
            try {
                name = name(headers.get(i));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("ipAddressHeaders[" + i + "]: " + e.getMessage(), e);
            }
            if (out.contains(name)) {
                throw new IllegalArgumentException("ipAddressHeaders[" + i + "]: " + duplicate(name, out.indexOf(name)));
            }
            out.add(name);
        }
        return List.copyOf(out);
    }

    /** The message for a header listed twice, the first time at {@code firstIndex}. */
    public static String duplicate(String name, int firstIndex) {
        return "expected each header once, got " + show(name) + " again (first at [" + firstIndex + "])";
    }

    static boolean isForwarded(String name) {
        return name.equals("forwarded");
    }

    /** Same letters with {@code _} for {@code -}, or at most 2 edits apart. */
    private static boolean closeTo(String name, String known) {
        if (name.replace('_', '-').equals(known)) {
            return true;
        }
        return Math.abs(name.length() - known.length()) <= 2 && distance(name, known) <= 2;
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private static String show(String value) {
        if (value == null) {
            return "null";
        }
        String shown = value.length() > 64 ? value.substring(0, 64) + "..." : value;
        return "\"" + shown.replaceAll("\\p{Cntrl}", "?").replace("\"", "\\\"") + "\"";
    }
}
