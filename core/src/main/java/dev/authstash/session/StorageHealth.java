package dev.authstash.session;

import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Logs a storage outage once when it starts and once when it ends, however many calls fail in between. With a
 * circuit breaker (which logs its own state changes) these lines go to DEBUG.
 */
final class StorageHealth {
    private static final Logger LOG = LoggerFactory.getLogger(SessionStore.class);
    private final AtomicBoolean down = new AtomicBoolean();
    private final Level warn;
    private final Level info;

    StorageHealth(boolean breakerLogs) {
        this.warn = breakerLogs ? Level.DEBUG : Level.WARN;
        this.info = breakerLogs ? Level.DEBUG : Level.INFO;
    }

    void failed(RuntimeException e) {
        if (down.compareAndSet(false, true)) {
            LOG.atLevel(warn).log("secondary storage failed, answering sessions from the primary database: {}",
                    e.toString());
        }
    }

    void ok() {
        if (down.get() && down.compareAndSet(true, false)) {
            LOG.atLevel(info).log("secondary storage answers again; sessions are read from it and repopulated");
        }
    }
}
