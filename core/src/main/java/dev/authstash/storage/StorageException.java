package dev.authstash.storage;

/** The secondary storage could not be reached or answered with an error. */
public class StorageException extends RuntimeException {
    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }

    public StorageException(String message) {
        super(message);
    }
}
