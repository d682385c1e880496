package dev.authstash.route;

import java.util.ArrayList;
import java.util.List;

/**
 * Normalizes a raw request path so that every spelling of a route has one form, in this order:
 * cut at {@code ?} or {@code #}; split at {@code /} and {@code \}; strip {@code ;params} from each raw
 * segment; percent-decode once as UTF-8 (decoded {@code /} and {@code \} split again); drop empty
 * segments and {@code .}; resolve {@code ..} (clamped at the root); reject control characters.
 * The result starts with {@code /}, has no trailing slash (except {@code /} itself), preserves case,
 * and re-encodes {@code % ; ? #} as {@code %25 %3B %3F %23} so that normalizing it again gives it back.
 */
public final class PathNormalizer {
    /** Longest accepted path, in chars, both raw (after the query is cut) and normalized. */
    public static final int MAX_LENGTH = 8192;

    private PathNormalizer() {}

    /**
     * The normalized path inside {@code rawPrefix} (e.g. a servlet context path): both are normalized first, so
     * no spelling of the prefix ({@code //}, encodings, {@code ;params}, dot segments) shifts the rest.
     *
     * @return {@code /} when the path is the prefix, the rest after it, or null when it is not under the prefix
     * @throws IllegalArgumentException when either cannot be normalized
     */
    public static String within(String rawPath, String rawPrefix) {
        String path = normalize(rawPath);
        String prefix = normalize(rawPrefix);
        if (prefix.equals("/")) {
            return path;
        }
        if (path.equals(prefix)) {
            return "/";
        }
        return path.startsWith(prefix + "/") ? path.substring(prefix.length()) : null;
    }

    /**
     * Normalizes a raw request path (see the class comment).
     *
     * @throws IllegalArgumentException when the path cannot be normalized (adapters answer 400)
     */
    public static String normalize(String rawPath) {
        if (rawPath == null) {
            throw new IllegalArgumentException("request path must not be null");
        }
        return isNormal(rawPath) ? rawPath : rebuild(rawPath); // common case: already normal, nothing allocated
    }

    /** {@link #normalize} without the already-normal shortcut (package-private for the test comparing both). */
    static String rebuild(String rawPath) {
        String path = cutQuery(rawPath);
        if (path.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(
                    "request path is longer than " + MAX_LENGTH + " characters (" + path.length() + ")");
        }
        rejectControl(path, path);
        List<String> segments = new ArrayList<>();
        int start = 0;
        int semicolon = -1; // first ';' of the current raw segment
        for (int i = 0; i <= path.length(); i++) {
            char c = i == path.length() ? '/' : path.charAt(i);
            if (c == ';' && semicolon < 0) {
                semicolon = i;
            } else if (isSeparator(c)) {
                int end = semicolon >= 0 ? semicolon : i;
                if (end > start) {
                    pushDecoded(segments, PercentDecoder.decode(path.substring(start, end), path), path);
                }
                start = i + 1;
                semicolon = -1;
            }
        }
        String result = join(segments);
        if (result.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(
                    "normalized request path is longer than " + MAX_LENGTH + " characters (" + result.length() + ")");
        }
        return result;
    }

    /**
     * Whether {@code path} is already its own normal form: starts with {@code /}, at most {@link #MAX_LENGTH} chars,
     * no {@code ? # ; % \\} or control character, no empty, {@code .} or {@code ..} segment, no trailing slash.
     */
    static boolean isNormal(String path) {
        int length = path.length();
        if (length == 0 || length > MAX_LENGTH || path.charAt(0) != '/') {
            return false;
        }
        if (length == 1) {
            return true;
        }
        int segmentStart = 1;
        for (int i = 1; i <= length; i++) {
            char c = i == length ? '/' : path.charAt(i);
            if (c == '/') {
                int segment = i - segmentStart;
                if (segment == 0 || (path.charAt(segmentStart) == '.'
                        && (segment == 1 || (segment == 2 && path.charAt(segmentStart + 1) == '.')))) {
                    return false;
                }
                segmentStart = i + 1;
            } else if (c == '?' || c == '#' || c == ';' || c == '%' || c == '\\' || Character.isISOControl(c)) {
                return false;
            }
        }
        return true;
    }

    private static String cutQuery(String rawPath) {
        for (int i = 0; i < rawPath.length(); i++) {
            char c = rawPath.charAt(i);
            if (c == '?' || c == '#') {
                return rawPath.substring(0, i);
            }
        }
        return rawPath;
    }

    private static void rejectControl(String text, String path) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i))) {
                throw new IllegalArgumentException(String.format(
                        "request path contains control character U+%04X: %s", (int) text.charAt(i), quote(path)));
            }
        }
    }

    private static boolean isSeparator(char c) {
        return c == '/' || c == '\\';
    }

    /** Splits a decoded segment again at {@code /} and {@code \\} (decoded separators) and pushes the parts. */
    private static void pushDecoded(List<String> segments, String decoded, String path) {
        int start = 0;
        for (int i = 0; i <= decoded.length(); i++) {
            if (i == decoded.length() || isSeparator(decoded.charAt(i))) {
                push(segments, start == 0 && i == decoded.length() ? decoded : decoded.substring(start, i), path);
                start = i + 1;
            }
        }
    }

    private static void push(List<String> segments, String segment, String path) {
        rejectControl(segment, path);
        if (segment.isEmpty() || segment.equals(".")) {
            return;
        }
        if (segment.equals("..")) {
            if (!segments.isEmpty()) {
                segments.remove(segments.size() - 1);
            }
            return;
        }
        segments.add(segment);
    }

    private static String join(List<String> segments) {
        if (segments.isEmpty()) {
            return "/";
        }
        StringBuilder out = new StringBuilder();
        for (String segment : segments) {
            out.append('/');
            for (int i = 0; i < segment.length(); i++) {
                char c = segment.charAt(i);
                switch (c) {
                    case '%' -> out.append("%25");
                    case ';' -> out.append("%3B");
                    case '?' -> out.append("%3F");
                    case '#' -> out.append("%23");
                    default -> out.append(c);
                }
            }
        }
        return out.toString();
    }

    /** The path in quotes for an error message: at most 100 chars, control chars escaped. */
    static String quote(String path) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < Math.min(path.length(), 100); i++) {
            char c = path.charAt(i);
            out.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return out.append(path.length() > 100 ? "...\"" : "\"").toString();
    }
}
