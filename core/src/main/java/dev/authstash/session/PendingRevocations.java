package dev.authstash.session;

import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Revocations whose storage step failed (storage down, stalled, or the breaker open). Until that step is done this
 * instance refuses the sessions they cover itself, and a daemon thread retries them every {@link #RETRY} (through the
 * breaker) until storage takes them; after that every instance refuses them, since the cached copies are gone. Held
 * in memory: if this process stops first, a copy stays until its next sliding refresh (which checks the database)
 * or its expiry. At most {@link #MAX} revocations of single sessions are held; when full, one that is known to name a
 * session (a database row, an evicted id) displaces the oldest unknown one (a token nobody could check, perhaps
 * garbage sent to a sign-out), so a flood of garbage sign-outs during an outage cannot push real revocations out.
 * Revoke-alls are kept per user (one each) whatever the count of single ones. Thread-safe.
 */
final class PendingRevocations {
    /** Pause between retry passes. */
    static final Duration RETRY = Duration.ofMillis(500);
    static final int MAX = 100_000;
    private static final Logger LOG = LoggerFactory.getLogger(SessionStore.class);

    private final Map<String, Revocation> ones = new ConcurrentHashMap<>();
    private final Map<String, Revocation> alls = new ConcurrentHashMap<>();
    /** Hashes of the unknown single revocations, oldest first (may hold stale ones; cleared when none waits). */
    private final java.util.concurrent.ConcurrentLinkedQueue<String> unknown = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final AtomicBoolean retrying = new AtomicBoolean();
    private volatile boolean stopped;
    private volatile Thread thread;
    private final Predicate<Revocation> attempt;

    /** @param attempt runs one revocation's storage step; {@code false} when storage failed */
    PendingRevocations(Predicate<Revocation> attempt) {
        this.attempt = attempt;
    }

    void add(Revocation r) {
        if (r.all()) {
            alls.merge(r.tag(), r, (old, now) -> now.at().isBefore(old.at()) ? old : now);
        } else if (ones.size() >= MAX && !ones.containsKey(r.hash()) && !(r.known() && dropUnknown())) {
            LOG.error("{} session revocations already wait for secondary storage; this one is not retried: {}", MAX,
                    "session " + r.hash());
            return;
        } else {
            ones.put(r.hash(), r);
            if (!r.known()) {
                unknown.add(r.hash());
            }
        }
        if (!stopped && retrying.compareAndSet(false, true)) {
            LOG.warn("session revocations wait for secondary storage; retried every {} ms", RETRY.toMillis());
            Thread t = new Thread(this::retryLoop, "authstash-revocation-retry");
            t.setDaemon(true);
            thread = t;
            t.start();
        }
    }

    /** Drops the oldest waiting single revocation not known to name a session; {@code false} when none waits. */
    private boolean dropUnknown() {
        for (String h = unknown.poll(); h != null; h = unknown.poll()) {
            Revocation old = ones.get(h);
            if (old != null && !old.known() && ones.remove(h, old)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a waiting revocation covers {@code s} (found under {@code tag}); cheap when none waits. */
    boolean covers(String tag, Session s) {
        if (ones.isEmpty() && alls.isEmpty()) {
            return false;
        }
        Revocation one = ones.get(s.id());
        Revocation all = tag == null ? null : alls.get(tag);
        return (one != null && one.covers(tag, s)) || (all != null && all.covers(tag, s));
    }

    int size() {
        return ones.size() + alls.size();
    }

    /** One pass over the waiting revocations; stops at the first failure (storage is still down). */
    void retryOnce() {
        if (pass(alls) && pass(ones) && ones.isEmpty()) {
            unknown.clear();
        }
    }

    private boolean pass(Map<String, Revocation> map) {
        for (Iterator<Map.Entry<String, Revocation>> it = map.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Revocation> e = it.next();
            if (!attempt.test(e.getValue())) {
                return false;
            }
            map.remove(e.getKey(), e.getValue()); // a newer revocation of the same key stays
        }
        return true;
    }

    /** Stops retrying (the application is shutting down); what still waits is logged and dropped. */
    void stop() {
        stopped = true;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
        if (size() > 0) {
            LOG.error("{} session revocations never reached secondary storage before shutdown; their cached copies "
                    + "stay until their next refresh or expiry", size());
        }
    }

    private void retryLoop() {
        while (true) {
            try {
                Thread.sleep(RETRY.toMillis());
            } catch (InterruptedException e) {
                retrying.set(false);
                return;
            }
            if (stopped) {
                retrying.set(false);
                return;
            }
            try {
                retryOnce();
            } catch (RuntimeException e) { // not a storage failure (e.g. a closed pool): keep trying, say why
                LOG.debug("session revocation retry failed: {}", e.toString());
            }
            if (size() == 0) {
                retrying.set(false);
                if (size() == 0 || !retrying.compareAndSet(false, true)) {
                    LOG.info("waiting session revocations reached secondary storage");
                    return;
                }
            }
        }
    }
}
