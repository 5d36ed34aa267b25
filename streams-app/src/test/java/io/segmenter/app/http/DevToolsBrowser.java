package io.segmenter.app.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.awaitility.Awaitility;

/**
 * Headless Chromium driven over the DevTools protocol (a WebSocket from java.net.http): no driver
 * download, no network. Launch with {@link #launch}, then navigate, evaluate, await and screenshot.
 */
final class DevToolsBrowser implements AutoCloseable {

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
    /** Not the API's strict mapper: screenshots arrive as multi-megabyte base64 strings. */
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path profile;
    private final HttpClient http = HttpClient.newHttpClient();
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<Consumer<JsonNode>> listeners = new CopyOnWriteArrayList<>();

    private DevToolsBrowser(Process process, Path profile, String pageSocketUrl) {
        this.process = process;
        this.profile = profile;
        this.socket = http.newWebSocketBuilder().connectTimeout(COMMAND_TIMEOUT)
                .buildAsync(URI.create(pageSocketUrl), new Listener()).join();
    }

    /** Starts {@code chromium} headless on a fresh profile and connects to its first page. */
    static DevToolsBrowser launch(Path chromium, int width, int height) throws IOException {
        Path profile = Files.createTempDirectory("segmenter-chromium-");
        Process process = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--remote-debugging-port=0", "--remote-debugging-address=127.0.0.1", "--user-data-dir=" + profile,
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-quic", "--disable-extensions", "--disable-default-apps", "--mute-audio", "--hide-scrollbars",
                "--window-size=" + width + "," + height, "about:blank")
                .redirectErrorStream(true)
                .redirectOutput(profile.resolve("chromium.log").toFile())
                .start();
        Path portFile = profile.resolve("DevToolsActivePort");
        try {
            Awaitility.await("Chromium writes " + portFile).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> !process.isAlive() || (Files.exists(portFile) && Files.readAllLines(portFile).size() >= 2));
            if (!process.isAlive()) {
                throw new IllegalStateException("Chromium exited with " + process.exitValue() + ": "
                        + Files.readString(profile.resolve("chromium.log")));
            }
            int port = Integer.parseInt(Files.readAllLines(portFile).getFirst().trim());
            String page = pageSocket(port);
            return new DevToolsBrowser(process, profile, page);
        } catch (RuntimeException | IOException e) {
            process.destroyForcibly();
            deleteTree(profile);
            throw e;
        }
    }

    private static String pageSocket(int port) {
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpRequest list = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).timeout(COMMAND_TIMEOUT).build();
            String[] url = new String[1];
            Awaitility.await("a page target").atMost(Duration.ofSeconds(30)).until(() -> {
                JsonNode targets = JSON.readTree(client.send(list, HttpResponse.BodyHandlers.ofString()).body());
                for (JsonNode t : targets) {
                    if ("page".equals(t.path("type").asText())) {
                        url[0] = t.path("webSocketDebuggerUrl").asText();
                        return true;
                    }
                }
                return false;
            });
            return url[0];
        }
    }

    /** Sends one DevTools command and waits for its result. */
    JsonNode send(String method, Map<String, Object> params) {
        int id = ids.incrementAndGet();
        ObjectNode message = JSON.createObjectNode();
        message.put("id", id);
        message.put("method", method);
        message.set("params", JSON.valueToTree(params));
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        try {
            socket.sendText(JSON.writeValueAsString(message), true).get(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            JsonNode reply = answer.get(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (reply.has("error")) {
                throw new IllegalStateException(method + " failed: " + reply.get("error"));
            }
            return reply.path("result");
        } catch (Exception e) {
            throw new IllegalStateException(method + " did not complete", e);
        } finally {
            pending.remove(id);
        }
    }

    /** Every event the page sends (method and params), e.g. Network.requestWillBeSent. */
    void onEvent(Consumer<JsonNode> listener) {
        listeners.add(listener);
    }

    /** Evaluates {@code expression} in the page (awaiting a promise) and returns its value. */
    JsonNode eval(String expression) {
        JsonNode r = send("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
        if (r.has("exceptionDetails")) {
            throw new IllegalStateException("script failed: " + r.get("exceptionDetails"));
        }
        return r.path("result").path("value");
    }

    /** Polls {@code condition} (a boolean expression) until it holds. */
    void awaitTrue(String description, String condition) {
        Awaitility.await(description).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> eval(condition).asBoolean(false));
    }

    void navigate(String url) {
        send("Page.navigate", Map.of("url", url));
    }

    /** A PNG of the whole page: the viewport is resized to the page's height first. */
    byte[] screenshot(int width) {
        int height = Math.max(200, eval("Math.ceil(document.documentElement.scrollHeight)").asInt());
        send("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
        String data = send("Page.captureScreenshot", Map.of("format", "png")).path("data").asText();
        return Base64.getDecoder().decode(data);
    }

    @Override
    public void close() {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        } catch (RuntimeException e) {
            // the browser goes away below anyway
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        http.close();
        deleteTree(profile);
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reassembles text frames and routes replies to their commands and events to the listeners. */
    private final class Listener implements WebSocket.Listener {
        private final StringBuilder buffer = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            buffer.append(data);
            if (last) {
                String text = buffer.toString();
                buffer.setLength(0);
                try {
                    JsonNode message = JSON.readTree(text);
                    if (message.has("id")) {
                        CompletableFuture<JsonNode> f = pending.get(message.get("id").asInt());
                        if (f != null) {
                            f.complete(message);
                        }
                    } else {
                        listeners.forEach(l -> l.accept(message));
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            ws.request(1);
            return null;
        }
    }
}
