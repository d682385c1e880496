package dev.authstash.ratelimit;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Whose quota a rule counts, JSON {@code key}: parts joined by {@code +}, each {@code ip} (the client IP),
 * {@code user} (the session's user id), {@code body:<field>} (a top-level JSON body field, trimmed and
 * lower-cased), {@code param:<name>} (a request parameter — query string or form body — as the servlet container
 * parses it, the value form logins such as Spring Security's read; canonical form), {@code header:<name>} (a header value an application {@link HeaderAuthenticator} vouches for) or
 * {@code resolver:<name>} (a registered {@link KeyResolver}) or {@code account} (the account identifier the application
 * reports in code, {@code RequestGate.attempt}, in {@link dev.authstash.Identifiers#canonical} form: such a rule is
 * never applied by the route filters, only by that call). When any part is unavailable for a request (no
 * session, no or unreadable body, a header nobody vouches for, a resolver answering empty), the request is
 * counted under its client IP instead. Immutable.
 *
 * @param parts the parts in order, at least one, no duplicates
 */
public record RuleKey(List<Part> parts) {
    /** The default: the client IP. */
    public static final RuleKey IP = new RuleKey(List.of(new Part(Kind.IP, "")));

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    /** What one part reads. */
    public enum Kind {
        IP, USER, BODY, PARAM, HEADER, RESOLVER, ACCOUNT;

        /** Whether the part names an account identifier, counted in {@link dev.authstash.Identifiers#canonical} form. */
        public boolean identifier() {
            return this == BODY || this == PARAM || this == ACCOUNT;
        }
    }

    /** @param name the field, header or resolver name; {@code ""} for {@code ip} and {@code user} */
    public record Part(Kind kind, String name) {
        String spec() {
            return switch (kind) {
                case IP -> "ip";
                case USER -> "user";
                case ACCOUNT -> "account";
                default -> kind.name().toLowerCase(Locale.ROOT) + ':' + name;
            };
        }
    }

    public RuleKey {
        parts = List.copyOf(parts);
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("a rule key needs at least one part");
        }
    }

    /**
     * Parses {@code ip}, {@code user}, {@code account}, {@code body:email}, {@code header:X-Api-Key}, {@code resolver:tenant} and
     * their {@code +} combinations (header names are compared ignoring case).
     *
     * @throws IllegalArgumentException naming the part that is wrong and what is expected
     */
    public static RuleKey parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("expected ip, user, account, body:<field>, param:<name>, header:<name>, resolver:<name>"
                    + " or a combination joined by '+', got " + (spec == null ? "null" : "\"" + spec + "\""));
        }
        List<Part> parts = new ArrayList<>();
        for (String raw : spec.split("\\+", -1)) {
            String text = raw.strip();
            Part part = part(text);
            if (parts.contains(part)) {
                throw new IllegalArgumentException("key part \"" + text + "\" appears twice");
            }
            parts.add(part);
        }
        return new RuleKey(parts);
    }

    private static Part part(String text) {
        if (text.equals("ip")) {
            return new Part(Kind.IP, "");
        }
        if (text.equals("user")) {
            return new Part(Kind.USER, "");
        }
        if (text.equals("account")) {
            return new Part(Kind.ACCOUNT, "");
        }
        int colon = text.indexOf(':');
        Kind kind = switch (colon < 0 ? text : text.substring(0, colon)) {
            case "body" -> Kind.BODY;
            case "param" -> Kind.PARAM;
            case "header" -> Kind.HEADER;
            case "resolver" -> Kind.RESOLVER;
            default -> null;
        };
        String name = colon < 0 ? "" : text.substring(colon + 1);
        if (kind == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("expected ip, user, account, body:<field>, param:<name>, header:<name> or resolver:<name>"
                    + " (names of 1-64 letters, digits, '_', '.', '-'), got \"" + text + "\"");
        }
        return new Part(kind, kind == Kind.HEADER ? name.toLowerCase(Locale.ROOT) : name);
    }

    /** The JSON spelling, e.g. {@code ip+body:email}. */
    public String spec() {
        return String.join("+", parts.stream().map(Part::spec).toList());
    }

    /** Whether some part is of {@code kind}. */
    public boolean uses(Kind kind) {
        return parts.stream().anyMatch(p -> p.kind() == kind);
    }

    @Override
    public String toString() {
        return spec();
    }
}
