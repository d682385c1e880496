package dev.authstash.session;

import dev.authstash.storage.RedisScript;
import dev.authstash.storage.RedisStorage;
import dev.authstash.storage.ScriptStorage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@link SessionCache} on Redis (TCP or Upstash REST): each write is one Lua script over keys of one hash tag (cluster-safe). */
final class RedisSessionCache implements SessionCache {
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
        Object r = redis.eval(PUT, List.of(SessionCache.sessionKey(tag, s.id()), SessionCache.indexKey(tag),
                        SessionCache.tombstoneKey(tag, s.id()), SessionCache.generationKey(tag),
                        SessionCache.creationKey(tag), SessionCache.base(tag)),
                List.of(SessionJson.write(s), s.id(), Long.toString(s.expiresAt().toEpochMilli()),
                        Long.toString(nowMillis), flag, generation == null ? "" : generation,
                        Long.toString(s.createdAt().toEpochMilli()), Integer.toString(maximum),
                        Long.toString(tombstoneMillis)));
        if (!(r instanceof List<?> values) || values.isEmpty()) {
            return null;
        }
        List<String> evicted = new ArrayList<>();
        for (Object v : values.subList(1, values.size())) {
            evicted.add(v instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(v));
        }
        return evicted;
    }

    @Override
    public boolean remove(String tag, String hash, long tombstoneMillis) {
        Object r = redis.eval(REMOVE, List.of(SessionCache.sessionKey(tag, hash), SessionCache.indexKey(tag),
                SessionCache.tombstoneKey(tag, hash), SessionCache.creationKey(tag)),
                List.of(hash, Long.toString(tombstoneMillis)));
        return r instanceof Number n && n.longValue() > 0;
    }

    @Override
    public void removeAll(String tag, String keepHash, long tombstoneMillis) {
        redis.eval(REMOVE_ALL, List.of(SessionCache.indexKey(tag), SessionCache.base(tag)),
                List.of(keepHash == null ? "" : keepHash, Long.toString(tombstoneMillis),
                        tombstoneMillis > 0 ? SessionCache.newGeneration() : ""));
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
        Object r = redis.eval(UPDATE, List.of(SessionCache.indexKey(tag), SessionCache.base(tag)),
                List.of(SessionJson.writeAttributes(put), SessionJson.writeAttributes(drop), Long.toString(nowMillis),
                        Integer.toString(SessionInput.MAX_ATTRIBUTES), generationMillis > 0 ? SessionCache.newGeneration() : "",
                        Long.toString(generationMillis)));
        long n = r instanceof Number num ? num.longValue() : 0;
        if (n < 0) {
            throw SessionInput.tooMany(-n);
        }
        return (int) n;
    }

    @Override
    public List<String> list(String tag, long nowMillis) {
        Object r = redis.eval(LIST, List.of(SessionCache.indexKey(tag), SessionCache.base(tag)),
                List.of(Long.toString(nowMillis)));
        List<String> out = new ArrayList<>();
        if (r instanceof List<?> values) {
            for (Object v : values) {
                out.add(v instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(v));
            }
        }
        return out;
    }
}
