package io.segmenter.cli.observability;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;

/** TEMPORARY stub until the trainer's metrics server is merged. */
final class TrainerEndpoint implements AutoCloseable {
    private final HttpServer server;

    private TrainerEndpoint(HttpServer server) {
        this.server = server;
    }

    static TrainerEndpoint startWithRecordedRuns() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/metrics", ex -> {
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        server.start();
        return new TrainerEndpoint(server);
    }

    int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
