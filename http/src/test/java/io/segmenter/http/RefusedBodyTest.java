package io.segmenter.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A request refused before its body is read still gets its answer: the server must not close the connection
 * with the body unread (the kernel then resets it, and the client can lose the answer it was sent).
 */
class RefusedBodyTest {

    private static final int MAX_BODY = 65_536;
    private static WebServer server;
    private static HttpClient client;

    @BeforeAll
    static void start() throws IOException {
        Router router = new Router("secret", MAX_BODY)
                .post("/echo", r -> Response.json(200, Map.of("bytes", r.body().length)))
                .protectedPost("/guarded", r -> Response.json(200, Map.of("bytes", r.body().length)));
        server = new WebServer("127.0.0.1", 0, router);
        server.start();
        client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    private static HttpResponse<String> post(String path, int bytes) throws IOException, InterruptedException {
        return post(path, bytes, false);
    }

    private static HttpResponse<String> post(String path, int bytes, boolean expectContinue) throws IOException, InterruptedException {
        byte[] body = new byte[bytes];
        Arrays.fill(body, (byte) 'x');
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(20)).expectContinue(expectContinue).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {MAX_BODY + 1, 70_000, Request.REFUSED_BODY_DISCARD_BYTES})
    void shouldAnswer413ToEveryOversizedBody(int bytes) throws Exception {
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> r = post("/echo", bytes);
            assertEquals(413, r.statusCode(), r.body());
            assertTrue(r.body().contains("larger than 65536 bytes"), r.body());
        }
        assertEquals(200, post("/echo", 10).statusCode());
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {70_000, 4 << 20, 16 << 20})
    void shouldAnswer413WithoutTheBodyToAClientThatAsksBeforeSending(int bytes) throws Exception {
        // beyond REFUSED_BODY_DISCARD_BYTES the server does not read the body: a client must ask first
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> r = post("/echo", bytes, true);
            assertEquals(413, r.statusCode(), r.body());
            assertTrue(r.body().contains("larger than 65536 bytes"), r.body());
        }
    }

    @ParameterizedTest(name = "{0} bytes, declared {1}")
    @CsvSource({"70000, true", "70000, false", "1048576, true"})
    void shouldAnswer413ToAnOversizedBodyOnASlowLink(int bytes, boolean declared) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /echo HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n"
                    + (declared ? "Content-Length: " + bytes : "Transfer-Encoding: chunked") + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] piece = new byte[8192];
            Arrays.fill(piece, (byte) 'x');
            for (int sent = 0; sent < bytes; sent += piece.length) {
                int n = Math.min(piece.length, bytes - sent);
                if (!declared) {
                    out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                }
                out.write(piece, 0, n);
                if (!declared) {
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.flush();
                Thread.sleep(2); // a slow link: the body is still arriving when the server has decided
            }
            if (!declared) {
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(answer.startsWith("HTTP/1.1 413 "), answer);
            assertTrue(answer.contains("larger than 65536 bytes"), answer);
        }
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {10, 1 << 20})
    void shouldAnswer401ToABodyWithoutTheToken(int bytes) throws Exception {
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> r = post("/guarded", bytes);
            assertEquals(401, r.statusCode(), r.body());
        }
    }
}
