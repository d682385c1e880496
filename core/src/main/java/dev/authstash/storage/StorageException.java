package dev.authstash.storage;

/** The secondary storage could not be reached or answered with an error. */
public class StorageException extends RuntimeException {
    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }

    public StorageException(String message) {
        super(message);
    }

    /** Whether a connect or a reply timed out (a {@code SocketTimeoutException} or the like in the cause chain). */
    public boolean isTimeout() {
        for (Throwable t = this; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.io.InterruptedIOException || t instanceof java.util.concurrent.TimeoutException) {
                return true;
            }
        }
        return false;
    }
}
