package dev.authstash.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One response header line. Outcomes carry headers as an ordered list of these, so that two {@code Set-Cookie}
 * lines (the session cookie and the cookie cache's) are two entries with the same name.
 *
 * @param name  header name as it is written, e.g. {@code Set-Cookie}
 * @param value header value
 */
public record Header(String name, String value) {
    /** Name of the cookie header. */
    public static final String SET_COOKIE = "Set-Cookie";

    public Header {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }

    /** Whether this is a {@code Set-Cookie} line (name compared ignoring case). */
    public boolean isSetCookie() {
        return name.equalsIgnoreCase(SET_COOKIE);
    }

    /** The cookie a {@code Set-Cookie} line sets ({@code name=} prefix of its value), else null. */
    public String cookieName() {
        if (!isSetCookie()) {
            return null;
        }
        int eq = value.indexOf('=');
        return eq < 0 ? value.strip() : value.substring(0, eq).strip();
    }

    /**
     * The headers of a map in order, with every spelling of {@code Set-Cookie} (the cookie cache's cookie used a
     * lower-case key to fit in one map) written as {@link #SET_COOKIE}.
     */
    public static List<Header> of(Map<String, String> headers) {
        if (headers == null || headers.isEmpty()) {
            return List.of();
        }
        List<Header> list = new ArrayList<>(headers.size());
        headers.forEach((name, value) -> list.add(new Header(
                name.equalsIgnoreCase(SET_COOKIE) ? SET_COOKIE : name, value)));
        return List.copyOf(list);
    }

    /**
     * {@code earlier} then {@code later}, where a line of {@code later} replaces the lines of {@code earlier} it
     * overrides: a {@code Set-Cookie} those for the same cookie, any other header those of the same name (ignoring
     * case). Order is kept otherwise.
     */
    public static List<Header> merge(List<Header> earlier, List<Header> later) {
        if (later.isEmpty()) {
            return earlier;
        }
        if (earlier.isEmpty()) {
            return later;
        }
        List<Header> merged = new ArrayList<>(earlier.size() + later.size());
        for (Header e : earlier) {
            if (later.stream().noneMatch(l -> l.overrides(e))) {
                merged.add(e);
            }
        }
        merged.addAll(later);
        return List.copyOf(merged);
    }

    /** Whether this line replaces {@code other} when both are meant for one response. */
    public boolean overrides(Header other) {
        if (isSetCookie() || other.isSetCookie()) {
            return isSetCookie() && other.isSetCookie() && cookieName().equals(other.cookieName());
        }
        return name.toLowerCase(Locale.ROOT).equals(other.name.toLowerCase(Locale.ROOT));
    }
}
