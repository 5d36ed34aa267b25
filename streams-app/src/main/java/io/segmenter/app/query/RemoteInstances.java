package io.segmenter.app.query;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Asks another instance's HTTP API (interactive queries across instances), always with a timeout. */
public final class RemoteInstances implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RemoteInstances.class);
    /** Largest answer accepted from another instance. */
    private static final int MAX_ANSWER_BYTES = 4 * 1024 * 1024;

    /** An instance's answer: status and JSON body. */
    public record Answer(int status, byte[] body) {}

    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient client;
    private final Duration timeout;

    public RemoteInstances(Duration timeout) {
        this.timeout = timeout;
        this.client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .executor(executor)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** GET {@code pathAndQuery} (already encoded) on {@code host}; 503 when it does not answer in time. */
    public Answer get(HostInfo host, String pathAndQuery) {
        URI uri = URI.create("http://" + host.host() + ":" + host.port() + pathAndQuery);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json").GET().build();
        try {
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            byte[] body;
            try (InputStream in = response.body()) {
                body = in.readNBytes(MAX_ANSWER_BYTES + 1);
            }
            if (body.length > MAX_ANSWER_BYTES) {
                throw QueryException.unavailable("instance " + host + " answered with an oversized body");
            }
            return new Answer(response.statusCode(), body);
        } catch (HttpTimeoutException e) {
            LOG.warn("Instance {} did not answer within {} ms", host, timeout.toMillis());
            throw QueryException.unavailable("instance " + host + " did not answer within " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            LOG.warn("Instance {} is not reachable: {}", host, e.toString());
            throw QueryException.unavailable("instance " + host + " is not reachable");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw QueryException.unavailable("interrupted while asking instance " + host);
        }
    }

    @Override
    public void close() {
        client.close();
        executor.close();
    }
}
