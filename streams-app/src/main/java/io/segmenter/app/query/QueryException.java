package io.segmenter.app.query;

/**
 * A query that cannot be answered as asked; carries the HTTP status the API answers with. 503s carry a
 * Retry-After: the state is moving (rebalance, restore, an instance not reachable) and will settle.
 */
public final class QueryException extends RuntimeException {

    /** Seconds a client should wait before retrying a 503. */
    public static final int RETRY_AFTER_SECONDS = 2;

    private final int status;

    public QueryException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public static QueryException badRequest(String message) {
        return new QueryException(400, message);
    }

    public static QueryException notFound(String message) {
        return new QueryException(404, message);
    }

    public static QueryException unavailable(String message) {
        return new QueryException(503, message);
    }

    public int status() {
        return status;
    }
}
