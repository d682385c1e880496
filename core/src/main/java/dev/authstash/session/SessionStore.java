package dev.authstash.session;

import dev.authstash.metrics.MetricsListener;
import dev.authstash.metrics.MetricsListener.SessionSource;
import dev.authstash.storage.CircuitBreaker;
import dev.authstash.storage.RedisStorage;
import dev.authstash.storage.SecondaryStorage;
import dev.authstash.storage.StorageException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Sessions: the one entry point. Sessions live in secondary storage with TTL = time to expiry and a
 * per-user index updated atomically; with {@code storeSessionInDatabase} also in a {@link SessionDatabase},
 * which answers when storage misses (and storage is repopulated) or fails. See {@code docs/sessions.md}.
 */
public final class SessionStore {
    /** How long a revoked token stays blocked from read-through repopulation. */
    static final Duration TOMBSTONE = Duration.ofMinutes(10);

    private final SessionCache cache;
    private final SessionDatabase database;
    private final SessionSettings settings;
    private final Clock clock;
    private final StorageHealth health;
    private final CircuitBreaker breaker;
    private final PendingRevocations pending = new PendingRevocations(r -> attempt(r) == null);
    private final MetricsListener metrics;
    /** Revocations the cookie cache must know, or null when {@code session.cookieCache} is off. */
    private final RevocationFeed feed;

    /** Secondary storage only ({@code storeSessionInDatabase} must be off). */
    public SessionStore(SecondaryStorage storage, SessionSettings settings) {
        this(storage, null, settings, Clock.systemUTC());
    }

    /**
     * @param database the primary database, required when {@code storeSessionInDatabase} is on, else ignored
     * @param clock    time source of creation, expiry and sliding refresh
     */
    public SessionStore(SecondaryStorage storage, SessionDatabase database, SessionSettings settings, Clock clock) {
        this(storage, database, settings, clock, null);
    }

    /**
     * As {@link #SessionStore(SecondaryStorage, SessionDatabase, SessionSettings, Clock)}, with every storage step
     * through {@code breaker} (null = none): while it is open, sessions are answered from the database copy at once,
     * or {@link SessionStorageUnavailableException} is thrown without touching the storage.
     */
    public SessionStore(SecondaryStorage storage, SessionDatabase database, SessionSettings settings, Clock clock,
                        CircuitBreaker breaker) {
        this(storage, database, settings, clock, breaker, MetricsListener.NONE);
    }

    /** As the constructor above, telling {@code metrics} where each {@link #find} was answered. */
    public SessionStore(SecondaryStorage storage, SessionDatabase database, SessionSettings settings, Clock clock,
                        CircuitBreaker breaker, MetricsListener metrics) {
        this(storage, database, settings, clock, breaker, metrics, null);
    }

    /**
     * As the constructor above, publishing and reading revocations on {@code feed} (the {@code Authstash}'s
     * operations feed, which its owner starts and closes); null = a feed of this store's own over {@code storage}.
     */
    public SessionStore(SecondaryStorage storage, SessionDatabase database, SessionSettings settings, Clock clock,
                        CircuitBreaker breaker, MetricsListener metrics, dev.authstash.storage.Feed feed) {
        this.breaker = breaker;
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.health = new StorageHealth(breaker != null);
        this.cache = SessionCache.over(Objects.requireNonNull(storage, "storage"));
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        SessionInput.checkSettings(settings, database);
        this.database = settings.storeSessionInDatabase() ? database : null;
        this.feed = !settings.cookieCache() ? null : feed != null
                ? new RevocationFeed(feed, clock, settings.cookieCacheMaxAge())
                : new RevocationFeed(dev.authstash.storage.Feed.over(storage), clock, settings.cookieCacheMaxAge(), true);
        if (feed != null) {
            feed.start();
        }
    }

    /** Creates a session for {@code userId}; {@code ipAddress}, {@code userAgent}, {@code attributes} may be null. */
    public CreatedSession create(String userId, String ipAddress, String userAgent, Map<String, String> attributes) {
        SessionInput.checkUser(userId);
        SessionInput.checkAttributes(attributes);
        Instant now = clock.instant();
        String tag = SessionTokens.userTag(userId);
        String token = SessionTokens.newToken(tag);
        Session s = new Session(SessionTokens.hash(token), userId, now, now, now.plus(settings.expiresIn()),
                SessionInput.ip(ipAddress), SessionInput.userAgent(userAgent), attributes);
        if (database != null) {
            database.insert(s);
        }
        long tomb = database == null ? 0 : TOMBSTONE.toMillis();
        List<String> evicted = storage("session_write",
                () -> cache.create(tag, s, now.toEpochMilli(), settings.maximumSessions(), tomb));
        boolean removed = evicted != null;
        if (evicted == null && database != null) { // storage down: hold the database copy to the maximum, best effort
            List<Session> rows = new ArrayList<>(database.findActiveByUser(userId, now));
            rows.removeIf(r -> r.id().equals(s.id()));
            evicted = rows.stream().limit(Math.max(0, rows.size() + 1 - settings.maximumSessions()))
                    .map(Session::id).toList();
        }
        for (String id : evicted == null ? List.<String>of() : evicted) {
            if (database != null) {
                if (settings.preserveSessionInDatabase()) {
                    database.revoke(id, now);
                } else {
                    database.delete(id);
                }
            }
            evict(Revocation.known(tag, id, now, tomb), removed);
        }
        return new CreatedSession(token, s);
    }

    /**
     * An evicted session ({@code maximumSessions}): {@code removed} when the create script already took it out of
     * storage, then only published; else removed as any revocation. A failure is queued, never thrown: the new
     * session exists.
     */
    private void evict(Revocation r, boolean removed) {
        if (!removed) {
            removeOrQueue(r);
            return;
        }
        if (feed == null) {
            return;
        }
        try {
            if (breaker == null) {
                feed.publish(r);
            } else {
                breaker.call("session_revoke", () -> { feed.publish(r); return null; });
            }
        } catch (StorageException e) {
            pending.add(r);
        }
    }

    /**
     * The active session of {@code token}, refreshed if older than {@code updateAge}. Garbage tokens give empty.
     *
     * @throws SessionStorageUnavailableException storage failed and there is no database copy
     */
    public Optional<Session> find(String token) {
        return find(token, null);
    }

    /**
     * Lets the next storage script of this thread (the request's rate-limit decision) also read the session of
     * {@code token} in the same round trip; {@link #find(String, Object)} with the same {@code request} object then
     * uses that read instead of a {@code GET} of its own. Only with standalone Redis and tokens made here (with a
     * user tag); otherwise, or when no script ran in between, the lookup reads storage as usual.
     *
     * @param request identifies one request (compared by identity); a later request never uses this read
     */
    public void prefetch(String token, Object request) {
        prefetched.remove();
        if (request != null && cache instanceof RedisSessionCache redis && SessionTokens.plausible(token)) {
            String tag = SessionTokens.tagOf(token);
            if (tag != null) {
                String hash = SessionTokens.hash(token);
                RedisStorage.Companion read = redis.readWithNextEval(tag, hash);
                if (read != null) {
                    prefetched.set(new Prefetch(request, hash, read));
                }
            }
        }
    }

    /**
     * As {@link #find(String)}, using the read {@link #prefetch} sent with this request's rate-limit script if it
     * was sent (same {@code request} object, same token).
     */
    public Optional<Session> find(String token, Object request) {
        return find(token, request, true);
    }

    /**
     * As {@link #find(String, Object)}; with {@code refresh} false the lookup never extends the session (no write to
     * storage or the database, {@code session.deferSessionRefresh} on a GET): a later lookup with {@code refresh}
     * does. A storage miss answered from the database still fills storage.
     */
    public Optional<Session> find(String token, Object request, boolean refresh) {
        Prefetch p = prefetched.get();
        String read = null;
        if (p != null) {
            prefetched.remove();
            if (p.read().done() && p.request() == request && request != null && SessionTokens.plausible(token)
                    && p.hash().equals(SessionTokens.hash(token))) {
                read = p.read().value();
            } else if (!p.read().done() && cache instanceof RedisSessionCache redis) {
                redis.cancelRead();
            }
        }
        Optional<Session> found = findLive(token, read, refresh, true);
        if (found.isEmpty()) {
            metrics.sessionLookup(SessionSource.MISS);
        }
        return found;
    }

    /**
     * The live session of {@code token} as secondary storage holds it, for a rate-limit key ({@code user}): never
     * reads the database ({@code session.storeSessionInDatabase}) — a storage miss or outage is empty — and never
     * extends the session. So the limit of a route keyed on the user is decided before any database read: a flood of
     * tokens storage does not hold costs no database query before it is refused (those requests are counted by the
     * key's fallback, the client IP); the session step reads through for the requests the limit admitted.
     */
    public Optional<Session> findStored(String token) {
        Optional<Session> found = findLive(token, null, false, false);
        if (found.isEmpty()) {
            metrics.sessionLookup(SessionSource.MISS);
        }
        return found;
    }

    /** A session read sent with a rate-limit script, for the lookup of the same request. */
    private record Prefetch(Object request, String hash, RedisStorage.Companion read) {}

    private final ThreadLocal<Prefetch> prefetched = new ThreadLocal<>();

    /** @param read the session JSON a prefetch found under the token's tag (replaces the first GET), or null */
    private Optional<Session> findLive(String token, String read, boolean refresh, boolean readThrough) {
        if (!SessionTokens.plausible(token)) {
            return Optional.empty();
        }
        String hash = SessionTokens.hash(token);
        Instant now = clock.instant();
        Lookup hit = read != null ? new Lookup(SessionTokens.tagOf(token), read, null)
                : storageOr("session_read", () -> lookup(token, hash), null);
        if (hit != null && hit.json != null) {
            Session s = SessionJson.read(hit.json);
            if (s == null || !s.id().equals(hash) || !s.activeAt(now) || pending.covers(hit.tag, s)) {
                return Optional.empty();
            }
            return counted(slide(hit.tag, s, now, SessionCache.Put.REFRESH, null, refresh), SessionSource.STORAGE);
        }
        return database == null || !readThrough ? Optional.empty()
                : counted(readThrough(token, hash, hit, now, refresh), SessionSource.DATABASE);
    }

    private Optional<Session> counted(Optional<Session> found, SessionSource source) {
        if (found.isPresent()) {
            metrics.sessionLookup(source);
        }
        return found;
    }

    /**
     * A storage miss (or outage, {@code hit} null) answered from the database; the row is cached again only if no
     * revocation touched the user since the generation read before the row (see {@link SessionCache#put}).
     */
    private Optional<Session> readThrough(String token, String hash, Lookup hit, Instant now, boolean refresh) {
        Optional<Session> row = database.findActive(hash, now);
        if (row.isEmpty()) {
            return row;
        }
        String tag = SessionTokens.userTag(row.get().userId());
        String generation = hit == null ? null : hit.generation;
        if (hit != null && !tag.equals(hit.tag)) {
            // the row names the user: read its generation now, then the row again, so no revoke-all slips between
            generation = storageOr("session_read", () -> cache.generation(tag), null);
            row = generation == null ? row : database.findActive(hash, now);
            if (row.isEmpty()) {
                return row;
            }
        }
        Session s = row.get();
        if (pending.covers(tag, s)) {
            return Optional.empty();
        }
        if (generation != null && !tag.equals(SessionTokens.tagOf(token))) {
            storageOr("session_write", () -> {
                cache.alias(hash, tag, s.expiresAt().toEpochMilli() - now.toEpochMilli());
                return null;
            }, null);
        }
        return slide(generation == null ? null : tag, s, now, SessionCache.Put.REPOPULATE, generation, refresh);
    }

    /** Where storage keeps a token's session: its JSON ({@code null} on a miss, then with the user's generation). */
    private record Lookup(String tag, String json, String generation) {}

    private Lookup lookup(String token, String hash) {
        String tag = SessionTokens.tagOf(token);
        String json = tag == null ? null : cache.get(tag, hash);
        if (json != null) {
            return new Lookup(tag, json, null);
        }
        String alias = cache.alias(hash);
        if (alias != null && !alias.equals(tag)) {
            tag = alias;
            json = cache.get(alias, hash);
        }
        return json != null ? new Lookup(tag, json, null)
                : new Lookup(tag, null, tag == null ? null : cache.generation(tag));
    }

    /**
     * Extends {@code s} if due and writes it to storage ({@code tag} null = storage is down) and the database. A
     * refresh the database refuses (row revoked or gone) drops the cached copy instead: a revoked session is never
     * extended, even when the instance that revoked it could not reach storage.
     */
    private Optional<Session> slide(String tag, Session s, Instant now, SessionCache.Put mode, String generation,
                                    boolean refresh) {
        Session out = s;
        if (refresh && Duration.between(s.updatedAt(), now).compareTo(settings.updateAge()) >= 0) {
            out = s.withTimes(now, now.plus(settings.expiresIn()));
            if (database != null && !database.updateExpiry(s.id(), out.updatedAt(), out.expiresAt())) {
                if (tag != null && mode == SessionCache.Put.REFRESH) {
                    removeOrQueue(Revocation.one(tag, s.id(), now, TOMBSTONE.toMillis()));
                }
                return Optional.empty();
            }
        }
        if (tag != null && (out != s || mode == SessionCache.Put.REPOPULATE)) {
            Session written = out;
            storageOr("session_write", () -> cache.put(tag, written, now.toEpochMilli(), mode, generation), false);
        }
        return Optional.of(out);
    }

    /**
     * Revokes the session of {@code token}; unknown or garbage tokens are ignored. The database copy (if any) is
     * revoked first, then the storage copy is removed.
     *
     * @throws SessionStorageUnavailableException when the storage copy could not be removed yet (even with a
     *         database copy). The database part is done and the storage step is queued: this instance refuses the
     *         session at once and retries until storage answers (see {@code docs/security.md}); retrying is harmless
     */
    public void revoke(String token) {
        if (!SessionTokens.plausible(token)) {
            return;
        }
        String hash = SessionTokens.hash(token);
        Instant now = clock.instant();
        long tomb = database == null ? 0 : TOMBSTONE.toMillis();
        Optional<Session> row = database == null || (SessionTokens.tagOf(token) != null && feed == null)
                ? Optional.empty() : database.findActive(hash, now);
        String known = row.map(r -> SessionTokens.userTag(r.userId())).orElse(null);
        if (database != null) {
            if (settings.preserveSessionInDatabase()) {
                database.revoke(hash, now);
            } else {
                database.delete(hash);
            }
        }
        String tag = SessionTokens.tagOf(token);
        revocation(row.isPresent() ? Revocation.known(tag == null ? known : tag, hash, now, tomb)
                : Revocation.one(tag == null ? known : tag, hash, now, tomb));
    }

    /**
     * Revokes the session {@code sessionId} ({@link Session#id()}, as {@link #list} returns it) of {@code userId}, as
     * finally as {@link #revoke} by token: the database row (if any) first, then the storage copy with a tombstone, so
     * no read-through brings it back; published to the cookie caches of every instance. Ids are scoped to the user:
     * a session of another user, an unknown, expired or malformed id changes nothing.
     *
     * @return whether a live session of {@code userId} had that id
     * @throws SessionStorageUnavailableException as {@link #revoke}
     */
    public boolean revokeSession(String userId, String sessionId) {
        SessionInput.checkUser(userId);
        if (!SessionTokens.plausibleId(sessionId)) {
            return false;
        }
        Instant now = clock.instant();
        String tag = SessionTokens.userTag(userId);
        boolean inDatabase = database != null
                && database.findActive(sessionId, now).filter(r -> r.userId().equals(userId)).isPresent();
        boolean inStorage = false;
        if (!inDatabase) {
            String json = storage("session_read", () -> cache.get(tag, sessionId));
            Session stored = json == null ? null : SessionJson.read(json);
            inStorage = stored != null && stored.userId().equals(userId) && stored.id().equals(sessionId)
                    && stored.activeAt(now);
        }
        if (!inDatabase && !inStorage) {
            return false;
        }
        if (database != null) {
            if (settings.preserveSessionInDatabase()) {
                database.revoke(sessionId, now);
            } else {
                database.delete(sessionId);
            }
        }
        revocation(Revocation.known(tag, sessionId, now, database == null ? 0 : TOMBSTONE.toMillis()));
        return true;
    }

    /** Revokes every session of {@code userId}; a storage failure is handled as in {@link #revoke}. */
    public void revokeAll(String userId) {
        revokeAllBut(userId, null);
    }

    /** Revokes every session of {@code userId} except the one of {@code keepToken}. */
    public void revokeOthers(String userId, String keepToken) {
        Objects.requireNonNull(keepToken, "keepToken");
        revokeAllBut(userId, SessionTokens.hash(keepToken));
    }

    private void revokeAllBut(String userId, String keepHash) {
        SessionInput.checkUser(userId);
        Instant now = clock.instant();
        long tomb = database == null ? 0 : TOMBSTONE.toMillis();
        if (database != null) {
            if (settings.preserveSessionInDatabase()) {
                database.revokeAllForUser(userId, keepHash, now);
            } else {
                database.deleteAllForUser(userId, keepHash);
            }
        }
        revocation(Revocation.allBut(SessionTokens.userTag(userId), keepHash, now, tomb));
    }

    /**
     * Removes storage copies. A failure is queued (this instance refuses the sessions at once and retries until
     * storage takes it) and thrown typed, so the caller can answer 503.
     */
    private void revocation(Revocation r) {
        StorageException failure = removeOrQueue(r);
        if (failure != null) {
            throw new SessionStorageUnavailableException((database == null
                    ? "session revocation not yet in secondary storage"
                    : "session revoked in the database but not in secondary storage")
                    + " (queued: this instance refuses it and retries every " + PendingRevocations.RETRY.toMillis()
                    + " ms; other instances refuse it once it is stored): " + failure.getMessage(), failure);
        }
    }

    /** @return {@code null} when the revocation reached storage, else the failure (and it is queued) */
    private StorageException removeOrQueue(Revocation r) {
        StorageException failure = attempt(r);
        if (failure != null) {
            pending.add(r);
            if (feed != null) {
                feed.local(r); // this instance's cookie cache refuses it at once too (bounded, see RevocationFeed)
            }
        }
        return failure;
    }

    /** One try of a revocation's storage step: {@code null} when done, else the failure. */
    private StorageException attempt(Revocation r) {
        try {
            if (breaker == null) {
                apply(r);
            } else {
                breaker.call("session_revoke", () -> { apply(r); return null; });
            }
            health.ok();
            return null;
        } catch (StorageException e) {
            return e;
        }
    }

    /** Removes a revocation's storage copies, then publishes it to the cookie caches (worth it only when it removed one). */
    private void apply(Revocation r) {
        if (r.apply(cache) && feed != null) {
            feed.publish(r);
        }
    }

    /**
     * Whether a cache cookie ({@code session.cookieCache}) for {@code s}, issued at {@code issuedAtMillis} (epoch ms,
     * 0 = unknown), must not answer: the session was revoked on this or another instance (published revocations, read
     * within {@code ~}250 ms), or the cookie predates revocations this instance could not read. Always {@code false}
     * without the cookie cache. No storage call.
     */
    public boolean cookieCacheRefuses(Session s, long issuedAtMillis) {
        return feed != null && feed.refuses(s, issuedAtMillis);
    }

    /**
     * The state of the channel that brings other instances' revocations to the cookie cache: {@code up},
     * {@code down} (polls fail: a revoked session's cache cookie may answer for up to {@code cookieCache.maxAge}),
     * {@code local} (memory or a plain secondary storage: this process's revocations only) or {@code off} (no
     * cookie cache).
     */
    public String revocationChannel() {
        return feed == null ? "off" : feed.channel().name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Revocations whose storage step waits for storage to answer again (retried in the background). */
    public int pendingRevocations() {
        return pending.size();
    }

    /**
     * Tries the waiting revocations once more (stopping at the first failure), then stops their background retry
     * (call on shutdown, {@code Authstash.close()} does); any still waiting are logged at ERROR.
     */
    public void close() {
        if (pending.size() > 0) {
            pending.retryOnce();
        }
        pending.stop();
        if (feed != null) {
            feed.close();
        }
    }

    /**
     * Sets attributes on every live session of {@code userId} ({@code null} value: removes the key), e.g. after the
     * user's profile changed, so lookups keep answering without the user table. Storage changes in one step (one Lua
     * script on Redis, each key keeping its TTL; under the user's lock otherwise); with {@code storeSessionInDatabase}
     * the rows change first, in one transaction. Only sessions still stored are changed: a session revoked before or
     * during the call stays revoked. Readers holding a copy ({@code session.cookieCache}) may see the old attributes
     * for at most {@code cookieCache.maxAge}.
     *
     * @param set at most 32 keys (1–64 characters), values at most 1024 characters or {@code null}
     * @return how many sessions changed (database rows when the database holds a copy)
     * @throws IllegalArgumentException bad input, or a session would hold more than 32 attributes (nothing changed)
     * @throws SessionStorageUnavailableException storage failed (with a database copy: after the rows changed;
     *         retrying is harmless)
     */
    public int updateAttributes(String userId, Map<String, String> set) {
        SessionInput.checkUser(userId);
        SessionInput.checkUpdate(set);
        if (set.isEmpty()) {
            return 0;
        }
        Map<String, String> copy = new java.util.HashMap<>(set);
        Instant now = clock.instant();
        String tag = SessionTokens.userTag(userId);
        int rows = database == null ? 0 : database.updateAttributes(userId, a -> SessionInput.merge(a, copy), now);
        long generation = database == null ? 0 : TOMBSTONE.toMillis();
        try {
            java.util.function.Supplier<Integer> step =
                    () -> cache.updateAttributes(tag, copy, now.toEpochMilli(), generation);
            int stored = breaker == null ? step.get() : breaker.call("session_write", step);
            health.ok();
            return database == null ? stored : rows;
        } catch (StorageException e) {
            throw new SessionStorageUnavailableException("session attributes "
                    + (database == null ? "" : "changed in the database but ") + "not changed in secondary storage: "
                    + e.getMessage(), e);
        }
    }

    /** Active sessions of {@code userId}, oldest first (from the database when it holds a copy). */
    public List<Session> list(String userId) {
        SessionInput.checkUser(userId);
        Instant now = clock.instant();
        if (database != null) {
            return database.findActiveByUser(userId, now);
        }
        List<Session> out = new ArrayList<>();
        String tag = SessionTokens.userTag(userId);
        for (String json : storage("session_list", () -> cache.list(tag, now.toEpochMilli()))) {
            Session s = SessionJson.read(json);
            if (s != null && s.userId().equals(userId) && s.activeAt(now) && !pending.covers(tag, s)) {
                out.add(s);
            }
        }
        out.sort(Comparator.comparing(Session::createdAt).thenComparing(Session::id));
        return out;
    }

    /** Runs a storage step: with a database copy a failure is logged once; without, it is thrown typed. */
    private <T> T storage(String operation, java.util.function.Supplier<T> step) {
        try {
            T out = breaker == null ? step.get() : breaker.call(operation, step);
            health.ok();
            return out;
        } catch (StorageException e) {
            if (database == null) {
                throw new SessionStorageUnavailableException("session storage unavailable: " + e.getMessage(), e);
            }
            health.failed(e);
            return null;
        }
    }

    private <T> T storageOr(String operation, java.util.function.Supplier<T> step, T fallback) {
        T out = storage(operation, step);
        return out == null ? fallback : out;
    }
}
