package dev.authstash.session;

import dev.authstash.storage.Feed;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The revocations the cookie cache ({@code session.cookieCache}) must know, from every instance: a bounded local
 * set of revoked session ids and per-user revoke-all marks, each kept for the cookie cache's {@code maxAge} (a cache
 * cookie issued before a revocation is expired after that). Filled by this instance's revocations at once and, with
 * Redis (TCP or Upstash REST), by the operations {@link Feed} every instance appends to ({@code {rv}:log}, one
 * {@code XADD} script per revocation) and polls every {@link Feed#POLL} — no extra round trip per request. When
 * entries were lost (the stream trimmed past this instance, or Redis lost the stream) cookies issued before that
 * moment are no longer trusted. A new instance reads the last {@code maxAge} of the stream first. While polls fail
 * the channel is down ({@link #channel()}): cookies then stay trusted, {@code maxAge} being the bound. Thread-safe.
 */
final class RevocationFeed implements AutoCloseable, Feed.Listener {
    /** Most revocations held in memory; past it older cache cookies are checked in storage instead (see room()). */
    static final int MAX_ENTRIES = 100_000;
    private static final Logger LOG = LoggerFactory.getLogger(SessionStore.class);

    /** The revocation channel's state, for health. */
    enum Channel { UP, DOWN, LOCAL }

    private record Mark(long atMillis, String keepHash, long untilMillis) {}

    private final Feed feed;
    private final boolean ownsFeed;
    private final Clock clock;
    private final long windowMillis;
    private final Map<String, Long> ones = new ConcurrentHashMap<>();
    private final Map<String, Mark> alls = new ConcurrentHashMap<>();
    private final AtomicBoolean sweeping = new AtomicBoolean();
    private volatile long trustedSinceMillis;
    private volatile boolean full;
    private volatile long lastFullSweepMillis = Long.MIN_VALUE / 2;

    /**
     * @param feed   the operations feed to publish to and read from, or null (memory or a plain secondary storage:
     *               this process's revocations only)
     * @param window how long an entry matters: the cookie cache's {@code maxAge}
     */
    RevocationFeed(Feed feed, Clock clock, Duration window) {
        this(feed, clock, window, false);
    }

    RevocationFeed(Feed feed, Clock clock, Duration window, boolean ownsFeed) {
        this.feed = feed == null ? new Feed(null) : feed;
        this.ownsFeed = ownsFeed;
        this.clock = clock;
        this.windowMillis = window.toMillis() + 1000;
        this.feed.history(Duration.ofMillis(windowMillis));
        this.feed.subscribe(this);
    }

    /** Starts the feed when this set owns it (else its owner starts it). */
    void start() {
        if (ownsFeed) {
            feed.start();
        }
    }

    Channel channel() {
        return !feed.shared() ? Channel.LOCAL : feed.up() ? Channel.UP : Channel.DOWN;
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
        feed.publish(message(r));
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
        if (ownsFeed) {
            feed.close();
        }
    }

    @Override
    public void lost() {
        trustedSinceMillis = clock.millis();
        LOG.warn("session revocation stream lost entries; cache cookies issued before now are checked in storage");
    }

    @Override
    public void polled(String rulesVersion) {
        sweep();
    }

    @Override
    public void channel(boolean down, RuntimeException cause) {
        if (down) {
            LOG.warn("session revocation channel is down ({}): a revoked session's cache cookie may answer for up"
                    + " to cookieCache.maxAge on other instances until it is back", String.valueOf(cause));
        } else {
            LOG.info("session revocation channel is back: cache cookies of revoked sessions are refused again");
        }
    }

    @Override
    public void message(String message) {
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
}
