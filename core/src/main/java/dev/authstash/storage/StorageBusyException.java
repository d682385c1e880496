package dev.authstash.storage;

/**
 * Back-pressure, not an outage: every pooled connection stayed busy for the whole
 * {@code secondaryStorage.poolWaitMillis}, so the command was never sent. The circuit breaker does not count it
 * and the rate limiter never answers it with {@code onStorageError}: it refuses the request ({@code 503}) instead,
 * so that a burst can never lift a limit.
 */
public class StorageBusyException extends StorageException {
    public StorageBusyException(String message, Throwable cause) {
        super(message, cause);
    }
}
