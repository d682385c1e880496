package dev.authstash.route;

import java.util.Comparator;

/**
 * A compiled route glob, relative to the base path, matched against normalized paths (see
 * {@link PathNormalizer}). {@code *} inside a segment matches any chars within that one segment (a whole
 * {@code *} segment matches exactly one segment); {@code **} as a whole segment matches zero or more
 * segments. A glob without wildcards is an exact route. Matching is case-sensitive. Immutable.
 */
public final class RouteGlob {
    private static final String FORBIDDEN = "?#;%\\";

    private final String glob;
    private final String[] segments;
    private final Specificity specificity;

    private RouteGlob(String glob, String[] segments, Specificity specificity) {
        this.glob = glob;
        this.segments = segments;
        this.specificity = specificity;
    }

    /** @throws IllegalArgumentException naming what is wrong with {@code glob} */
    public static RouteGlob compile(String glob) {
        if (glob == null) {
            throw new IllegalArgumentException("route glob must not be null");
        }
        if (!glob.startsWith("/")) {
            throw invalid(glob, "must start with '/'");
        }
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c) || Character.isSpaceChar(c)) {
                throw invalid(glob, String.format("must not contain whitespace or control characters (U+%04X)", (int) c));
            }
            if (FORBIDDEN.indexOf(c) >= 0) {
                throw invalid(glob, "must not contain '" + c + "' (globs match decoded, normalized paths)");
            }
        }
        String[] segments = glob.equals("/") ? new String[0] : glob.substring(1).split("/", -1);
        int literalSegments = 0, globstars = 0, stars = 0, literalChars = 0;
        for (String segment : segments) {
            if (segment.isEmpty()) {
                throw invalid(glob, glob.endsWith("/") ? "must not end with '/'" : "must not contain an empty segment ('//')");
            }
            if (segment.equals(".") || segment.equals("..")) {
                throw invalid(glob, "must not contain '.' or '..' segments");
            }
            if (segment.contains("***")) {
                throw invalid(glob, "'***' is not a wildcard (use '*' or '**')");
            }
            if (segment.contains("**") && !segment.equals("**")) {
                throw invalid(glob, "'**' must be a whole segment, found \"" + segment + "\"");
            }
            if (segment.equals("**")) {
                globstars++;
                continue;
            }
            int segmentStars = (int) segment.chars().filter(c -> c == '*').count();
            stars += segmentStars;
            literalChars += segment.length() - segmentStars;
            if (segmentStars == 0) {
                literalSegments++;
            }
        }
        return new RouteGlob(glob, segments, new Specificity(literalSegments, globstars, stars, literalChars));
    }

    private static IllegalArgumentException invalid(String glob, String problem) {
        return new IllegalArgumentException("route glob " + PathNormalizer.quote(glob) + " " + problem);
    }

    /** Whether a normalized path matches. */
    public boolean matches(String normalizedPath) {
        return matches(normalizedPath, bounds(normalizedPath));
    }

    /** The glob as written. */
    public String glob() {
        return glob;
    }

    /** Whether this glob has no wildcard, i.e. matches exactly one path: itself. */
    public boolean isExact() {
        return specificity.globstars == 0 && specificity.stars == 0;
    }

    /** How specific this glob is; greater is more specific (see {@link Specificity}). */
    public Specificity specificity() {
        return specificity;
    }

    @Override
    public String toString() {
        return glob;
    }

    /**
     * Where the segments of a normalized path are, without cutting them out: segment {@code i} is the chars
     * {@code [b[i], b[i + 1] - 1)}; the array holds one entry more than there are segments ({@code "/"} has none).
     */
    static int[] bounds(String normalizedPath) {
        if (normalizedPath.equals("/") || normalizedPath.isEmpty()) {
            return new int[] {normalizedPath.length() + 1};
        }
        int count = 1;
        for (int i = 1; i < normalizedPath.length(); i++) {
            count += normalizedPath.charAt(i) == '/' ? 1 : 0;
        }
        int[] bounds = new int[count + 1];
        bounds[0] = 1;
        for (int i = 1, n = 1; i < normalizedPath.length(); i++) {
            if (normalizedPath.charAt(i) == '/') {
                bounds[n++] = i + 1;
            }
        }
        bounds[count] = normalizedPath.length() + 1;
        return bounds;
    }

    /** Segment-level glob match: '**' is the only multi-element wildcard, so last-star backtracking is exact. */
    boolean matches(String path, int[] bounds) {
        int count = bounds.length - 1;
        int p = 0, t = 0, starP = -1, starT = -1;
        while (t < count) {
            if (p < segments.length && segments[p].equals("**")) {
                starP = p++;
                starT = t;
            } else if (p < segments.length
                    && SegmentMatch.matches(segments[p], path, bounds[t], bounds[t + 1] - 1)) {
                p++;
                t++;
            } else if (starP >= 0) {
                p = starP + 1;
                t = ++starT;
            } else {
                return false;
            }
        }
        while (p < segments.length && segments[p].equals("**")) {
            p++;
        }
        return p == segments.length;
    }

    /**
     * Precedence among globs: more literal segments first, then fewer {@code **}, then fewer {@code *},
     * then more literal chars. {@link #compareTo} is positive when this one is more specific.
     */
    public record Specificity(int literalSegments, int globstars, int stars, int literalChars)
            implements Comparable<Specificity> {
        private static final Comparator<Specificity> ORDER = Comparator
                .comparingInt(Specificity::literalSegments)
                .thenComparing(Comparator.comparingInt(Specificity::globstars).reversed())
                .thenComparing(Comparator.comparingInt(Specificity::stars).reversed())
                .thenComparingInt(Specificity::literalChars);

        @Override
        public int compareTo(Specificity other) {
            return ORDER.compare(this, other);
        }
    }
}
