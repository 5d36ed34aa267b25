package io.segmenter.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.Schema;

/**
 * A real HTTP server speaking the two Schema Registry endpoints the serdes use, on a free local port.
 * Ids are global (one id per distinct schema text), as in Confluent Schema Registry.
 */
final class FakeSchemaRegistry implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final Map<Integer, String> schemasById = new ConcurrentHashMap<>();
    private final Map<String, Integer> idsBySchema = new ConcurrentHashMap<>();
    private final Map<String, List<Integer>> versionsBySubject = new ConcurrentHashMap<>();
    private final AtomicInteger nextId;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicReference<String> lastAuthorization = new AtomicReference<>();
    private final AtomicReference<String> lastContentType = new AtomicReference<>();
    private volatile int failStatus;
    private volatile String failBody;

    FakeSchemaRegistry() throws IOException {
        this(1);
    }

    FakeSchemaRegistry(int firstId) throws IOException {
        this.nextId = new AtomicInteger(firstId);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort();
    }

    /** Makes the registry hold {@code schema} under {@code id} (as if another producer had registered it). */
    void put(int id, Schema schema) {
        schemasById.put(id, schema.toString());
        idsBySchema.put(schema.toString(), id);
    }

    /** Every further request is answered with {@code status} and a Confluent-style error body. */
    void failWith(int status, int errorCode, String message) {
        this.failBody = "{\"error_code\":" + errorCode + ",\"message\":\"" + message + "\"}";
        this.failStatus = status;
    }

    List<String> requests() {
        return List.copyOf(requests);
    }

    List<Integer> versions(String subject) {
        return versionsBySubject.getOrDefault(subject, List.of());
    }

    String lastAuthorization() {
        return lastAuthorization.get();
    }

    String lastContentType() {
        return lastContentType.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            requests.add(method + " " + path);
            lastAuthorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            lastContentType.set(exchange.getRequestHeaders().getFirst("Content-Type"));
            byte[] requestBody = exchange.getRequestBody().readAllBytes();
            if (failStatus != 0) {
                respond(exchange, failStatus, failBody);
                return;
            }
            String[] parts = path.split("/");
            if ("POST".equals(method) && parts.length == 4 && "subjects".equals(parts[1]) && "versions".equals(parts[3])) {
                String subject = URLDecoder.decode(parts[2], StandardCharsets.UTF_8);
                JsonNode body = JSON.readTree(requestBody);
                String schema = new Schema.Parser().parse(body.get("schema").asText()).toString();
                int id = idsBySchema.computeIfAbsent(schema, s -> {
                    int newId = nextId.getAndIncrement();
                    schemasById.put(newId, s);
                    return newId;
                });
                versionsBySubject.computeIfAbsent(subject, s -> new CopyOnWriteArrayList<>()).add(id);
                respond(exchange, 200, "{\"id\":" + id + "}");
            } else if ("GET".equals(method) && parts.length == 4 && "schemas".equals(parts[1]) && "ids".equals(parts[2])) {
                String schema = schemasById.get(Integer.parseInt(parts[3]));
                if (schema == null) {
                    respond(exchange, 404, "{\"error_code\":40403,\"message\":\"Schema " + parts[3] + " not found\"}");
                } else {
                    respond(exchange, 200, JSON.writeValueAsString(Map.of("schema", schema)));
                }
            } else {
                respond(exchange, 404, "{\"error_code\":404,\"message\":\"HTTP 404 Not Found\"}");
            }
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", SchemaRegistryClient.CONTENT_TYPE);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
