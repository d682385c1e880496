package dev.authstash.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An Upstash-REST-compatible HTTP endpoint in front of a real redis-server, written from Upstash's public REST
 * docs: {@code POST /} with a JSON array command, {@code /pipeline} and {@code /multi-exec} with an array of
 * them; {@code Authorization: Bearer <token>} (401 {@code {"error":"Unauthorized"}} otherwise); replies
 * {@code {"result": …}} or {@code {"error": …}} (HTTP 400); bulk strings base64 when the request says
 * {@code Upstash-Encoding: base64} (simple strings such as {@code OK} stay plain); an {@code upstash-sync-token}
 * on every answer. Every command really runs in Redis. Counts requests, and injects {@link Fault}s.
 */
public final class UpstashEndpoint implements AutoCloseable {
    /** What every answer does instead of the normal reply. */
    public enum Fault { NONE, SLOW, UNAUTHORIZED, SERVER_ERROR, MALFORMED_JSON, TRUNCATED, HTML, IGNORE_ENCODING }

    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        // The JDK server closes keep-alive connections beyond 200 idle ones; clients racing 200 threads then reuse
        // a closed one ("header parser received no bytes"). Real Upstash keeps them; so does this endpoint.
        if (System.getProperty("sun.net.httpserver.maxIdleConnections") == null) {
            System.setProperty("sun.net.httpserver.maxIdleConnections", "100000");
        }
        // Without TCP_NODELAY the JDK server's separate header and body writes meet the client's delayed ACK:
        // every small reply waited ~40 ms on loopback (measured: REST decision p50 44 ms). Upstash does not.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }
    private final String token;
    private final int port;
    private final ConnectionPool pool;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong syncCounter = new AtomicLong();
    private final AtomicReference<String> lastSyncTokenReceived = new AtomicReference<>();
    private final AtomicReference<String> lastPath = new AtomicReference<>();
    private volatile Fault fault = Fault.NONE;
    private volatile long slowMillis = 60_000;
    private HttpServer server;
    private ExecutorService executor;

    private UpstashEndpoint(int redisPort, String token, int port) {
        this.token = token;
        this.port = port;
        this.pool = new ConnectionPool(redisPort);
    }

    /** Starts an endpoint on a free loopback port in front of {@code redis}, accepting {@code token}. */
    public static UpstashEndpoint start(RedisProcess redis, String token) {
        return start(redis.port(), token);
    }

    /** Starts an endpoint on a free loopback port in front of the redis-server on loopback {@code redisPort}. */
    public static UpstashEndpoint start(int redisPort, String token) {
        UpstashEndpoint e = new UpstashEndpoint(redisPort, token, RedisProcess.freePort());
        e.start();
        return e;
    }

    /** {@code http://127.0.0.1:<port>} (loopback: authstash accepts plain http only there). */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public String token() {
        return token;
    }

    /** HTTP requests received since start (all paths, faulty answers included). */
    public long requests() {
        return requests.get();
    }

    /** The {@code upstash-sync-token} the last request carried, or {@code null}. */
    public String lastSyncTokenReceived() {
        return lastSyncTokenReceived.get();
    }

    /** The path of the last request, e.g. {@code /pipeline}. */
    public String lastPath() {
        return lastPath.get();
    }

    /** From now on every answer has {@code fault}; {@link Fault#SLOW} waits {@code slowMillis} then answers. */
    public void fault(Fault fault) {
        this.fault = fault;
    }

    public void slowMillis(long millis) {
        this.slowMillis = millis;
    }

    /** (Re)starts listening on the same port. */
    public synchronized void start() {
        if (server != null) {
            return;
        }
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 256);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "upstash-endpoint-" + port);
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Stops listening (the endpoint is down; connection attempts are refused). */
    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
        }
    }

    @Override
    public void close() {
        stop();
        pool.close();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            requests.incrementAndGet();
            lastPath.set(ex.getRequestURI().getPath());
            lastSyncTokenReceived.set(ex.getRequestHeaders().getFirst("upstash-sync-token"));
            byte[] body = ex.getRequestBody().readAllBytes();
            Fault f = fault;
            if (f == Fault.SLOW) {
                sleep(slowMillis);
            }
            if (answeredByFault(ex, f)) {
                return;
            }
            if (!authorized(ex.getRequestHeaders().getFirst("Authorization"))) {
                send(ex, 401, error("Unauthorized"));
                return;
            }
            if (!"POST".equals(ex.getRequestMethod())) {
                send(ex, 405, error("ERR only POST with a JSON body is implemented here"));
                return;
            }
            boolean base64 = f != Fault.IGNORE_ENCODING
                    && "base64".equalsIgnoreCase(ex.getRequestHeaders().getFirst("Upstash-Encoding"));
            Replies replies = new Replies(base64);
            JsonNode parsed;
            try {
                parsed = JSON.readTree(body);
            } catch (IOException e) {
                send(ex, 400, error("ERR failed to parse command"));
                return;
            }
            String path = ex.getRequestURI().getPath();
            switch (path) {
                case "/", "" -> single(ex, parsed, replies);
                case "/pipeline" -> pipeline(ex, parsed, replies, false);
                case "/multi-exec" -> pipeline(ex, parsed, replies, true);
                default -> send(ex, 404, error("ERR unknown path " + path));
            }
        }
    }

    private void single(HttpExchange ex, JsonNode parsed, Replies replies) throws IOException {
        List<String> command = Replies.command(parsed);
        if (command == null) {
            send(ex, 400, error("ERR failed to parse command"));
            return;
        }
        Object reply = pool.call(List.of(command)).get(0);
        send(ex, reply instanceof Resp.Error ? 400 : 200, replies.envelope(reply));
    }

    private void pipeline(HttpExchange ex, JsonNode parsed, Replies replies, boolean transaction) throws IOException {
        List<List<String>> commands = new ArrayList<>();
        if (parsed == null || !parsed.isArray() || parsed.isEmpty()) {
            send(ex, 400, error("ERR expected an array of commands"));
            return;
        }
        for (JsonNode c : parsed) {
            List<String> command = Replies.command(c);
            if (command == null) {
                send(ex, 400, error("ERR failed to parse command"));
                return;
            }
            commands.add(command);
        }
        List<Object> results;
        if (transaction) {
            List<List<String>> all = new ArrayList<>();
            all.add(List.of("MULTI"));
            all.addAll(commands);
            all.add(List.of("EXEC"));
            List<Object> raw = pool.call(all);
            Object exec = raw.get(raw.size() - 1);
            if (!(exec instanceof List<?> list)) {
                send(ex, 400, replies.envelope(exec instanceof Resp.Error ? exec : new Resp.Error("EXECABORT")));
                return;
            }
            results = new ArrayList<>(list);
        } else {
            results = pool.call(commands);
        }
        ArrayNode out = JSON.createArrayNode();
        results.forEach(r -> out.add(replies.envelope(r)));
        send(ex, 200, out);
    }

    private boolean answeredByFault(HttpExchange ex, Fault f) throws IOException {
        switch (f) {
            case UNAUTHORIZED -> send(ex, 401, error("Unauthorized"));
            case SERVER_ERROR -> send(ex, 500, error("ERR internal server error"));
            case MALFORMED_JSON -> raw(ex, 200, "application/json", "{\"result\": \"abc", -1);
            case TRUNCATED -> raw(ex, 200, "application/json", "{\"result\":\"", 400);
            case HTML -> raw(ex, 502, "text/html", "<html><body><h1>502 Bad Gateway</h1></body></html>", -1);
            default -> {
                return false;
            }
        }
        return true;
    }

    private boolean authorized(String header) {
        byte[] expected = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
        return header != null && MessageDigest.isEqual(expected, header.getBytes(StandardCharsets.UTF_8));
    }

    private void send(HttpExchange ex, int status, JsonNode body) throws IOException {
        raw(ex, status, "application/json", JSON.writeValueAsString(body), -1);
    }

    /** @param declaredLength a Content-Length larger than the body to send a truncated answer; -1 for the real one */
    private void raw(HttpExchange ex, int status, String type, String body, long declaredLength) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("upstash-sync-token", Long.toString(syncCounter.incrementAndGet()));
        ex.sendResponseHeaders(status, declaredLength < 0 ? bytes.length : declaredLength);
        OutputStream out = ex.getResponseBody();
        out.write(bytes);
        out.flush(); // with a declared length above the body, closing the exchange cuts the connection short
    }

    private static ObjectNode error(String text) {
        return JSON.createObjectNode().put("error", text);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
