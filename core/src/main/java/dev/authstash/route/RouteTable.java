package dev.authstash.route;

import java.util.Optional;

/**
 * STUB — being implemented (issue 2). Maps route globs to values; an exact route beats a glob, a more
 * specific glob beats a less specific one, declaration order breaks ties. Immutable, thread-safe.
 */
public final class RouteTable<T> {
    private RouteTable() {}

    public static <T> Builder<T> builder() {
        throw new UnsupportedOperationException("stub");
    }

    /** The value of the best rule for a normalized path, or empty when no glob matches. */
    public Optional<T> match(String normalizedPath) {
        throw new UnsupportedOperationException("stub");
    }

    public static final class Builder<T> {
        private Builder() {}

        /** @throws IllegalArgumentException for an invalid glob or a glob declared twice */
        public Builder<T> add(String glob, T value) {
            throw new UnsupportedOperationException("stub");
        }

        public RouteTable<T> build() {
            throw new UnsupportedOperationException("stub");
        }
    }
}
