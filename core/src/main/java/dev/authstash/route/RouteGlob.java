package dev.authstash.route;

/** STUB — being implemented (issue 2). A compiled route glob. */
public final class RouteGlob {
    private RouteGlob() {}

    /** @throws IllegalArgumentException naming what is wrong with {@code glob} */
    public static RouteGlob compile(String glob) {
        throw new UnsupportedOperationException("stub");
    }

    /** Whether a normalized path matches. */
    public boolean matches(String normalizedPath) {
        throw new UnsupportedOperationException("stub");
    }
}
