package dev.authstash.storage;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP POST per call to an Upstash REST endpoint, on the JDK {@link HttpClient} (connections reused; HTTP/2
 * when an https server offers it). Sends {@code Authorization: Bearer}, {@code Upstash-Encoding: base64} when asked,
 * and the last {@code upstash-sync-token} seen (read-your-writes). A call never outlasts
 * {@link UpstashSettings#requestTimeout()} per attempt; only idempotent reads are retried, and only after a
 * connection error (never after a timeout). Every failure is a {@link StorageException}; a timeout carries a
 * {@link SocketTimeoutException} cause. A refused token is logged once at WARN (again after a success).
 */
final class UpstashHttp {
    private static final Logger LOG = LoggerFactory.getLogger(UpstashHttp.class);
    static final String SYNC_TOKEN = "upstash-sync-token";

    private final UpstashSettings settings;
    private final HttpClient client;
    private final URI root;
    private final String authorization;
    private final AtomicBoolean authWarned = new AtomicBoolean();
    private volatile String syncToken;

    UpstashHttp(UpstashSettings settings) {
        this.settings = settings;
        URI uri = UpstashSettings.validateUrl(settings.url());
        String text = uri.toString();
        this.root = URI.create(text.endsWith("/") ? text : text + "/");
        this.authorization = "Bearer " + settings.token();
        this.client = HttpClient.newBuilder()
                .version("https".equalsIgnoreCase(uri.getScheme()) ? HttpClient.Version.HTTP_2
                        : HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * Posts {@code body} to {@code path} ({@code ""}, {@code pipeline} or {@code multi-exec}) and returns the JSON
     * reply of a 2xx answer, or of an error answer that carries {@code {"error": …}} (4xx).
     *
     * @param op         named in errors, e.g. {@code GET}
     * @param idempotent whether a connection error may be retried
     */
    Reply post(String path, byte[] body, String op, boolean idempotent) {
        return post(path, body, op, idempotent, settings.requestTimeout());
    }

    /** As {@link #post(String, byte[], String, boolean)} with {@code timeout} per attempt instead of the setting. */
    Reply post(String path, byte[] body, String op, boolean idempotent, Duration timeout) {
        int attempts = idempotent ? 1 + settings.readRetries() : 1;
        for (int attempt = 1; ; attempt++) {
            try {
                return once(path, body, op, timeout);
            } catch (ConnectionFailure e) {
                if (attempt >= attempts) {
                    throw new StorageException("Upstash REST " + op + " failed: " + e.getCause(), e.getCause());
                }
            }
        }
    }

    /** A decoded answer: its HTTP status and JSON body. */
    record Reply(int status, JsonNode body) {}

    private Reply once(String path, byte[] body, String op, Duration timeout) {
        HttpRequest.Builder b = HttpRequest.newBuilder(root.resolve(path))
                .timeout(timeout)
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (settings.responseEncoding() == UpstashSettings.Encoding.BASE64) {
            b.header("Upstash-Encoding", "base64");
        }
        String sync = syncToken;
        if (sync != null) {
            b.header(SYNC_TOKEN, sync);
        }
        CompletableFuture<HttpResponse<byte[]>> future = client.sendAsync(b.build(), info -> new Bounded());
        HttpResponse<byte[]> response;
        try {
            response = future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw timeout(op, timeout);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new StorageException("Upstash REST " + op + " interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            for (Throwable t = cause; t != null; t = t.getCause()) {
                if (t instanceof ReplyTooLarge) {
                    throw new StorageException("Upstash REST " + op + ": reply over " + MAX_REPLY_BYTES
                            + " bytes, not read");
                }
            }
            if (cause instanceof HttpTimeoutException) {
                throw timeout(op, timeout);
            }
            if (cause instanceof IOException io) {
                throw new ConnectionFailure(io);
            }
            throw new StorageException("Upstash REST " + op + " failed: " + cause, cause);
        }
        return read(response, op);
    }

    private Reply read(HttpResponse<byte[]> response, String op) {
        response.headers().firstValue(SYNC_TOKEN).ifPresent(t -> syncToken = t);
        int status = response.statusCode();
        if (status == 401 || status == 403) {
            String message = "Upstash REST refused the token (HTTP " + status + "): check " + settings.tokenName();
            if (authWarned.compareAndSet(false, true)) {
                LOG.warn("{}; calls fail until it is accepted", message);
            }
            throw new UpstashError(message, null, status);
        }
        JsonNode json = UpstashJson.parse(response.body());
        boolean errorObject = json != null && json.isObject() && json.hasNonNull("error");
        if (json == null || (status / 100 != 2 && !errorObject) || status >= 500) {
            String type = response.headers().firstValue("Content-Type").orElse("no content type");
            String what = json == null ? "a body that is not JSON (" + type + ", " + response.body().length
                    + " bytes)" : UpstashJson.shape(json);
            throw new StorageException("Upstash REST " + op + ": HTTP " + status + " with " + what
                    + (errorObject ? ": " + json.get("error").asText() : ""));
        }
        authWarned.set(false);
        return new Reply(status, json);
    }

    /** The last sync token received, or {@code null}. */
    String syncToken() {
        return syncToken;
    }

    private static StorageException timeout(String op, Duration timeout) {
        long ms = timeout.toMillis();
        return new StorageException("Upstash REST " + op + " timed out after " + ms + " ms",
                new SocketTimeoutException("no complete answer within " + ms + " ms"));
    }

    /**
     * The most bytes of one reply read (16 MiB, far above the largest reply authstash asks for: one user's sessions,
     * bounded by {@code maximumSessions}); a longer body is abandoned as it arrives, never buffered whole.
     */
    static final int MAX_REPLY_BYTES = 16 * 1024 * 1024;

    /** A reply body of at most {@link #MAX_REPLY_BYTES}. */
    private static final class Bounded implements HttpResponse.BodySubscriber<byte[]> {
        private final CompletableFuture<byte[]> body = new CompletableFuture<>();
        private final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        private java.util.concurrent.Flow.Subscription subscription;

        @Override
        public java.util.concurrent.CompletionStage<byte[]> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(java.util.concurrent.Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(java.util.List<java.nio.ByteBuffer> items) {
            if (body.isDone()) {
                return;
            }
            for (java.nio.ByteBuffer b : items) {
                if ((long) out.size() + b.remaining() > MAX_REPLY_BYTES) {
                    subscription.cancel();
                    body.completeExceptionally(new ReplyTooLarge());
                    return;
                }
                byte[] chunk = new byte[b.remaining()];
                b.get(chunk);
                out.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable t) {
            body.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            body.complete(out.toByteArray());
        }
    }

    /** A reply longer than {@link #MAX_REPLY_BYTES}: not retried (the same read would answer the same). */
    private static final class ReplyTooLarge extends RuntimeException {
        ReplyTooLarge() {
            super("reply over " + MAX_REPLY_BYTES + " bytes", null, false, false);
        }
    }

    /** Connecting or exchanging failed before an answer: retryable for idempotent reads. */
    private static final class ConnectionFailure extends RuntimeException {
        ConnectionFailure(IOException cause) {
            super(cause.toString(), cause, false, false);
        }
    }
}
