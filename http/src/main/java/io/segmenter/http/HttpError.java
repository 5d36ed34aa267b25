package io.segmenter.http;

/**
 * A request answered with an error status and {@code {"error": message}}: bad JSON, a body too large, no
 * token, or a service's refusal (services extend it). A 503 carries {@code Retry-After}.
 */
public class HttpError extends RuntimeException {

    /** Seconds a client should wait before retrying a 503. */
    public static final int RETRY_AFTER_SECONDS = 2;

    private final int status;

    public HttpError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
