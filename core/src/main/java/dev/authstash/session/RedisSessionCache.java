package dev.authstash.session;

import dev.authstash.storage.RedisScript;
import dev.authstash.storage.RedisStorage;
import dev.authstash.storage.ScriptStorage;
import dev.authstash.storage.StorageException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link SessionCache} on Redis (TCP or Upstash REST): each write is one Lua script over keys of one hash tag
 * (cluster-safe). Every script declares every key it touches (Redis', Valkey's and Dragonfly's scripting rules): the
 * scripts over all of a user's sessions (list, update, revoke-all, and a create that evicts) are given the members
 * this side expects; when the index holds others, the script changes nothing and answers the members, and it runs
 * again naming them (at most {@value #ATTEMPTS} times, then a {@link StorageException}).
 */
final class RedisSessionCache implements SessionCache {
    /** Runs of one per-user script before giving up while the user's index keeps changing under it. */
    static final int ATTEMPTS = 8;

    private static final RedisScript PUT = RedisScript.fromResource(RedisSessionCache.class, "session_put.lua");
    private static final RedisScript REMOVE = RedisScript.fromResource(RedisSessionCache.class, "session_remove.lua");
    private static final RedisScript REMOVE_ALL =
            RedisScript.fromResource(RedisSessionCache.class, "session_remove_all.lua");
    private static final RedisScript UPDATE = RedisScript.fromResource(RedisSessionCache.class, "session_update.lua");
    private static final RedisScript LIST = RedisScript.fromResource(RedisSessionCache.class, "session_list.lua");

    private final ScriptStorage redis;

    RedisSessionCache(ScriptStorage redis) {
        this.redis = redis;
    }

    @Override
    public String get(String tag, String hash) {
        return redis.get(SessionCache.sessionKey(tag, hash));
    }

    /**
     * Registers the session's read with the next script of this thread, see {@link RedisStorage#readWithNextEval};
     * null over Upstash REST (each call is its own HTTP request there).
     */
    RedisStorage.Companion readWithNextEval(String tag, String hash) {
        return redis instanceof RedisStorage tcp ? tcp.readWithNextEval(SessionCache.sessionKey(tag, hash)) : null;
    }

    void cancelRead() {
        if (redis instanceof RedisStorage tcp) {
            tcp.cancelRead();
        }
    }

    @Override
    public String alias(String hash) {
        return redis.get(SessionCache.aliasKey(hash));
    }

    @Override
    public void alias(String hash, String tag, long ttlMillis) {
        redis.set(SessionCache.aliasKey(hash), tag, java.time.Duration.ofMillis(ttlMillis));
    }

    @Override
    public String generation(String tag) {
        String g = redis.get(SessionCache.generationKey(tag));
        return g == null ? "" : g;
    }

    @Override
    public boolean put(String tag, Session s, long nowMillis, Put mode, String generation) {
        return run(tag, s, nowMillis, mode, generation, Integer.MAX_VALUE, 0) != null;
    }

    @Override
    public List<String> create(String tag, Session s, long nowMillis, int maximum, long tombstoneMillis) {
        List<String> evicted = run(tag, s, nowMillis, Put.CREATE, null, maximum, tombstoneMillis);
        return evicted == null ? List.of() : evicted;
    }

    /** One {@code session_put.lua}: {@code null} when its condition failed, else the ids it evicted. */
    private List<String> run(String tag, Session s, long nowMillis, Put mode, String generation, int maximum,
                             long tombstoneMillis) {
        String flag = switch (mode) { case CREATE -> "c"; case REFRESH -> "u"; case REPOPULATE -> "p"; };
        List<String> candidates = List.of();
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            List<String> keys = new ArrayList<>(List.of(SessionCache.sessionKey(tag, s.id()), SessionCache.indexKey(tag),
                    SessionCache.tombstoneKey(tag, s.id()), SessionCache.generationKey(tag),
                    SessionCache.creationKey(tag)));
            List<String> args = new ArrayList<>(List.of(SessionJson.write(s), s.id(),
                    Long.toString(s.expiresAt().toEpochMilli()), Long.toString(nowMillis), flag,
                    generation == null ? "" : generation, Long.toString(s.createdAt().toEpochMilli()),
                    Integer.toString(maximum), Long.toString(tombstoneMillis)));
            for (String m : candidates) {
                keys.add(SessionCache.sessionKey(tag, m));
                keys.add(SessionCache.tombstoneKey(tag, m));
                args.add(m);
            }
            Object r = redis.eval(PUT, keys, args);
            if (!(r instanceof List<?> values) || values.isEmpty()) {
                return null;
            }
            List<String> members = strings(values.subList(1, values.size()));
            if (!(values.get(0) instanceof Number n && n.longValue() == 2)) {
                return members;
            }
            candidates = members;
        }
        throw changing("session_put");
    }

    private static StorageException changing(String script) {
        return new StorageException(script + ": the user's session index changed during " + ATTEMPTS + " runs");
    }

    private static List<String> strings(List<?> values) {
        List<String> out = new ArrayList<>(values.size());
        for (Object v : values) {
            out.add(v instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(v));
        }
        return out;
    }

    /** Whether a reply is {@code {1, values}} (done) rather than {@code {0, members}}; throws on any other shape. */
    private static List<?> pair(String script, Object r) {
        if (r instanceof List<?> l && l.size() == 2 && l.get(0) instanceof Number && l.get(1) instanceof List<?> v) {
            return v;
        }
        throw new StorageException(script + ": unexpected reply " + r);
    }

    private static boolean done(Object r) {
        return ((List<?>) r).get(0) instanceof Number n && n.longValue() == 1;
    }

    @Override
    public boolean remove(String tag, String hash, long tombstoneMillis, long nowMillis) {
        Object r = redis.eval(REMOVE, List.of(SessionCache.sessionKey(tag, hash), SessionCache.indexKey(tag),
                SessionCache.tombstoneKey(tag, hash), SessionCache.creationKey(tag)),
                List.of(hash, Long.toString(tombstoneMillis), Long.toString(nowMillis)));
        return r instanceof Number n && n.longValue() > 0;
    }

    @Override
    public void removeAll(String tag, String keepHash, long tombstoneMillis) {
        String generation = tombstoneMillis > 0 ? SessionCache.newGeneration() : "";
        List<String> members = List.of();
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            List<String> keys = new ArrayList<>(List.of(SessionCache.indexKey(tag), SessionCache.generationKey(tag),
                    SessionCache.creationKey(tag)));
            List<String> args = new ArrayList<>(List.of(keepHash == null ? "" : keepHash,
                    Long.toString(tombstoneMillis), generation));
            for (String m : members) {
                keys.add(SessionCache.sessionKey(tag, m));
                keys.add(SessionCache.tombstoneKey(tag, m));
                args.add(m);
            }
            Object r = redis.eval(REMOVE_ALL, keys, args);
            List<?> values = pair("session_remove_all", r);
            if (done(r)) {
                return;
            }
            members = strings(values);
        }
        throw changing("session_remove_all");
    }

    @Override
    public int updateAttributes(String tag, Map<String, String> set, long nowMillis, long generationMillis) {
        Map<String, String> put = new LinkedHashMap<>();
        List<String> drop = new ArrayList<>();
        set.forEach((k, v) -> {
            if (v == null) {
                drop.add(k);
            } else {
                put.put(k, v);
            }
        });
        String generation = generationMillis > 0 ? SessionCache.newGeneration() : "";
        List<String> members = List.of();
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            List<String> keys = new ArrayList<>(List.of(SessionCache.indexKey(tag), SessionCache.generationKey(tag)));
            List<String> args = new ArrayList<>(List.of(SessionJson.writeAttributes(put),
                    SessionJson.writeAttributes(drop), Long.toString(nowMillis),
                    Integer.toString(SessionInput.MAX_ATTRIBUTES), generation, Long.toString(generationMillis)));
            for (String m : members) {
                keys.add(SessionCache.sessionKey(tag, m));
                args.add(m);
            }
            Object r = redis.eval(UPDATE, keys, args);
            if (r instanceof List<?> named) {
                members = strings(named);
                continue;
            }
            long n = r instanceof Number num ? num.longValue() : 0;
            if (n < 0) {
                throw SessionInput.tooMany(-n);
            }
            return (int) n;
        }
        throw changing("session_update");
    }

    @Override
    public List<String> list(String tag, long nowMillis) {
        List<String> members = List.of();
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            List<String> keys = new ArrayList<>(List.of(SessionCache.indexKey(tag)));
            List<String> args = new ArrayList<>(List.of(Long.toString(nowMillis)));
            for (String m : members) {
                keys.add(SessionCache.sessionKey(tag, m));
                args.add(m);
            }
            Object r = redis.eval(LIST, keys, args);
            List<?> values = pair("session_list", r);
            if (done(r)) {
                return strings(values);
            }
            members = strings(values);
        }
        throw changing("session_list");
    }
}
