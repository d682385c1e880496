package dev.authstash.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The Better Auth peer ({@code benchmarks/better-auth-peer}: Better Auth 1.7.25, the sample app's options,
 * {@code @better-auth/redis-storage} on the given Redis) as a child process: {@code npm ci} from the committed
 * lockfile when {@code node_modules} is missing, then {@code node server.mjs}; ready once it prints
 * {@code ready <port>} (at most 60 s). {@link #close()} stops it.
 */
final class BetterAuthPeer implements AutoCloseable {
    static final Path DIR = Path.of(System.getProperty("bench.peerDir", "benchmarks/better-auth-peer"));
    private final Process process;
    final int port;

    /** @param globalMax the global rule's max per 60 s ({@code GLOBAL_MAX}; the article's config says 100) */
    BetterAuthPeer(String redisUrl, boolean cookieCache, long globalMax) throws IOException, InterruptedException {
        if (!Files.isDirectory(DIR.resolve("node_modules"))) {
            Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(DIR.toFile())
                    .inheritIO().start();
            if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0) {
                npm.destroyForcibly();
                throw new IllegalStateException("npm ci in " + DIR + " failed");
            }
        }
        port = freePort();
        ProcessBuilder pb = new ProcessBuilder("node", "server.mjs").directory(DIR.toFile()).redirectErrorStream(true);
        pb.environment().put("PORT", Integer.toString(port));
        pb.environment().put("REDIS_URL", redisUrl);
        pb.environment().put("COOKIE_CACHE", cookieCache ? "1" : "0");
        pb.environment().put("GLOBAL_MAX", Long.toString(globalMax));
        pb.environment().put("NODE_ENV", "production");
        process = pb.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<Boolean> ready = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line; (line = out.readLine()) != null; ) {
                    if (line.startsWith("ready ")) {
                        return true;
                    }
                    System.out.println("better-auth peer: " + line);
                }
                return false;
            } catch (IOException e) {
                return false;
            }
        });
        try {
            if (!ready.get(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the Better Auth peer exited before it was ready");
            }
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            close();
            throw new IllegalStateException("the Better Auth peer did not start within 60 s", e);
        }
        Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "better-auth-peer-output");
        drain.setDaemon(true);
        drain.start();
    }

    static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port + "/api/auth";
    }

    /** Signs the seed user in; returns the {@code Cookie} header value (session token, and cache when on). */
    String signIn() throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl()
                        + "/sign-in/email")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"email\":\"bench@example.com\",\"password\":\"bench-password-1\"}"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("Better Auth sign-in: " + r.statusCode() + " " + r.body());
        }
        return cookies(r.headers().allValues("set-cookie"));
    }

    /** {@code name=value; name=value} from {@code Set-Cookie} headers (attributes dropped, cleared ones skipped). */
    static String cookies(List<String> setCookies) {
        StringBuilder out = new StringBuilder();
        for (String c : setCookies) {
            String pair = c.substring(0, c.indexOf(';') < 0 ? c.length() : c.indexOf(';'));
            if (!pair.endsWith("=")) {
                out.append(out.length() == 0 ? "" : "; ").append(pair);
            }
        }
        return out.toString();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
