package io.segmenter.app.query;

import io.segmenter.http.HttpError;

/**
 * A query that cannot be answered as asked; carries the HTTP status the API answers with. 503s carry a
 * Retry-After: the state is moving (rebalance, restore, an instance not reachable) and will settle.
 */
public final class QueryException extends HttpError {

    public QueryException(int status, String message) {
        super(status, message);
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
}
