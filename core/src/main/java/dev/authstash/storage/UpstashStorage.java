package dev.authstash.storage;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SecondaryStorage} on Upstash's REST API (Redis over HTTPS): each call is one HTTP request of one Redis
 * command ({@code GET}, {@code SET … PX}, {@code DEL}, {@code GETDEL}, {@code EVALSHA}), so every guarantee of
 * {@link RedisStorage} holds: atomic single use, atomic counters with their TTL set on creation, scripts run in
 * Redis on its clock. Keys are prefixed like {@link RedisStorage}'s. Failures are {@link StorageException}s naming
 * the operation, never a value or the token. Thread-safe.
 */
public final class UpstashStorage implements ScriptStorage {
    private static final Logger LOG = LoggerFactory.getLogger(UpstashStorage.class);
    static final int STARTUP_CHECK_SECONDS = 5;

    private final UpstashSettings settings;
    private final UpstashHttp http;
    private final String prefix;
    private final boolean base64;
    private volatile boolean closed;

    private UpstashStorage(UpstashSettings settings, String prefix) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        this.http = new UpstashHttp(settings);
        this.base64 = settings.responseEncoding() == UpstashSettings.Encoding.BASE64;
    }

    /**
     * Connects and sends one {@code PING}, waiting up to {@value #STARTUP_CHECK_SECONDS} s (or the request timeout if
     * longer) so that a cold start or a loaded machine does not skip the token check. An endpoint that does not
     * answer is logged at WARN and tolerated (calls fail until it answers, as with Redis); a refused token is not.
     *
     * @throws IllegalArgumentException for a url that is not https (http only for loopback)
     * @throws IllegalStateException    when the server refuses the token (401/403), naming where it came from
     */
    public static UpstashStorage create(UpstashSettings settings, String keyPrefix) {
        UpstashStorage storage = new UpstashStorage(settings, keyPrefix);
        Duration wait = settings.requestTimeout().compareTo(Duration.ofSeconds(STARTUP_CHECK_SECONDS)) > 0
                ? settings.requestTimeout() : Duration.ofSeconds(STARTUP_CHECK_SECONDS);
        try {
            UpstashHttp.Reply reply = storage.http.post("", UpstashJson.command(List.of("PING")), "PING", true, wait);
            UpstashJson.result(reply.body(), false, "PING", reply.status());
        } catch (UpstashError e) {
            if (e.unauthorized()) {
                throw new IllegalStateException("Upstash REST at " + settings.describe() + " refused the token: check "
                        + settings.tokenName(), e);
            }
            LOG.warn("Upstash REST at {} answered PING with an error at start-up: {}", settings.describe(),
                    e.getMessage());
        } catch (StorageException e) {
            LOG.warn("Upstash REST at {} does not answer at start-up ({}); calls fail until it does",
                    settings.describe(), e.getMessage());
        }
        return storage;
    }

    @Override
    public String get(String key) {
        return text(command("GET", true, "GET", prefix + key));
    }

    @Override
    public void set(String key, String value, Duration ttl) {
        Objects.requireNonNull(value, "value");
        long ms = Ttl.millis(ttl);
        if (ms == 0) {
            command("SET", false, "SET", prefix + key, value);
        } else {
            command("SET", false, "SET", prefix + key, value, "PX", Long.toString(ms));
        }
    }

    @Override
    public void delete(String key) {
        command("DEL", false, "DEL", prefix + key);
    }

    @Override
    public String getAndDelete(String key) {
        return text(command("GETDEL", false, "GETDEL", prefix + key));
    }

    @Override
    public long increment(String key, Duration ttl) {
        String ms = Long.toString(Ttl.millis(ttl));
        try {
            return (Long) eval(RedisStorage.INCREMENT, List.of(key), List.of(ms));
        } catch (StorageException e) {
            throw new StorageException("Upstash REST increment of key \"" + prefix + key + "\" failed: "
                    + e.getMessage(), e);
        }
    }

    /** {@code EVALSHA}, and {@code EVAL} after {@code NOSCRIPT} (recognised from the error text, any status). */
    @Override
    public Object eval(RedisScript script, List<String> keys, List<String> args) {
        List<String> tail = new ArrayList<>(keys.size() + args.size() + 1);
        tail.add(Integer.toString(keys.size()));
        keys.forEach(k -> tail.add(prefix + k));
        tail.addAll(args);
        try {
            return command("EVALSHA", false, prepend("EVALSHA", script.sha1(), tail));
        } catch (UpstashError e) {
            if (!e.noScript()) {
                throw e;
            }
            return command("EVAL", false, prepend("EVAL", script.source(), tail));
        }
    }

    /** Whether the endpoint answers {@code PING} with a result; never throws. */
    public boolean ping() {
        try {
            command("PING", true, "PING");
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Sends {@code commands} in one {@code /pipeline} request (not atomic). Keys are sent as given, without prefix.
     *
     * @return one entry per command: its decoded result, or the {@link StorageException} describing its error
     */
    List<Object> pipeline(List<List<String>> commands) {
        return batch("pipeline", commands);
    }

    /**
     * Sends {@code commands} as one {@code /multi-exec} transaction (atomic). Keys are sent as given.
     *
     * @return as {@link #pipeline}
     * @throws StorageException when the whole transaction was refused
     */
    List<Object> multiExec(List<List<String>> commands) {
        return batch("multi-exec", commands);
    }

    /** The last read-your-writes sync token received, or {@code null}; for tests. */
    String syncToken() {
        return http.syncToken();
    }

    @Override
    public void close() {
        closed = true;
    }

    private List<Object> batch(String path, List<List<String>> commands) {
        open();
        UpstashHttp.Reply reply = http.post(path, UpstashJson.commands(commands), path, false);
        JsonNode body = reply.body();
        if (!body.isArray() || body.size() != commands.size()) {
            UpstashJson.result(body, base64, path, reply.status()); // throws for {"error"}
            throw new StorageException("Upstash REST " + path + ": expected an array of " + commands.size()
                    + " results, got " + UpstashJson.shape(body));
        }
        List<Object> out = new ArrayList<>(commands.size());
        for (int i = 0; i < commands.size(); i++) {
            try {
                out.add(UpstashJson.result(body.get(i), base64, commands.get(i).get(0), reply.status()));
            } catch (StorageException e) {
                out.add(e);
            }
        }
        return out;
    }

    private Object command(String op, boolean idempotent, String... command) {
        return command(op, idempotent, List.of(command));
    }

    private Object command(String op, boolean idempotent, List<String> command) {
        open();
        UpstashHttp.Reply reply = http.post("", UpstashJson.command(command), op, idempotent);
        return UpstashJson.result(reply.body(), base64, op, reply.status());
    }

    private void open() {
        if (closed) {
            throw new StorageException("Upstash REST storage is closed");
        }
    }

    private static List<String> prepend(String a, String b, List<String> rest) {
        List<String> all = new ArrayList<>(rest.size() + 2);
        all.add(a);
        all.add(b);
        all.addAll(rest);
        return all;
    }

    private static String text(Object reply) {
        if (reply == null || reply instanceof String) {
            return (String) reply;
        }
        throw new StorageException("Upstash REST: expected a string or null, got " + reply.getClass().getSimpleName());
    }
}
