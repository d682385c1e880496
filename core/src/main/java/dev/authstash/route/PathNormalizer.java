package dev.authstash.route;

/** STUB — being implemented (issue 2). */
public final class PathNormalizer {
    private PathNormalizer() {}

    /**
     * Normalizes a raw request path so that every spelling of a route has one form.
     *
     * @throws IllegalArgumentException when the path cannot be normalized (adapters answer 400)
     */
    public static String normalize(String rawPath) {
        throw new UnsupportedOperationException("stub");
    }
}
