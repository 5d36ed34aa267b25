package io.segmenter.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.io.Content;

/** One HTTP request as the handlers see it: path parameters, query parameters, a bounded body. */
public final class Request {

    /**
     * A refused request's unread body is read and dropped up to this many bytes before the answer: a client
     * still sending it would otherwise have the connection reset under it and lose the answer. Beyond it the
     * connection is closed after the answer (a client that sends {@code Expect: 100-continue} never sends it).
     */
    public static final int REFUSED_BODY_DISCARD_BYTES = 1 << 20;

    private final org.eclipse.jetty.server.Request exchange;
    private final List<String> params;
    private final int maxBodyBytes;
    private Map<String, String> query;
    private boolean bodyOpened;
    private boolean bodyEnded;

    Request(org.eclipse.jetty.server.Request exchange, List<String> params, int maxBodyBytes) {
        this.exchange = exchange;
        this.params = params;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** The n-th {@code {...}} segment of the route's path, decoded. */
    public String param(int n) {
        return params.get(n);
    }

    /** A query parameter, decoded; null when absent (400 when its encoding is malformed). */
    public String query(String name) {
        if (query == null) {
            query = parseQuery(exchange.getHttpURI().getQuery());
        }
        return query.get(name);
    }

    public boolean flag(String name) {
        return "true".equalsIgnoreCase(query(name));
    }

    public String header(String name) {
        return exchange.getHeaders().get(name);
    }

    /** The body, at most the configured limit (413 beyond it, also when Content-Length announces more). */
    public byte[] body() throws IOException {
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
        bodyOpened = true;
        try (InputStream in = Content.Source.asInputStream(exchange)) {
            byte[] bytes = in.readNBytes(maxBodyBytes + 1);
            if (bytes.length > maxBodyBytes) {
                bodyEnded = discard(in);
                throw tooLarge();
            }
            bodyEnded = true;
            return bytes;
        }
    }

    /** True when nothing of the body is left unread on the connection (also when the body was never opened). */
    boolean bodyDone() {
        return bodyOpened ? bodyEnded : discardUnread(exchange);
    }

    /** Reads and drops the unread body of {@code exchange} (at most {@link #REFUSED_BODY_DISCARD_BYTES}); true when its end was reached. */
    static boolean discardUnread(org.eclipse.jetty.server.Request exchange) {
        if (exchange.getLength() > REFUSED_BODY_DISCARD_BYTES) {
            return false;
        }
        try (InputStream in = Content.Source.asInputStream(exchange)) {
            return discard(in);
        } catch (IOException e) {
            return false; // the client went away or sent a malformed body: the connection closes
        }
    }

    private static boolean discard(InputStream in) throws IOException {
        byte[] sink = new byte[8192];
        long total = 0;
        for (int n = in.read(sink); n >= 0; n = in.read(sink)) {
            total += n;
            if (total > REFUSED_BODY_DISCARD_BYTES) {
                return false;
            }
        }
        return true;
    }

    /** The body as JSON; 400 saying what is wrong when it is empty or malformed. */
    public JsonNode json() throws IOException {
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
    public static String decode(String raw) {
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
