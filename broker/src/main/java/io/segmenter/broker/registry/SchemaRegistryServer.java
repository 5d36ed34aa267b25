package io.segmenter.broker.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real schema registry for trying registry mode and for tests: Apicurio Registry (Maven Central's
 * {@code io.apicurio:apicurio-registry-app}, the {@code all} tar.gz, a Quarkus fast-jar) run as a child
 * process with in-memory storage, its HTTP port on loopback, serving the Confluent-compatible API at
 * {@link #url()}. Its management interface is fixed on at build time, so it is bound to loopback on a
 * free port. The distribution is fetched through Maven on first use and kept under
 * {@code ~/.cache/segmenter}.
 */
public final class SchemaRegistryServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaRegistryServer.class);
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
    /** The Confluent-compatible API of Apicurio 3. */
    public static final String CCOMPAT_PATH = "/apis/ccompat/v7";

    private final Process process;
    private final int port;
    private final Path log;

    private SchemaRegistryServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** The pinned Apicurio Registry version (the parent pom's {@code apicurio.version}). */
    public static String version() {
        Properties p = new Properties();
        try (InputStream in = SchemaRegistryServer.class.getResourceAsStream("registry.properties")) {
            p.load(in);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("registry.properties missing from the broker module", e);
        }
        return p.getProperty("apicurio.version");
    }

    /** Starts the registry on {@code port} (0: a free port) and waits until it answers. */
    public static SchemaRegistryServer start(int port) throws IOException, InterruptedException {
        Path home = install();
        int chosen = port == 0 ? freePort() : port;
        Path log = Files.createTempFile("segmenter-registry-", ".log");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-Xmx512m",
                "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + chosen,
                "-Dquarkus.management.host=127.0.0.1", "-Dquarkus.management.port=0",
                "-Dquarkus.log.level=WARN", "-jar", home.resolve("quarkus-run.jar").toString())
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        SchemaRegistryServer server = new SchemaRegistryServer(process, chosen, log);
        try {
            server.awaitReady();
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        LOG.info("Schema registry (Apicurio {}) at {}", version(), server.url());
        return server;
    }

    /** The base URL to give as {@code schema.registry.url}. */
    public String url() {
        return "http://127.0.0.1:" + port + CCOMPAT_PATH;
    }

    public int port() {
        return port;
    }

    private void awaitReady() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("the schema registry exited with " + process.exitValue() + " before it answered; its log:\n" + tail());
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(url() + "/subjects")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            process.waitFor(200, TimeUnit.MILLISECONDS); // a start has no event to wait on but the process's exit
        }
        throw new IOException("the schema registry did not answer on " + url() + " within " + START_TIMEOUT + "; its log:\n" + tail());
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /**
     * The unpacked distribution, fetched once with {@code mvn dependency:unpack} (the same Maven and
     * repositories the build uses) into a temporary directory and moved into place.
     */
    static Path install() throws IOException, InterruptedException {
        String version = version();
        Path cache = Path.of(System.getProperty("user.home"), ".cache", "segmenter");
        Path home = cache.resolve("apicurio-registry-" + version);
        if (Files.exists(home.resolve("quarkus-run.jar"))) {
            return home;
        }
        Files.createDirectories(cache);
        Path staging = Files.createTempDirectory(cache, "apicurio-");
        LOG.info("Fetching Apicurio Registry {} through Maven (once, about 150 MB)...", version);
        Path mvnLog = staging.resolve("mvn.log");
        Process mvn;
        try {
            mvn = new ProcessBuilder("mvn", "-B", "-q", "--no-transfer-progress",
                    "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:unpack",
                    "-Dartifact=io.apicurio:apicurio-registry-app:" + version + ":tar.gz:all",
                    "-DoutputDirectory=" + staging.resolve("dist"))
                    .redirectErrorStream(true).redirectOutput(mvnLog.toFile()).start();
        } catch (IOException e) {
            throw new IOException("Maven (mvn) is needed once to fetch the schema registry; install it (apt-get install maven) and try again", e);
        }
        if (!mvn.waitFor(10, TimeUnit.MINUTES) || mvn.exitValue() != 0) {
            mvn.destroyForcibly();
            throw new IOException("fetching io.apicurio:apicurio-registry-app:" + version + " with Maven failed; its output:\n"
                    + Files.readString(mvnLog));
        }
        Path dist = staging.resolve("dist");
        if (!Files.exists(dist.resolve("quarkus-run.jar"))) {
            throw new IOException("the fetched registry has no quarkus-run.jar in " + dist);
        }
        try {
            Files.move(dist, home, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (!Files.exists(home.resolve("quarkus-run.jar"))) { // another process may have won the race
                throw e;
            }
        }
        return home;
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
