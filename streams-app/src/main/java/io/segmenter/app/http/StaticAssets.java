package io.segmenter.app.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import io.segmenter.http.Response;

/** The explorer page's files, read once from the classpath; served with their content type and a strict CSP. */
final class StaticAssets {

    private static final String ROOT = "/io/segmenter/app/http/static/";
    /** Same-origin only: the page makes no external request, not even by mistake. */
    private static final String CSP = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    private final Map<String, Response> files;

    StaticAssets() {
        files = Map.of(
                "index.html", load("index.html", "text/html; charset=utf-8"),
                "app.js", load("app.js", "text/javascript; charset=utf-8"),
                "app.css", load("app.css", "text/css; charset=utf-8"));
    }

    /** The file, or null when there is no such asset. */
    Response get(String name) {
        return files.get(name);
    }

    private static Response load(String name, String type) {
        try (InputStream in = StaticAssets.class.getResourceAsStream(ROOT + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + ROOT + name);
            }
            return new Response(200, type, in.readAllBytes(), Map.of())
                    .withHeader("Content-Security-Policy", CSP)
                    .withHeader("Cache-Control", "no-cache")
                    .withHeader("Referrer-Policy", "no-referrer");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
