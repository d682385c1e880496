package dev.authstash.session;

/**
 * Secondary storage failed and there is no primary-database copy to answer from
 * ({@code storeSessionInDatabase} is off). Adapters map it to their configured storage-error policy.
 */
public class SessionStorageUnavailableException extends RuntimeException {
    public SessionStorageUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
