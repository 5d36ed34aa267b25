package io.segmenter.trainer.kafka;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.segmenter.http.Response;
import io.segmenter.http.Router;
import io.segmenter.http.WebServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;

/**
 * The trainer's HTTP endpoints in periodic mode, on the services' shared {@link WebServer} and
 * {@link Router}: {@code GET /metrics} (Prometheus text format), {@code POST /train} (202 when a run starts,
 * 409 when one is in progress, 401 without the bearer token when one is set) and {@code GET /health/live}. Errors are {@code {"error": ...}}.
 */
public final class TrainerHttpServer implements AutoCloseable {

    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final int MAX_BODY_BYTES = 4096;

    private final WebServer server;

    private TrainerHttpServer(WebServer server) {
        this.server = server;
    }

    /** Binds {@code address} (port 0 = any free port) and starts serving. */
    public static TrainerHttpServer start(InetSocketAddress address, PrometheusMeterRegistry registry, TrainingJob job)
            throws IOException {
        return start(address, null, registry, job);
    }

    /** As {@link #start(InetSocketAddress, PrometheusMeterRegistry, TrainingJob)}; {@code POST /train} needs {@code token} when not null. */
    public static TrainerHttpServer start(InetSocketAddress address, String token, PrometheusMeterRegistry registry, TrainingJob job)
            throws IOException {
        Router router = new Router(token, MAX_BODY_BYTES)
                .get("/metrics", r -> Response.text(200, PROMETHEUS_TEXT, registry.scrape()))
                .protectedPost("/train", r -> job.trigger()
                        ? Response.json(202, Map.of("status", "started"))
                        : Response.error(409, "a training run is in progress"))
                .get("/health/live", r -> Response.ok(Map.of("status", "UP")));
        WebServer server = new WebServer(address.getHostString(), address.getPort(), router);
        server.start();
        return new TrainerHttpServer(server);
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.close();
    }
}
