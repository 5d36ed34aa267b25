package io.segmenter.app.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segmenter.app.config.SegmenterConfig;
import io.segmenter.app.SegmenterTopology;
import io.segmenter.app.process.CustomerPartitioning;
import io.segmenter.app.process.UnwritableCustomers;
import io.segmenter.app.StreamsSettings;
import io.segmenter.app.metrics.SegmenterMetrics;
import io.segmenter.app.model.ModelsInUse;
import io.segmenter.app.validate.TransactionDecoders;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The API over a Kafka Streams client that is not running (never started): 503 with Retry-After, never 404 or 200. */
class HttpServiceTest {

    private KafkaStreams streams;
    private HttpService http;
    private ApiTestKit.Client client;

    @BeforeEach
    void start() throws Exception {
        SegmenterConfig config = new SegmenterConfig(Map.of(
                SegmenterConfig.BOOTSTRAP_SERVERS, "127.0.0.1:1",
                SegmenterConfig.HTTP_PORT, "0",
                SegmenterConfig.APPLICATION_SERVER, "127.0.0.1:9",
                SegmenterConfig.STATE_DIR, ApiTestKit.tempDir("segmenter-http-test-").toString()));
        SegmenterMetrics metrics = SegmenterMetrics.inMemory();
        ModelsInUse models = new ModelsInUse(config.getString(SegmenterConfig.MODEL_NAME));
        streams = new KafkaStreams(SegmenterTopology.build(config, metrics, TransactionDecoders.forConfig(config), models, new CustomerPartitioning(1), new UnwritableCustomers()),
                StreamsSettings.from(config, metrics));
        http = HttpService.forApp(config, streams, models, () -> "# metrics\n", () -> List.of("no model loaded yet"));
        http.start();
        client = new ApiTestKit.Client(http.port());
    }

    @AfterEach
    void stop() {
        client.close();
        http.close();
        streams.close(java.time.Duration.ofSeconds(1));
    }

    @Test
    void shouldAnswer503WithRetryAfterWhileTheStreamsClientIsNotRunning() {
        for (ApiTestKit.Answer a : new ApiTestKit.Answer[] {
                client.get("/customers/c1"), client.get("/customers/c1?local=true"), client.get("/segments"),
                client.get("/segments?local=true"), client.get("/model"),
                client.post("/predict", "{\"recency_days\": 1, \"frequency\": 1, \"monetary\": 1}")}) {
            assertEquals(503, a.status(), a.body());
            assertEquals("2", a.header("Retry-After"));
            assertTrue(a.error().contains("CREATED") || a.error().contains("not queryable") || a.error().contains("no model"), a.error());
        }
        assertEquals(503, client.get("/health/ready").status());
        assertEquals(200, client.get("/health/live").status());
    }

    @Test
    void shouldRejectBadRequestsBeforeTheyReachTheStores() {
        assertEquals(400, client.post("/predict", "{not json").status());
        assertEquals(413, client.post("/predict", "[" + "1,".repeat(40_000) + "1]").status());
        assertEquals(404, client.get("/nothing").status());
        assertEquals(405, client.send("DELETE", "/segments", Map.of(), null).status());
        ApiTestKit.Answer head = client.send("HEAD", "/health/live", Map.of(), null);
        assertEquals(200, head.status(), "HEAD answers as GET would");
        assertEquals("", head.body());
        assertEquals(503, client.send("HEAD", "/health/ready", Map.of(), null).status());
        assertTrue(client.send("DELETE", "/segments", Map.of(), null).header("Allow").contains("HEAD"));
    }

    @Test
    void shouldCloseTheConnectionAfterRefusingARequestWhoseBodyItDidNotRead() {
        // else Jetty closes it without saying so, and a client that reuses it fails with an EOF (seen in ApiIT)
        ApiTestKit.Answer put = client.send("PUT", "/health/live", Map.of(), "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(405, put.status());
        assertEquals("close", put.header("Connection"));
        assertEquals(200, client.get("/health/live").status(), "the next request gets a fresh connection");
        assertEquals(null, client.get("/health/live").header("Connection"), "a request without a body keeps its connection");
    }

    @Test
    void shouldAnswerMalformedUrlsWithAJson400() throws Exception {
        for (String path : List.of("/customers/%ZZ", "/model?name=%ZZ", "/customers/%C3", "/segments?local=%")) {
            String answer = raw("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            assertTrue(answer.startsWith("HTTP/1.1 400"), path + ":\n" + answer);
            assertTrue(answer.toLowerCase(java.util.Locale.ROOT).contains("content-type: application/json"), path + ":\n" + answer);
            assertTrue(answer.contains("{\"error\":"), path + ":\n" + answer);
        }
        String huge = raw("GET /segments HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "x".repeat(20_000) + "\r\nConnection: close\r\n\r\n");
        assertTrue(huge.startsWith("HTTP/1.1 431") && huge.contains("{\"error\":"), huge);
    }

    /** Sends bytes a well-behaved client would refuse to (a malformed URL) and returns the whole answer. */
    private String raw(String request) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", http.port())) {
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
