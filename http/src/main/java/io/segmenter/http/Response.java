package io.segmenter.http;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** What a handler answers: status, content type, body and extra headers. */
public record Response(int status, String contentType, byte[] body, Map<String, String> headers) {

    public static final String JSON = "application/json";

    public static Response json(int status, Object value) {
        return new Response(status, JSON, Json.bytes(value), Map.of());
    }

    public static Response ok(Object value) {
        return json(200, value);
    }

    public static Response text(int status, String contentType, String body) {
        return new Response(status, contentType, body.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    public static Response error(int status, String message) {
        return json(status, Map.of("error", message));
    }

    public Response withHeader(String name, String value) {
        Map<String, String> h = new java.util.LinkedHashMap<>(headers);
        h.put(name, value);
        return new Response(status, contentType, body, Map.copyOf(h));
    }
}
