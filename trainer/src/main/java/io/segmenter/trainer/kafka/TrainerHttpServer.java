package io.segmenter.trainer.kafka;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The trainer's HTTP endpoints in periodic mode, on the JDK's server with a virtual thread per request:
 * {@code GET /metrics} (Prometheus text format), {@code POST /train} (202 when a run starts, 409 when one is
 * in progress) and {@code GET /health/live}. Errors are {@code {"error": ...}}.
 */
public final class TrainerHttpServer implements AutoCloseable {

    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final String JSON = "application/json";

    private final HttpServer server;
    private final ExecutorService executor;

    private TrainerHttpServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Binds {@code address} (port 0 = any free port) and starts serving. */
    public static TrainerHttpServer start(InetSocketAddress address, PrometheusMeterRegistry registry, TrainingJob job)
            throws IOException {
        HttpServer server = HttpServer.create(address, 0);
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/metrics", exchange -> {
            if (allow(exchange, "GET")) {
                respond(exchange, 200, PROMETHEUS_TEXT, registry.scrape());
            }
        });
        server.createContext("/train", exchange -> {
            if (allow(exchange, "POST")) {
                if (job.trigger()) {
                    respond(exchange, 202, JSON, "{\"status\":\"started\"}");
                } else {
                    respond(exchange, 409, JSON, "{\"error\":\"a training run is in progress\"}");
                }
            }
        });
        server.createContext("/health/live", exchange -> {
            if (allow(exchange, "GET")) {
                respond(exchange, 200, JSON, "{\"status\":\"UP\"}");
            }
        });
        server.createContext("/", exchange -> respond(exchange, 404, JSON, "{\"error\":\"not found\"}"));
        server.start();
        return new TrainerHttpServer(server, executor);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(1);
        executor.close();
    }

    /** Answers 404 for a path below the context, 405 for another method; true when the request may go on. */
    private static boolean allow(HttpExchange exchange, String method) throws IOException {
        if (!exchange.getRequestURI().getPath().equals(exchange.getHttpContext().getPath())) {
            respond(exchange, 404, JSON, "{\"error\":\"not found\"}");
            return false;
        }
        if (!exchange.getRequestMethod().equals(method)) {
            exchange.getResponseHeaders().set("Allow", method);
            respond(exchange, 405, JSON, "{\"error\":\"method not allowed, use " + method + "\"}");
            return false;
        }
        return true;
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
