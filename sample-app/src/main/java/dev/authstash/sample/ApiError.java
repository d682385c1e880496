package dev.authstash.sample;

/** Ends a request with {@code status} and the JSON body {@code {"message": message}}. */
final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    ApiError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }

    static ApiError badRequest(String message) {
        return new ApiError(400, message);
    }

    static ApiError unauthorized() {
        return new ApiError(401, "Unauthorized");
    }
}
