package dev.authstash.storage;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operations feed every instance of one deployment shares: a Redis stream ({@code {rv}:log}) that instances
 * append short messages to (one {@code XADD} script each: session revocations for the cookie cache, rate-limit
 * resets for the block caches) and that each instance polls every {@link #POLL} on one daemon thread, together with
 * the version of the rate-limit rule overrides ({@code {rv}:rules}, same hash tag: the same script call). No extra
 * round trip per request; works on standalone Redis, Sentinel, Cluster and Upstash REST (no pub/sub there). An
 * instance resumes after the last entry it read, so a failed poll loses nothing; when entries were lost (trimmed
 * past it, or the stream itself lost) its listeners are told ({@link Listener#lost()}). Without Redis (memory, a
 * plain secondary storage) there is no feed: {@link #shared()} is false and {@link #publish} does nothing. Adapter
 * plumbing, not an application API. Thread-safe.
 */
public final class Feed implements AutoCloseable {
    /** Pause between two polls of the stream (system property {@code authstash.feed.pollMillis}, default 250). */
    public static final Duration POLL = Duration.ofMillis(250);
    /** The system property that changes the pause between polls, in ms (tests that count Redis commands). */
    public static final String POLL_PROPERTY = "authstash.feed.pollMillis";
    /** Most stream entries kept in Redis. */
    public static final int STREAM_LENGTH = 100_000;
    public static final String STREAM_KEY = "{rv}:log";
    /** The hash of the rate-limit rule overrides, under the stream's hash tag so one poll reads its version. */
    public static final String RULES_KEY = "{rv}:rules";
    private static final int BATCH = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(Feed.class);
    private static final RedisScript PUBLISH = RedisScript.fromResource(Feed.class, "feed_publish.lua");
    private static final RedisScript READ = RedisScript.fromResource(Feed.class, "feed_poll.lua");

    /** What a part of authstash does with the feed; every method runs on the polling thread. */
    public interface Listener {
        /** One message another instance (or this one) published. */
        void message(String message);

        /** Entries after the last one read are gone: whatever they said may have been missed. */
        default void lost() {}

        /** A poll succeeded; {@code rulesVersion} is the overrides' version in storage ({@code ""} = none). */
        default void polled(String rulesVersion) {}

        /** Polls fail ({@code down}) or succeed again after failing. */
        default void channel(boolean down, RuntimeException cause) {}
    }

    private final ScriptStorage redis;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private volatile long windowMillis;
    private volatile boolean up;
    private volatile boolean everUp;
    private volatile boolean started;
    private volatile boolean stopped;
    private volatile Thread thread;
    private final long pollMillis = Math.max(1, Long.getLong(POLL_PROPERTY, POLL.toMillis()));
    private String lastId = "";
    /** {@link #lastId} when the stream was empty at the first read: read from its start. */
    private static final String EMPTY = "0-0";

    /** @param redis the shared store, or null (no feed: this process only) */
    public Feed(ScriptStorage redis) {
        this.redis = redis;
        this.up = redis == null;
    }

    /** A feed over {@code storage} when it runs scripts (Redis, Upstash REST), else none. */
    public static Feed over(SecondaryStorage storage) {
        return new Feed(storage instanceof ScriptStorage s ? s : null);
    }

    /** Whether messages reach other instances (Redis or Upstash REST). */
    public boolean shared() {
        return redis != null;
    }

    /** The store the feed runs on, or null. */
    public ScriptStorage storage() {
        return redis;
    }

    /** Whether the last poll succeeded (always true without Redis). */
    public boolean up() {
        return up;
    }

    /**
     * Asks the first poll to read the last {@code history} of the stream too (the longest any listener asks), so a
     * new instance learns what was published shortly before it started. Call before {@link #start}.
     */
    public void history(Duration history) {
        windowMillis = Math.max(windowMillis, history.toMillis());
    }

    public void subscribe(Listener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Starts polling (first call only; no thread without Redis): one poll now, then every {@link #POLL}. */
    public synchronized void start() {
        if (redis == null || started) {
            return;
        }
        started = true;
        poll();
        Thread t = new Thread(this::loop, "authstash-feed");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    /** Appends {@code message} to the shared stream (nothing without Redis); throws a storage failure. */
    public void publish(String message) {
        if (redis != null) {
            redis.eval(PUBLISH, List.of(STREAM_KEY), List.of(Integer.toString(STREAM_LENGTH), message));
        }
    }

    @Override
    public void close() {
        stopped = true;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    private void loop() {
        while (!stopped) {
            try {
                Thread.sleep(pollMillis);
            } catch (InterruptedException e) {
                return;
            }
            poll();
        }
    }

    /** Reads what the stream holds after {@link #lastId}, until it is read up; never throws. */
    public void poll() {
        if (redis == null) {
            return;
        }
        try {
            String version = "";
            for (int round = 0; round < 100 && !stopped; round++) {
                Object[] r = read();
                version = (String) r[1];
                if ((int) r[0] < BATCH) {
                    break;
                }
            }
            boolean wasDown = !up && everUp;
            up = true;
            everUp = true;
            for (Listener l : listeners) {
                if (wasDown) {
                    l.channel(false, null);
                }
                l.polled(version);
            }
        } catch (RuntimeException e) {
            if (up || !everUp) {
                for (Listener l : listeners) {
                    l.channel(true, e);
                }
            }
            up = false;
            everUp = true;
        }
    }

    /** One read; returns {entries taken, rules version}. */
    private synchronized Object[] read() {
        Object reply = redis.eval(READ, List.of(STREAM_KEY, RULES_KEY),
                List.of(lastId, Long.toString(windowMillis), Integer.toString(BATCH)));
        if (!(reply instanceof List<?> parts) || parts.size() < 5) {
            throw new IllegalStateException("unexpected feed stream reply: " + reply);
        }
        List<?> entries = parts.get(0) instanceof List<?> l ? l : List.of();
        String first = text(parts.get(1));
        String last = text(parts.get(2));
        long length = parts.get(3) instanceof Number n ? n.longValue() : 0;
        String version = text(parts.get(4));
        if (!lastId.isEmpty() && !lastId.equals(EMPTY) && (last.isEmpty() || older(last, lastId)
                || (older(lastId, first) && length >= STREAM_LENGTH))) {
            LOG.warn("authstash operations feed {{rv}}:log lost entries this instance had not read");
            lastId = last;
            listeners.forEach(Listener::lost);
            return new Object[] {0, version};
        }
        for (Object e : entries) {
            if (e instanceof List<?> entry && entry.size() == 2) {
                lastId = text(entry.get(0));
                if (entry.get(1) instanceof List<?> fields && fields.size() == 2) {
                    String message = text(fields.get(1));
                    for (Listener l : listeners) {
                        try {
                            l.message(message);
                        } catch (RuntimeException ex) {
                            LOG.debug("feed message not applied: {}", ex.toString());
                        }
                    }
                }
            }
        }
        if (lastId.isEmpty() && entries.isEmpty()) {
            lastId = last.isEmpty() ? EMPTY : last; // nothing in the window: go on after the stream's end
        }
        return new Object[] {entries.size(), version};
    }

    /** Whether stream id {@code a} is before {@code b} ({@code "<ms>-<seq>"}). */
    private static boolean older(String a, String b) {
        if (a.isEmpty() || b.isEmpty()) {
            return false;
        }
        long[] x = id(a);
        long[] y = id(b);
        return x[0] < y[0] || (x[0] == y[0] && x[1] < y[1]);
    }

    private static long[] id(String s) {
        int dash = s.indexOf('-');
        return new long[] {Long.parseLong(s.substring(0, dash)), Long.parseLong(s.substring(dash + 1))};
    }

    private static String text(Object o) {
        return o == null ? "" : o instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(o);
    }
}
