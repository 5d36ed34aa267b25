package io.segmenter.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dispatches every request by method and path template ({@code /customers/{}}): 404 for an unknown path,
 * 405 with {@code Allow} for a known path and another method (HEAD answers what GET would, without the
 * body), 401 for a protected route without the bearer token, and {@code {"error": ...}} for every failure.
 * Paths and customer ids never reach INFO logs.
 */
public final class Router extends Handler.Abstract {

    private static final Logger LOG = LoggerFactory.getLogger(Router.class);

    /** A handler of one route. */
    @FunctionalInterface
    public interface RouteHandler {
        Response handle(Request request) throws IOException;
    }

    private record Route(String method, String template, String[] segments, boolean protectedRoute, RouteHandler handler) {}

    private final List<Route> routes = new ArrayList<>();
    private final byte[] token;
    private final int maxBodyBytes;

    /** @param token bearer token required by protected routes; null when none is configured */
    public Router(String token, int maxBodyBytes) {
        this.token = token == null || token.isEmpty() ? null : ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
        this.maxBodyBytes = maxBodyBytes;
    }

    public Router get(String template, RouteHandler handler) {
        return add("GET", template, false, handler);
    }

    public Router post(String template, RouteHandler handler) {
        return add("POST", template, false, handler);
    }

    /** A state-changing POST: requires the bearer token when one is configured. */
    public Router protectedPost(String template, RouteHandler handler) {
        return add("POST", template, true, handler);
    }

    /** A state-changing route: requires the bearer token when one is configured. */
    public Router delete(String template, RouteHandler handler) {
        return add("DELETE", template, true, handler);
    }

    private Router add(String method, String template, boolean protectedRoute, RouteHandler handler) {
        routes.add(new Route(method, template, split(template), protectedRoute, handler));
        return this;
    }

    @Override
    public boolean handle(org.eclipse.jetty.server.Request exchange, org.eclipse.jetty.server.Response out, Callback callback) {
        Response response;
        String method = exchange.getMethod();
        boolean head = method.equals("HEAD");
        String routeMethod = head ? "GET" : method;
        String template = "?";
        Request request = null;
        try {
            String[] path = split(exchange.getHttpURI().getPath());
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
                    request = new Request(exchange, params, maxBodyBytes);
                    response = match.handler().handle(request);
                }
            }
        } catch (HttpError e) {
            response = Response.error(e.status(), e.getMessage());
            if (e.status() == 503) {
                response = response.withHeader("Retry-After", Integer.toString(HttpError.RETRY_AFTER_SECONDS));
            }
            LOG.debug("{} {} answered {}: {}", method, template, e.status(), e.getMessage());
        } catch (IOException | RuntimeException e) {
            LOG.warn("{} {} failed", method, template, e);
            response = Response.error(500, "internal error");
        }
        if (response.status() >= 400 && hasBody(exchange)) {
            // A refused request's body may be left unread. Read the rest first (bounded): closing with it unread
            // resets the connection under a client still sending, which then loses the answer. And say that the
            // connection closes: Jetty would close it without saying so, and a client reusing it fails with an EOF.
            if (request == null ? !Request.discardUnread(exchange) : !request.bodyDone()) {
                LOG.debug("{} {} answered {} with more than {} bytes of its body unread", method, template, response.status(),
                        Request.REFUSED_BODY_DISCARD_BYTES);
            }
            response = response.withHeader("Connection", "close");
        }
        send(out, response, head, callback);
        return true;
    }

    private static boolean hasBody(org.eclipse.jetty.server.Request exchange) {
        long length = exchange.getLength();
        return length > 0 || (length < 0 && exchange.getHeaders().contains(HttpHeader.TRANSFER_ENCODING));
    }

    private boolean authorised(org.eclipse.jetty.server.Request exchange) {
        if (token == null) {
            return true;
        }
        String given = exchange.getHeaders().get(HttpHeader.AUTHORIZATION);
        return given != null && MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes {@code r} with the headers every answer carries. */
    static void send(org.eclipse.jetty.server.Response out, Response r, boolean head, Callback callback) {
        out.setStatus(r.status());
        var headers = out.getHeaders();
        headers.put(HttpHeader.CONTENT_TYPE, r.contentType());
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put(HttpHeader.CACHE_CONTROL, "no-store");
        for (Map.Entry<String, String> h : r.headers().entrySet()) {
            headers.put(h.getKey(), h.getValue());
        }
        byte[] body = r.body();
        headers.put(HttpHeader.CONTENT_LENGTH, Long.toString(body.length));
        out.write(true, head || body.length == 0 ? null : ByteBuffer.wrap(body), callback);
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
