package dev.authstash.servlet;

import dev.authstash.Authstash;
import dev.authstash.config.AuthstashConfig;
import dev.authstash.config.ConfigLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Loads the configuration and builds an {@link Authstash}, failing loudly on a bad configuration. */
final class Bootstrap {
    private static final Logger LOG = LoggerFactory.getLogger(Bootstrap.class);

    private Bootstrap() {}

    /**
     * @param location file path or {@code classpath:} resource; {@code null}/blank = the default
     * @param source   where the location came from, for the log
     * @throws RuntimeException the loader's or factory's exception, after logging it at ERROR
     */
    static Authstash create(String location, String source) {
        String where = location == null || location.isBlank() ? AuthstashListener.DEFAULT_CONFIG : location.trim();
        try {
            AuthstashConfig config = ConfigLoader.load(where);
            Authstash authstash = Authstash.create(config);
            LOG.info("authstash: started from {} ({})", where, source);
            return authstash;
        } catch (RuntimeException e) {
            LOG.error("authstash: cannot start from {} ({}): {}", where, source, e.getMessage());
            throw e;
        }
    }

    static void close(Authstash authstash) {
        try {
            authstash.close();
        } catch (RuntimeException e) {
            LOG.warn("authstash: error while closing: {}", e.toString());
        }
    }
}
