package io.segmenter.app.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One HTTP request as the handlers see it: path parameters, query parameters, a bounded body. */
final class Request {

    private final HttpExchange exchange;
    private final List<String> params;
    private final int maxBodyBytes;
    private Map<String, String> query;

    Request(HttpExchange exchange, List<String> params, int maxBodyBytes) {
        this.exchange = exchange;
        this.params = params;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** The n-th {@code {...}} segment of the route's path, decoded. */
    String param(int n) {
        return params.get(n);
    }

    String query(String name) {
        if (query == null) {
            query = parseQuery(exchange.getRequestURI().getRawQuery());
        }
        return query.get(name);
    }

    boolean flag(String name) {
        return "true".equalsIgnoreCase(query(name));
    }

    String header(String name) {
        return exchange.getRequestHeaders().getFirst(name);
    }

    /** The body, at most the configured limit (413 beyond it, also when Content-Length announces more). */
    byte[] body() throws IOException {
        String length = header("Content-Length");
        if (length != null) {
            try {
                if (Long.parseLong(length.trim()) > maxBodyBytes) {
                    throw tooLarge();
                }
            } catch (NumberFormatException e) {
                throw new HttpError(400, "invalid Content-Length");
            }
        }
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readNBytes(maxBodyBytes + 1);
            if (bytes.length > maxBodyBytes) {
                throw tooLarge();
            }
            return bytes;
        }
    }

    /** The body as JSON; 400 saying what is wrong when it is empty or malformed. */
    JsonNode json() throws IOException {
        String type = header("Content-Type");
        if (type != null && !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            throw new HttpError(415, "Content-Type must be application/json");
        }
        byte[] bytes = body();
        if (bytes.length == 0) {
            throw new HttpError(400, "the request body is empty; send a JSON object");
        }
        try {
            return Json.MAPPER.readTree(bytes);
        } catch (JacksonException e) {
            throw new HttpError(400, "malformed JSON: " + e.getOriginalMessage());
        }
    }

    private HttpError tooLarge() {
        return new HttpError(413, "the request body is larger than " + maxBodyBytes + " bytes");
    }

    /** Percent-decodes one path or query part ('+' stays a plus); 400 when the encoding is malformed. */
    static String decode(String raw) {
        try {
            return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new HttpError(400, "malformed percent-encoding in the URL");
        }
    }

    private static Map<String, String> parseQuery(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&", 32)) {
            int eq = pair.indexOf('=');
            if (eq < 0) {
                out.putIfAbsent(decode(pair), "");
            } else {
                out.putIfAbsent(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
            }
        }
        return out;
    }
}
