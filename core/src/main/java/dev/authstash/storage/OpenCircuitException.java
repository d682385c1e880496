package dev.authstash.storage;

/** Thrown instead of calling the storage while the circuit is open; cheap (no stack trace). */
final class OpenCircuitException extends StorageException {
    OpenCircuitException(String message) {
        super(message);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
