package dev.authstash.session;

import dev.authstash.storage.RedisScript;
import dev.authstash.storage.ScriptStorage;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The revocations the cookie cache ({@code session.cookieCache}) must know, from every instance: a bounded local
 * set of revoked session ids and per-user revoke-all marks, each kept for the cookie cache's {@code maxAge} (a cache
 * cookie issued before a revocation is expired after that). Filled by this instance's revocations at once and, with
 * Redis (TCP or Upstash REST), by a stream every instance appends to ({@code {rv}:log}, one {@code XADD} script per
 * revocation) and polls every {@link #POLL} on a daemon thread — no extra round trip per request, works on standalone,
 * Sentinel, Cluster (the stream has its own hash tag) and Upstash REST (no pub/sub there). An instance resumes from the
 * last entry it read, so a poll that failed loses nothing; when entries were lost (the stream trimmed past it, or
 * Redis lost the stream) cookies issued before that moment are no longer trusted. A new instance reads the last
 * {@code maxAge} of the stream first. While polls fail the channel is down ({@link #channel()}): cookies then stay
 * trusted, {@code maxAge} being the bound. Thread-safe.
 */
final class RevocationFeed implements AutoCloseable {
    /** Pause between two polls of the stream. */
    static final Duration POLL = Duration.ofMillis(250);
    /** Most revocations held in memory; past it older cache cookies are checked in storage instead (see room()). */
    static final int MAX_ENTRIES = 100_000;
    /** Most stream entries kept in Redis. */
    static final int STREAM_LENGTH = 100_000;
    static final String STREAM_KEY = "{rv}:log";
    private static final int BATCH = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(SessionStore.class);
    private static final RedisScript PUBLISH = RedisScript.fromResource(RevocationFeed.class, "feed_publish.lua");
    private static final RedisScript READ = RedisScript.fromResource(RevocationFeed.class, "feed_poll.lua");

    /** The revocation channel's state, for health. */
    enum Channel { UP, DOWN, LOCAL }

    private record Mark(long atMillis, String keepHash, long untilMillis) {}

    private final ScriptStorage redis;
    private final Clock clock;
    private final long windowMillis;
    private final Map<String, Long> ones = new ConcurrentHashMap<>();
    private final Map<String, Mark> alls = new ConcurrentHashMap<>();
    private final AtomicBoolean sweeping = new AtomicBoolean();
    private volatile long trustedSinceMillis;
    private volatile boolean up;
    private volatile boolean everUp;
    private volatile boolean warned;
    private volatile boolean full;
    private volatile long lastFullSweepMillis = Long.MIN_VALUE / 2;
    private volatile boolean started;
    private volatile boolean stopped;
    private volatile Thread thread;
    private String lastId = "";

    /**
     * @param redis  the shared store to publish to and poll, or null (memory or a plain secondary storage: this
     *               process's revocations only)
     * @param window how long an entry matters: the cookie cache's {@code maxAge}
     */
    RevocationFeed(ScriptStorage redis, Clock clock, Duration window) {
        this.redis = redis;
        this.clock = clock;
        this.windowMillis = window.toMillis() + 1000;
        this.up = redis == null;
    }

    /** Starts polling (first call only; no thread without Redis). */
    void start() {
        if (redis == null || started) {
            return;
        }
        started = true;
        poll(); // the last maxAge of revocations, before the first cookie is checked
        Thread t = new Thread(this::loop, "authstash-revocation-feed");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    Channel channel() {
        return redis == null ? Channel.LOCAL : up ? Channel.UP : Channel.DOWN;
    }

    /** Records {@code r} here at once (the revoking instance refuses its cookies before storage has it). */
    void local(Revocation r) {
        if (r.all()) {
            addAll(r.tag(), r.keepHash(), r.at().toEpochMilli());
        } else {
            addOne(r.hash());
        }
    }

    private void addOne(String hash) {
        if (room()) {
            ones.put(hash, clock.millis() + windowMillis);
        }
    }

    private void addAll(String tag, String keepHash, long atMillis) {
        if (room()) {
            alls.merge(tag, new Mark(atMillis, keepHash, clock.millis() + windowMillis),
                    (old, now) -> now.atMillis() >= old.atMillis() ? now : old);
        }
    }

    /**
     * Whether one more entry fits; when the set is full (after dropping aged entries) the entry is not kept and every
     * cache cookie issued until now is distrusted instead (checked in storage once, then re-issued), so the set stays
     * bounded whatever floods it and no revocation is missed.
     */
    private boolean room() {
        if (size() < MAX_ENTRIES) {
            return true;
        }
        long now = clock.millis();
        if (now - lastFullSweepMillis >= 1000) { // a flood must not sweep the whole set on every addition
            lastFullSweepMillis = now;
            sweep();
            if (size() < MAX_ENTRIES) {
                return true;
            }
        }
        trustedSinceMillis = clock.millis();
        if (!full) {
            full = true;
            LOG.warn("{} session revocations held for the cookie cache; cache cookies issued before now are checked in"
                    + " storage instead", MAX_ENTRIES);
        }
        return false;
    }

    /** Records {@code r} here and appends it to the shared stream; throws a storage failure (then retry). */
    void publish(Revocation r) {
        local(r);
        if (redis != null) {
            redis.eval(PUBLISH, List.of(STREAM_KEY), List.of(Integer.toString(STREAM_LENGTH), message(r)));
        }
    }

    /**
     * Whether a cache cookie for {@code s}, issued at {@code issuedAtMillis} (0 = unknown), must not answer: the
     * session was revoked (here or on any instance, as far as the stream has been read), the set is full, or the
     * cookie predates entries this instance could not read.
     */
    boolean refuses(Session s, long issuedAtMillis) {
        if (issuedAtMillis <= trustedSinceMillis) {
            return true;
        }
        if (ones.isEmpty() && alls.isEmpty()) {
            return false;
        }
        long now = clock.millis();
        Long one = ones.get(s.id());
        if (one != null && one > now) {
            return true;
        }
        if (alls.isEmpty()) {
            return false;
        }
        Mark all = alls.get(SessionTokens.userTag(s.userId()));
        return all != null && all.untilMillis() > now && !s.id().equals(all.keepHash())
                && s.createdAt().toEpochMilli() <= all.atMillis();
    }

    int size() {
        return ones.size() + alls.size();
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
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            poll();
            sweep();
        }
    }

    /** Reads what the stream holds after {@link #lastId}, until it is read up. */
    void poll() {
        try {
            for (int round = 0; round < 100 && !stopped; round++) {
                if (read() < BATCH) {
                    break;
                }
            }
            if (!up && everUp) {
                LOG.info("session revocation channel is back: cache cookies of revoked sessions are refused again");
            }
            up = true;
            everUp = true;
        } catch (RuntimeException e) {
            if (up || !everUp && !warned) {
                warned = true;
                LOG.warn("session revocation channel is down ({}): a revoked session's cache cookie may answer for up"
                        + " to cookieCache.maxAge on other instances until it is back", e.toString());
            }
            up = false;
        }
    }

    /** One read; returns how many entries it took. */
    private synchronized int read() {
        Object reply = redis.eval(READ, List.of(STREAM_KEY),
                List.of(lastId, Long.toString(windowMillis), Integer.toString(BATCH)));
        if (!(reply instanceof List<?> parts) || parts.size() < 4) {
            throw new IllegalStateException("unexpected revocation stream reply: " + reply);
        }
        List<?> entries = parts.get(0) instanceof List<?> l ? l : List.of();
        String first = text(parts.get(1));
        String last = text(parts.get(2));
        long length = parts.get(3) instanceof Number n ? n.longValue() : 0;
        if (!lastId.isEmpty() && (last.isEmpty() || older(last, lastId)
                || (older(lastId, first) && length >= STREAM_LENGTH))) {
            // entries after lastId are gone (trimmed, or the stream itself lost): distrust older cookies
            trustedSinceMillis = clock.millis();
            LOG.warn("session revocation stream lost entries; cache cookies issued before now are checked in storage");
            lastId = last;
            return 0;
        }
        for (Object e : entries) {
            if (e instanceof List<?> entry && entry.size() == 2) {
                lastId = text(entry.get(0));
                if (entry.get(1) instanceof List<?> fields && fields.size() == 2) {
                    apply(text(fields.get(1)));
                }
            }
        }
        if (lastId.isEmpty() && !last.isEmpty() && entries.isEmpty()) {
            lastId = last; // nothing in the window: go on after the stream's end
        }
        return entries.size();
    }

    private void apply(String message) {
        String[] p = message.split("\\|", -1);
        try {
            if (p.length == 2 && p[0].equals("o")) {
                addOne(p[1]);
            } else if (p.length == 4 && p[0].equals("a")) {
                addAll(p[1], p[2].isEmpty() ? null : p[2], Long.parseLong(p[3]));
            }
        } catch (NumberFormatException ignored) {
            // not a message of ours
        }
    }

    static String message(Revocation r) {
        return r.all() ? "a|" + r.tag() + "|" + (r.keepHash() == null ? "" : r.keepHash()) + "|" + r.at().toEpochMilli()
                : "o|" + r.hash();
    }

    private void sweep() {
        if (!sweeping.compareAndSet(false, true)) {
            return;
        }
        try {
            long now = clock.millis();
            for (Iterator<Long> it = ones.values().iterator(); it.hasNext(); ) {
                if (it.next() <= now) {
                    it.remove();
                }
            }
            alls.values().removeIf(m -> m.untilMillis() <= now);
        } finally {
            sweeping.set(false);
        }
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
