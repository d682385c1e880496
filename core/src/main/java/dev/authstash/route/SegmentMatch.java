package dev.authstash.route;

/** Matches one path segment against one glob segment in which {@code *} matches zero or more chars. */
final class SegmentMatch {
    private SegmentMatch() {}

    static boolean matches(String pattern, String text) {
        return matches(pattern, text, 0, text.length());
    }

    /** As {@link #matches(String, String)} against the chars {@code [from, to)} of {@code text}. */
    static boolean matches(String pattern, String text, int from, int to) {
        if (pattern.indexOf('*') < 0) {
            return pattern.length() == to - from && text.regionMatches(from, pattern, 0, pattern.length());
        }
        int p = 0, t = from, starP = -1, starT = -1;
        while (t < to) {
            if (p < pattern.length() && pattern.charAt(p) == '*') {
                starP = p++;
                starT = t;
            } else if (p < pattern.length() && pattern.charAt(p) == text.charAt(t)) {
                p++;
                t++;
            } else if (starP >= 0) {
                p = starP + 1;
                t = ++starT;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }
}
