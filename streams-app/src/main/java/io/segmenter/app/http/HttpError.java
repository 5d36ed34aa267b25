package io.segmenter.app.http;

/** A request the API rejects before it reaches a service (bad JSON, body too large, no token, ...). */
final class HttpError extends RuntimeException {

    private final int status;

    HttpError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }
}
