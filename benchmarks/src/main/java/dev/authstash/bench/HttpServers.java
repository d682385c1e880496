package dev.authstash.bench;

import dev.authstash.Authstash;
import dev.authstash.client.IpAddressSettings;
import dev.authstash.config.AuthstashConfig;
import dev.authstash.ratelimit.Algorithm;
import dev.authstash.ratelimit.OnStorageError;
import dev.authstash.ratelimit.RateLimitSettings;
import dev.authstash.servlet.RateLimitFilter;
import dev.authstash.session.SessionSettings;
import dev.authstash.storage.StorageSettings;
import dev.authstash.token.OneTimeSettings;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** Jetty 12 servers on loopback with a trivial servlet, with or without authstash's {@link RateLimitFilter}. */
final class HttpServers {
    static final String BASE_PATH = "/api/auth";

    private HttpServers() {}

    /** Answers {@code 200 ok} (text/plain) to every GET. */
    static final class OkServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setContentType("text/plain");
            resp.getWriter().write("ok");
        }
    }

    /**
     * Limits high enough that nothing is refused (10^9 per 60 s, fixed window), 127.0.0.1 trusted as a proxy so
     * each virtual user's {@code X-Forwarded-For} is its client key; {@code redisUrl} empty = counters in memory.
     * Storage errors deny, so a failing store shows up as errors instead of being skipped.
     */
    static Authstash authstash(String redisUrl) {
        boolean redis = !redisUrl.isEmpty();
        StorageSettings storage = new StorageSettings(redisUrl, List.of(), StorageSettings.DEFAULT_KEY_PREFIX,
                StorageSettings.DEFAULT_POOL_SIZE, Duration.ofSeconds(2), Duration.ofSeconds(2), 100_000);
        RateLimitSettings limits = new RateLimitSettings(true, 60, 1_000_000_000L, Algorithm.FIXED_WINDOW, redis,
                List.of(), OnStorageError.DENY, false);
        AuthstashConfig config = new AuthstashConfig(BASE_PATH, storage, limits,
                new IpAddressSettings(List.of("127.0.0.1/32"), 64), SessionSettings.defaults(),
                OneTimeSettings.defaults());
        return Authstash.builder(config).environment(name -> null)
                .secret("benchmark-secret-benchmark-secret!").build(); // shared storage needs one
    }

    /** Starts a server on a free loopback port; {@code authstash} null = no filter. */
    static Server start(Authstash authstash) throws Exception {
        return start(authstash == null ? null : new FilterHolder(new RateLimitFilter(authstash)));
    }

    /** Starts a server on a free loopback port with {@code filter} (null = none) on every request. */
    static Server start(FilterHolder filter) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addServlet(new ServletHolder(new OkServlet()), "/*");
        if (filter != null) {
            context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
        }
        server.setHandler(context);
        server.start();
        return server;
    }

    static int port(Server server) {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }
}
