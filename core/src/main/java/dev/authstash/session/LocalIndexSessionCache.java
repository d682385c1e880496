package dev.authstash.session;

import dev.authstash.storage.SecondaryStorage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link SessionCache} over any {@link SecondaryStorage} (memory, or a user's own store): sessions live in
 * storage, the per-user index in this process, guarded by one of 256 striped locks. With a store shared by
 * several processes the index is best-effort: each process knows only the sessions it wrote.
 */
final class LocalIndexSessionCache implements SessionCache {
    private static final int SWEEP_EVERY = 4096;
    private final SecondaryStorage storage;
    private final Map<String, Map<String, Member>> index = new ConcurrentHashMap<>();
    private final Object[] locks = new Object[256];
    private final AtomicLong puts = new AtomicLong();

    /** An indexed session: its expiry (epoch ms) and its place in the creation order. */
    private record Member(long expiry, long created) {}

    LocalIndexSessionCache(SecondaryStorage storage) {
        this.storage = storage;
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new Object();
        }
    }

    private Object lock(String tag) {
        return locks[tag.hashCode() & (locks.length - 1)];
    }

    @Override
    public String get(String tag, String hash) {
        return storage.get(SessionCache.sessionKey(tag, hash));
    }

    @Override
    public String alias(String hash) {
        return storage.get(SessionCache.aliasKey(hash));
    }

    @Override
    public void alias(String hash, String tag, long ttlMillis) {
        storage.set(SessionCache.aliasKey(hash), tag, Duration.ofMillis(ttlMillis));
    }

    @Override
    public String generation(String tag) {
        String g = storage.get(SessionCache.generationKey(tag));
        return g == null ? "" : g;
    }

    @Override
    public boolean put(String tag, Session s, long nowMillis, Put mode, String generation) {
        return put(tag, s, nowMillis, mode, generation, Integer.MAX_VALUE, 0) != null;
    }

    @Override
    public List<String> create(String tag, Session s, long nowMillis, int maximum, long tombstoneMillis) {
        List<String> evicted = put(tag, s, nowMillis, Put.CREATE, null, maximum, tombstoneMillis);
        return evicted == null ? List.of() : evicted;
    }

    /** As session_put.lua: {@code null} when the mode's condition failed, else the ids evicted. */
    private List<String> put(String tag, Session s, long nowMillis, Put mode, String generation, int maximum,
                             long tombstoneMillis) {
        long ttl = s.expiresAt().toEpochMilli() - nowMillis;
        if (ttl <= 0) {
            return null;
        }
        if (puts.incrementAndGet() % SWEEP_EVERY == 0) {
            sweep(nowMillis);
        }
        String key = SessionCache.sessionKey(tag, s.id());
        synchronized (lock(tag)) {
            if ((mode == Put.REFRESH && storage.get(key) == null)
                    || (mode == Put.REPOPULATE && (storage.get(SessionCache.tombstoneKey(tag, s.id())) != null
                            || !generation(tag).equals(generation)))) {
                return null;
            }
            storage.set(key, SessionJson.write(s), Duration.ofMillis(ttl));
            Map<String, Member> members = index.computeIfAbsent(tag, t -> new HashMap<>());
            Member old = members.get(s.id());
            long created = s.createdAt().toEpochMilli() * 1000;
            if (mode == Put.REFRESH && old != null) {
                created = old.created();
            } else if (mode == Put.CREATE) { // after every session already there, as session_put.lua
                for (Member m : members.values()) {
                    created = Math.max(created, m.created() + 1);
                }
            }
            members.put(s.id(), new Member(s.expiresAt().toEpochMilli(), created));
            prune(tag, members, nowMillis);
            List<String> evicted = new ArrayList<>();
            if (mode == Put.CREATE && members.size() > maximum) {
                List<Map.Entry<String, Member>> oldest = new ArrayList<>(members.entrySet());
                oldest.sort(Map.Entry.<String, Member>comparingByValue(
                        java.util.Comparator.comparingLong(Member::created)).thenComparing(Map.Entry.comparingByKey()));
                for (Map.Entry<String, Member> e : oldest) {
                    if (members.size() <= maximum) {
                        break;
                    }
                    if (!e.getKey().equals(s.id())) {
                        storage.delete(SessionCache.sessionKey(tag, e.getKey()));
                        members.remove(e.getKey());
                        tombstone(tag, e.getKey(), tombstoneMillis);
                        evicted.add(e.getKey());
                    }
                }
            }
            return evicted;
        }
    }

    @Override
    public boolean remove(String tag, String hash, long tombstoneMillis, long nowMillis) {
        synchronized (lock(tag)) {
            String key = SessionCache.sessionKey(tag, hash);
            boolean stored = storage.get(key) != null;
            storage.delete(key);
            Map<String, Member> members = index.get(tag);
            if (members != null && members.remove(hash) != null && members.isEmpty()) {
                index.remove(tag);
            }
            tombstone(tag, hash, tombstoneMillis);
            return stored;
        }
    }

    @Override
    public void removeAll(String tag, String keepHash, long tombstoneMillis) {
        synchronized (lock(tag)) {
            if (tombstoneMillis > 0) {
                storage.set(SessionCache.generationKey(tag), SessionCache.newGeneration(), Duration.ofMillis(tombstoneMillis));
            }
            Map<String, Member> members = index.get(tag);
            if (members == null) {
                return;
            }
            for (String hash : List.copyOf(members.keySet())) {
                if (!hash.equals(keepHash)) {
                    storage.delete(SessionCache.sessionKey(tag, hash));
                    members.remove(hash);
                    tombstone(tag, hash, tombstoneMillis);
                }
            }
            if (members.isEmpty()) {
                index.remove(tag);
            }
        }
    }

    @Override
    public int updateAttributes(String tag, Map<String, String> set, long nowMillis, long generationMillis) {
        synchronized (lock(tag)) {
            Map<String, Member> members = index.get(tag);
            List<Session> changed = new ArrayList<>();
            if (members != null && !prune(tag, members, nowMillis)) {
                for (String hash : members.keySet()) {
                    String json = storage.get(SessionCache.sessionKey(tag, hash));
                    Session s = json == null ? null : SessionJson.read(json);
                    if (s != null && s.expiresAt().toEpochMilli() > nowMillis) {
                        changed.add(s.withAttributes(SessionInput.merge(s.attributes(), set)));
                    }
                }
            }
            if (generationMillis > 0) {
                storage.set(SessionCache.generationKey(tag), SessionCache.newGeneration(), Duration.ofMillis(generationMillis));
            }
            for (Session s : changed) {
                storage.set(SessionCache.sessionKey(tag, s.id()), SessionJson.write(s),
                        Duration.ofMillis(s.expiresAt().toEpochMilli() - nowMillis));
            }
            return changed.size();
        }
    }

    @Override
    public List<String> list(String tag, long nowMillis) {
        synchronized (lock(tag)) {
            Map<String, Member> members = index.get(tag);
            List<String> out = new ArrayList<>();
            if (members == null || prune(tag, members, nowMillis)) {
                return out;
            }
            for (String hash : members.keySet()) {
                String json = storage.get(SessionCache.sessionKey(tag, hash));
                if (json != null) {
                    out.add(json);
                }
            }
            return out;
        }
    }

    private void tombstone(String tag, String hash, long millis) {
        if (millis > 0) {
            storage.set(SessionCache.tombstoneKey(tag, hash), "1", Duration.ofMillis(millis));
        }
    }

    /** Drops expired members; removes and returns {@code true} for an emptied index. Caller holds the lock. */
    private boolean prune(String tag, Map<String, Member> members, long nowMillis) {
        members.values().removeIf(m -> m.expiry() <= nowMillis);
        if (members.isEmpty()) {
            index.remove(tag);
            return true;
        }
        return false;
    }

    private void sweep(long nowMillis) {
        for (String tag : List.copyOf(index.keySet())) {
            synchronized (lock(tag)) {
                Map<String, Member> members = index.get(tag);
                if (members != null) {
                    prune(tag, members, nowMillis);
                }
            }
        }
    }
}
