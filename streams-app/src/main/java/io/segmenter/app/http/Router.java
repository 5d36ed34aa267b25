package io.segmenter.app.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.segmenter.app.query.QueryException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dispatches every request by method and path template ({@code /customers/{}}): 404 for an unknown path,
 * 405 with {@code Allow} for a known path and another method, 401 for a protected route without the bearer
 * token, and {@code {"error": ...}} for every failure. Paths and customer ids never reach INFO logs.
 */
final class Router implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(Router.class);

    /** A handler of one route. */
    @FunctionalInterface
    interface Handler {
        Response handle(Request request) throws IOException;
    }

    private record Route(String method, String template, String[] segments, boolean protectedRoute, Handler handler) {}

    private final List<Route> routes = new ArrayList<>();
    private final byte[] token;
    private final int maxBodyBytes;

    /** @param token bearer token required by protected routes; null when none is configured */
    Router(String token, int maxBodyBytes) {
        this.token = token == null || token.isEmpty() ? null : ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
        this.maxBodyBytes = maxBodyBytes;
    }

    Router get(String template, Handler handler) {
        return add("GET", template, false, handler);
    }

    Router post(String template, Handler handler) {
        return add("POST", template, false, handler);
    }

    /** A state-changing route: requires the bearer token when one is configured. */
    Router delete(String template, Handler handler) {
        return add("DELETE", template, true, handler);
    }

    private Router add(String method, String template, boolean protectedRoute, Handler handler) {
        routes.add(new Route(method, template, split(template), protectedRoute, handler));
        return this;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Response response;
            String method = exchange.getRequestMethod();
            boolean head = method.equals("HEAD");
            String routeMethod = head ? "GET" : method; // HEAD answers what GET would, without the body
            String template = "?";
            try {
                String[] path = split(exchange.getRequestURI().getRawPath());
                TreeSet<String> allowed = new TreeSet<>();
                Route match = null;
                List<String> params = null;
                for (Route r : routes) {
                    List<String> p = match(r.segments(), path);
                    if (p != null) {
                        allowed.add(r.method());
                        if (r.method().equals(routeMethod) && match == null) {
                            match = r;
                            params = p;
                        }
                    }
                }
                if (allowed.contains("GET")) {
                    allowed.add("HEAD");
                }
                if (match == null) {
                    response = allowed.isEmpty()
                            ? Response.error(404, "no such endpoint")
                            : Response.error(405, "method " + method + " is not allowed here; allowed: " + String.join(", ", allowed))
                                    .withHeader("Allow", String.join(", ", allowed));
                } else {
                    template = match.template();
                    if (match.protectedRoute() && !authorised(exchange)) {
                        response = Response.error(401, "this call needs 'Authorization: Bearer <token>'")
                                .withHeader("WWW-Authenticate", "Bearer");
                    } else {
                        response = match.handler().handle(new Request(exchange, params, maxBodyBytes));
                    }
                }
            } catch (HttpError e) {
                response = Response.error(e.status(), e.getMessage());
            } catch (QueryException e) {
                response = Response.error(e.status(), e.getMessage());
                if (e.status() == 503) {
                    response = response.withHeader("Retry-After", Integer.toString(QueryException.RETRY_AFTER_SECONDS));
                }
                LOG.debug("{} {} answered {}: {}", method, template, e.status(), e.getMessage());
            } catch (RuntimeException e) {
                LOG.warn("{} {} failed", method, template, e);
                response = Response.error(500, "internal error");
            }
            send(exchange, response, head);
        }
    }

    private boolean authorised(HttpExchange exchange) {
        if (token == null) {
            return true;
        }
        String given = exchange.getRequestHeaders().getFirst("Authorization");
        return given != null && MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, Response r, boolean head) throws IOException {
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", r.contentType());
        headers.set("X-Content-Type-Options", "nosniff");
        if (!headers.containsKey("Cache-Control")) {
            headers.set("Cache-Control", "no-store");
        }
        for (Map.Entry<String, String> h : r.headers().entrySet()) {
            headers.set(h.getKey(), h.getValue());
        }
        byte[] body = r.body();
        if (head) {
            exchange.sendResponseHeaders(r.status(), -1);
            return;
        }
        exchange.sendResponseHeaders(r.status(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** The decoded {@code {}} segments when {@code path} matches {@code template}, else null. */
    private static List<String> match(String[] template, String[] path) {
        if (template.length != path.length) {
            return null;
        }
        List<String> params = new ArrayList<>(1);
        for (int i = 0; i < template.length; i++) {
            if (template[i].equals("{}")) {
                String value = Request.decode(path[i]);
                if (value.isEmpty()) {
                    return null;
                }
                params.add(value);
            } else if (!template[i].equals(path[i])) {
                return null;
            }
        }
        return params;
    }

    private static String[] split(String path) {
        String p = path == null ? "" : path;
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        return p.isEmpty() ? new String[0] : p.split("/", -1);
    }
}
