package io.segmenter.cli.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus server as a child process: generated config (given scrape jobs and rule files),
 * its own TSDB directory and a free loopback port. {@link #close()} ends the process (and a shutdown hook
 * does if the JVM exits first), so no server outlives the test.
 */
public final class PrometheusServer implements AutoCloseable {

    /** A scrape job: Prometheus job name, metrics path and {@code host:port} targets. */
    public record ScrapeJob(String name, String metricsPath, List<String> targets) {}

    /** The answer of an instant query: {@code error} set when Prometheus refused or failed it. */
    public record QueryResult(String error, int series) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path log;
    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Thread reaper;

    private PrometheusServer(Process process, Path log, URI base) {
        this.process = process;
        this.log = log;
        this.base = base;
        this.reaper = new Thread(process::destroyForcibly, "prometheus-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /** Writes {@code dir/prometheus.yml}, starts {@code binary} with it and returns (not yet ready). */
    public static PrometheusServer start(Path binary, Path dir, Duration scrapeInterval, List<ScrapeJob> jobs,
            List<Path> ruleFiles) throws IOException {
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, config(scrapeInterval, jobs, ruleFiles));
        int port = freePort();
        Path log = dir.resolve("prometheus.log");
        Process process = new ProcessBuilder(binary.toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        return new PrometheusServer(process, log, URI.create("http://127.0.0.1:" + port));
    }

    static String config(Duration scrapeInterval, List<ScrapeJob> jobs, List<Path> ruleFiles) {
        String interval = scrapeInterval.toMillis() + "ms";
        StringBuilder yml = new StringBuilder()
                .append("global:\n")
                .append("  scrape_interval: ").append(interval).append('\n')
                .append("  scrape_timeout: ").append(interval).append('\n')
                .append("  evaluation_interval: ").append(interval).append('\n')
                .append("rule_files:\n");
        ruleFiles.forEach(f -> yml.append("  - ").append(quoted(f.toAbsolutePath().toString())).append('\n'));
        yml.append("scrape_configs:\n");
        for (ScrapeJob job : jobs) {
            yml.append("  - job_name: ").append(quoted(job.name())).append('\n')
                    .append("    metrics_path: ").append(quoted(job.metricsPath())).append('\n')
                    .append("    static_configs:\n")
                    .append("      - targets: [")
                    .append(String.join(", ", job.targets().stream().map(PrometheusServer::quoted).toList()))
                    .append("]\n");
        }
        return yml.toString();
    }

    public URI uri() {
        return base;
    }

    /** True when the process runs and answers {@code /-/ready} with 200. */
    public boolean ready() {
        if (!process.isAlive()) {
            throw new IllegalStateException("prometheus exited with " + process.exitValue() + ":\n" + logText());
        }
        try {
            return get("/-/ready").statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Active targets by {@code job/instance} with their health ({@code up}, {@code down}, {@code unknown}),
     * followed by the last scrape error in brackets if there is one.
     */
    public Map<String, String> targetHealth() throws IOException {
        JsonNode targets = api("/api/v1/targets?state=active").path("data").path("activeTargets");
        Map<String, String> health = new TreeMap<>();
        for (JsonNode t : targets) {
            String error = t.path("lastError").asText("");
            health.put(t.path("labels").path("job").asText() + "/" + t.path("labels").path("instance").asText(),
                    t.path("health").asText() + (error.isEmpty() ? "" : " (" + error + ")"));
        }
        return health;
    }

    /** Every rule's {@code group/name} with its health and last error (empty when it evaluated fine). */
    public Map<String, String> ruleProblems() throws IOException {
        Map<String, String> problems = new TreeMap<>();
        for (JsonNode group : api("/api/v1/rules").path("data").path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                String health = rule.path("health").asText();
                if (!health.equals("ok")) {
                    problems.put(group.path("name").asText() + "/" + rule.path("name").asText(),
                            health + " " + rule.path("lastError").asText(""));
                }
            }
        }
        return problems;
    }

    /** Active alerts (pending or firing) by name with their state; several instances of one alert keep the last. */
    public Map<String, String> alertStates() throws IOException {
        Map<String, String> states = new TreeMap<>();
        for (JsonNode alert : api("/api/v1/alerts").path("data").path("alerts")) {
            states.put(alert.path("labels").path("alertname").asText(), alert.path("state").asText());
        }
        return states;
    }

    /** An instant query at the current time. */
    public QueryResult query(String promql) throws IOException {
        JsonNode answer = api("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        if (!"success".equals(answer.path("status").asText())) {
            return new QueryResult(answer.path("errorType").asText() + ": " + answer.path("error").asText(), 0);
        }
        JsonNode data = answer.path("data");
        int series = switch (data.path("resultType").asText()) {
            case "vector", "matrix" -> data.path("result").size();
            default -> 1; // scalar and string always have a value
        };
        return new QueryResult(null, series);
    }

    /** The server's log (for failure messages). */
    public String logText() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    private JsonNode api(String pathAndQuery) throws IOException {
        HttpResponse<String> response = get(pathAndQuery);
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IOException("HTTP " + response.statusCode() + " from " + pathAndQuery + ": " + response.body(), e);
        }
    }

    private HttpResponse<String> get(String pathAndQuery) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(Duration.ofSeconds(10)).GET().build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** Stops the server (SIGTERM, then SIGKILL after 10 s) and waits for it. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        http.close();
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down; the hook runs anyway
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String quoted(String s) {
        return "'" + s.replace("'", "''") + "'";
    }
}
