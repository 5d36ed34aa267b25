package io.segmenter.app.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The app's HTTP server (JDK HttpServer on virtual threads): {@code GET /metrics}, {@code GET /health/live},
 * {@code GET /health/ready}. Other endpoints (the query API) register with {@link #route}.
 */
public final class HttpService implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    public HttpService(String host, int port, Supplier<String> prometheus, BooleanSupplier ready) throws IOException {
        server = HttpServer.create(new InetSocketAddress(host, port), 0);
        server.setExecutor(executor);
        route("/metrics", ex -> respond(ex, 200, "text/plain; version=0.0.4; charset=utf-8", prometheus.get()));
        route("/health/live", ex -> respond(ex, 200, "application/json", "{\"status\":\"UP\"}"));
        route("/health/ready", ex -> {
            boolean ok = ready.getAsBoolean();
            respond(ex, ok ? 200 : 503, "application/json", ok ? "{\"status\":\"READY\"}" : "{\"status\":\"NOT_READY\"}");
        });
    }

    /** Adds a GET endpoint; the handler answers every other method with 405. */
    public void route(String path, HttpHandler handler) {
        server.createContext(path, ex -> {
            try (ex) {
                if (!"GET".equals(ex.getRequestMethod()) && !"HEAD".equals(ex.getRequestMethod())) {
                    respond(ex, 405, "application/json", "{\"error\":\"method not allowed\"}");
                    return;
                }
                handler.handle(ex);
            }
        });
    }

    /** Adds an endpoint that handles its own methods. */
    public void routeAnyMethod(String path, HttpHandler handler) {
        server.createContext(path, handler);
    }

    public static void respond(HttpExchange ex, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    public void start() {
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.close();
    }
}
