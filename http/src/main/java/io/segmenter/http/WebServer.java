package io.segmenter.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.thread.VirtualThreadPool;

/**
 * The small HTTP server of both services: Jetty's core server on virtual threads, one {@link Router}, and
 * JSON for the errors Jetty answers itself (a malformed request line or percent-encoding, headers over
 * {@link #MAX_HEADER_BYTES}): {@code {"error": ...}} like every other failure. A client that sends or reads
 * too slowly loses the connection after {@link #IDLE_TIMEOUT_MS}.
 */
public final class WebServer implements AutoCloseable {

    /** Largest request line plus headers. */
    public static final int MAX_HEADER_BYTES = 16 * 1024;
    /** Idle time after which a connection is closed. */
    public static final long IDLE_TIMEOUT_MS = 30_000;

    private final Server server;
    private final ServerConnector connector;

    /** Binds {@code host:port} (port 0: any free port) with {@code handler}; call {@link #start()}. */
    public WebServer(String host, int port, Handler handler) {
        VirtualThreadPool threads = new VirtualThreadPool();
        threads.setName("http");
        server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setRequestHeaderSize(MAX_HEADER_BYTES);
        // customer ids may contain '/', sent as %2F inside one path segment; the router splits the raw path
        http.setUriCompliance(UriCompliance.DEFAULT.with("segmenter", UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR,
                UriCompliance.Violation.AMBIGUOUS_PATH_ENCODING));
        connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        connector.setIdleTimeout(IDLE_TIMEOUT_MS);
        server.addConnector(connector);
        server.setHandler(handler);
        server.setErrorHandler((request, response, callback) -> {
            Object message = request.getAttribute(ErrorHandler.ERROR_MESSAGE);
            int status = response.getStatus() >= 400 ? response.getStatus() : 500;
            Router.send(response, Response.error(status, message == null ? "bad request" : message.toString()), false, callback);
            return true;
        });
    }

    public void start() throws IOException {
        try {
            server.start();
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("cannot start the HTTP server on " + connector.getHost() + ":" + connector.getPort() + ": " + e.getMessage(), e);
        }
    }

    /** The bound port (the chosen one when 0 was asked). */
    public int port() {
        return connector.getLocalPort();
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(connector.getHost(), port());
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            // stopping is best effort; the process is going away
        }
    }
}
