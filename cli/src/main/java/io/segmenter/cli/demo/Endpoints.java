package io.segmenter.cli.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The app's HTTP endpoints that answer, found by asking: the app serves /metrics and /health/*, and the
 * query API (/, /segments, /model, ...) once it is there, so the demo lists whatever this build has.
 */
final class Endpoints {

    static final List<String> KNOWN = List.of("/", "/segments", "/model", "/metrics", "/health/live", "/health/ready");

    private Endpoints() {}

    static List<String> answering(int port) throws InterruptedException {
        List<String> urls = new ArrayList<>();
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            for (String path : KNOWN) {
                String url = "http://127.0.0.1:" + port + path;
                try {
                    HttpResponse<Void> r = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                            HttpResponse.BodyHandlers.discarding());
                    if (r.statusCode() != 404) {
                        urls.add(url);
                    }
                } catch (IOException e) {
                    // not served: leave it out
                }
            }
        }
        return urls;
    }
}
