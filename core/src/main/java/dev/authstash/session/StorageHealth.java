package dev.authstash.session;

import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs a storage outage once when it starts and once when it ends, however many calls fail in between. */
final class StorageHealth {
    private static final Logger LOG = LoggerFactory.getLogger(SessionStore.class);
    private final AtomicBoolean down = new AtomicBoolean();

    void failed(RuntimeException e) {
        if (down.compareAndSet(false, true)) {
            LOG.warn("secondary storage failed, answering sessions from the primary database: {}", e.toString());
        }
    }

    void ok() {
        if (down.get() && down.compareAndSet(true, false)) {
            LOG.info("secondary storage answers again; sessions are read from it and repopulated");
        }
    }
}
