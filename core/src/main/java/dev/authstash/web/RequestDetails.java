package dev.authstash.web;

/**
 * The parts of a request that rate-limit keys may read beyond {@link RequestInfo}, supplied by an adapter and
 * read lazily: only when a matched rule's key needs them ({@code header:}, {@code body:}, {@code user}).
 */
public interface RequestDetails {
    /** Nothing beyond {@link RequestInfo}: header and body keys fall back to the client IP (never fail closed). */
    RequestDetails NONE = new RequestDetails() {
        @Override
        public String header(String name) {
            return null;
        }

        @Override
        public byte[] body(int maxBytes) {
            return null;
        }
    };

    /** The first value of a request header (name compared ignoring case), or null. */
    String header(String name);

    /**
     * The whole request body when it has at most {@code maxBytes} bytes (an empty array when there is none), else
     * (or when unreadable) null: a {@code body:} key then refuses the request (413). Called at most once per request; the application must still be able to read the whole body
     * afterwards (the adapter replays what it read).
     */
    byte[] body(int maxBytes);

    /**
     * The first value of a request parameter (query string, then a form body) as the container parses it — the
     * value a form login reads — or null when absent or not readable by this adapter: a {@code param:} key then
     * refuses the request (400). Default: none readable.
     */
    default String parameter(String name) {
        return null;
    }
}
