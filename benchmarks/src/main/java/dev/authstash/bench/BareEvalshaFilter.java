package dev.authstash.bench;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import redis.clients.jedis.RedisClient;

/**
 * The floor of any limiter that makes one Redis round trip per request: authstash's {@code fixed-window.lua} by
 * {@code EVALSHA} through a plain Jedis {@link RedisClient} (pool of the same size as authstash's default), keyed
 * by the raw {@code X-Forwarded-For} value — no path match, no client-IP validation, no hashing, no headers,
 * no breaker. A 429 when the script refuses (never, with its limits). {@link HttpRun}'s "jedis" variant.
 */
final class BareEvalshaFilter implements Filter {
    private final RedisClient redis;
    private final String sha;

    BareEvalshaFilter(RedisClient redis, String sha) {
        this.redis = redis;
        this.sha = sha;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        String client = ((HttpServletRequest) req).getHeader("X-Forwarded-For");
        Object reply = redis.evalsha(sha, List.of("bare:" + client), List.of("60000", "1000000000"));
        if (!((List<?>) reply).get(0).equals(1L)) {
            ((HttpServletResponse) res).sendError(429);
            return;
        }
        chain.doFilter(req, res);
    }
}
