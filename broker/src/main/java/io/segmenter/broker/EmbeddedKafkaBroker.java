package io.segmenter.broker;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka broker in KRaft combined mode (broker and controller in one node), running in
 * this JVM. The data directory is formatted on first start and reused afterwards, so topics and
 * records survive a restart on the same directory.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final String HOST = "127.0.0.1";
    private static final int NODE_ID = 1;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final int port;
    private final Path dataDir;
    private final KafkaRaftServer server;
    private final DataDirLock lock;
    private final SaslUser sasl;
    private boolean closed;

    private EmbeddedKafkaBroker(int port, Path dataDir, KafkaRaftServer server, DataDirLock lock, SaslUser sasl) {
        this.port = port;
        this.dataDir = dataDir;
        this.server = server;
        this.lock = lock;
        this.sasl = sasl;
    }

    /** Starts a broker on a free port. */
    public static EmbeddedKafkaBroker start(Path dataDir) {
        return start(0, dataDir, Map.of());
    }

    /** Starts a broker on {@code port} (0 picks a free one). */
    public static EmbeddedKafkaBroker start(int port, Path dataDir) {
        return start(port, dataDir, Map.of());
    }

    /**
     * Starts a broker on {@code port} (0 picks a free one) storing its data in {@code dataDir}; returns
     * once a client can use it. {@code overrides} replace the single-node defaults.
     *
     * @throws BrokerStartException if the port is taken, the directory is unusable or the broker fails
     */
    public static EmbeddedKafkaBroker start(int port, Path dataDir, Map<String, String> overrides) {
        return start(port, dataDir, overrides, null);
    }

    /**
     * As {@link #start(int, Path, Map)}; with {@code sasl} not null the client listener is SASL_PLAINTEXT
     * (mechanism PLAIN) and accepts only that user, so clients need {@link #clientConfig()}.
     */
    public static EmbeddedKafkaBroker start(int port, Path dataDir, Map<String, String> overrides, SaslUser sasl) {
        long began = System.nanoTime();
        int brokerPort = port == 0 ? freePort() : requireFreePort(port);
        int controllerPort = freePort();
        Path logDir = prepareDataDir(dataDir);
        DataDirLock lock = DataDirLock.acquire(dataDir);
        KafkaRaftServer server;
        try {
            Map<String, String> props = singleNodeConfig(brokerPort, controllerPort, logDir);
            if (sasl != null) {
                props.putAll(saslListener(brokerPort, controllerPort, sasl));
            }
            props.putAll(overrides);
            formatIfNew(logDir);
            server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(brokerPort, dataDir, server, lock, sasl);
        try {
            server.startup();
            broker.awaitReady();
        } catch (RuntimeException e) {
            broker.close();
            throw new BrokerStartException("Kafka broker on port " + brokerPort + " failed to start: " + e.getMessage(), e);
        }
        log.info("Kafka broker ready at {} in {} ms (data in {})",
                broker.bootstrapServers(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began), dataDir);
        return broker;
    }

    public String bootstrapServers() {
        return HOST + ":" + port;
    }

    /** Everything a client sets to use this broker: the bootstrap servers and, with SASL, the credentials. */
    public Map<String, String> clientConfig() {
        Map<String, String> config = new TreeMap<>();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        if (sasl != null) {
            config.putAll(sasl.clientConfig());
        }
        return config;
    }

    /** The SASL user, or null when the listener is plaintext. */
    public SaslUser saslUser() {
        return sasl;
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Stops the broker and waits until it has shut down; safe to call twice. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            server.shutdown();
            server.awaitShutdown();
        } finally {
            lock.close();
        }
        log.info("Kafka broker at {} stopped", bootstrapServers());
    }

    static Map<String, String> singleNodeConfig(int brokerPort, int controllerPort, Path logDir) {
        Map<String, String> p = new TreeMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        p.put("listeners", "PLAINTEXT://" + HOST + ":" + brokerPort + ",CONTROLLER://" + HOST + ":" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + brokerPort);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", logDir.toString());
        // One node: every internal topic has one replica, and a few partitions keep startup fast.
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "5");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("min.insync.replicas", "1");
        p.put("default.replication.factor", "1");
        p.put("num.partitions", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "false");
        p.put("log.segment.bytes", String.valueOf(16 * 1024 * 1024));
        p.put("log.flush.interval.messages", String.valueOf(Long.MAX_VALUE));
        return p;
    }

    /** The client (and inter-broker) listener as SASL_PLAINTEXT with PLAIN; the controller stays plaintext on loopback. */
    static Map<String, String> saslListener(int brokerPort, int controllerPort, SaslUser user) {
        Map<String, String> p = new TreeMap<>();
        p.put("listeners", "SASL_PLAINTEXT://" + HOST + ":" + brokerPort + ",CONTROLLER://" + HOST + ":" + controllerPort);
        p.put("advertised.listeners", "SASL_PLAINTEXT://" + HOST + ":" + brokerPort);
        p.put("listener.security.protocol.map", "SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("inter.broker.listener.name", "SASL_PLAINTEXT");
        p.put("sasl.enabled.mechanisms", "PLAIN");
        p.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
        p.put("listener.name.sasl_plaintext.plain.sasl.jaas.config", user.brokerJaas());
        return p;
    }

    private static Path prepareDataDir(Path dataDir) {
        Path logDir = dataDir.toAbsolutePath().resolve("kraft-logs");
        try {
            Files.createDirectories(logDir);
        } catch (IOException e) {
            throw new BrokerStartException("Cannot create the broker data directory " + dataDir + ": " + e, e);
        }
        if (!Files.isWritable(logDir)) {
            throw new BrokerStartException("The broker data directory " + logDir + " is not writable");
        }
        return logDir;
    }

    /** Formats a new directory with a fresh cluster id; Kafka keeps the id in meta.properties. */
    private static void formatIfNew(Path logDir) {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return;
        }
        String clusterId = Uuid.randomUuid().toString();
        try (PrintStream quiet = new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8)) {
            new Formatter()
                    .setPrintStream(quiet)
                    .setNodeId(NODE_ID)
                    .setClusterId(clusterId)
                    .setDirectories(List.of(logDir.toString()))
                    .setMetadataLogDirectory(logDir.toString()) // metadata shares the one log dir
                    .setControllerListenerName("CONTROLLER")
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                    .run();
        } catch (Exception e) {
            throw new BrokerStartException("Cannot format the broker data directory " + logDir + ": " + e.getMessage(), e);
        }
        log.debug("Formatted {} for cluster {}", logDir, clusterId);
    }

    /** The server returns from startup before it serves clients; wait until it answers a metadata call. */
    private void awaitReady() {
        Properties adminProps = new Properties();
        adminProps.putAll(clientConfig());
        adminProps.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) READY_TIMEOUT.toMillis());
        try (Admin admin = Admin.create(adminProps)) {
            int nodes = admin.describeCluster().nodes().get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).size();
            if (nodes != 1) {
                throw new IllegalStateException("expected one node, found " + nodes);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the broker", e);
        } catch (Exception e) {
            throw new IllegalStateException("broker did not become ready: " + e.getMessage(), e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + HOST, e);
        }
    }

    private static int requireFreePort(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new java.net.InetSocketAddress(InetAddress.getByName(HOST), port));
            return port;
        } catch (IOException e) {
            throw new BrokerStartException("Port " + port + " on " + HOST + " is already in use (" + e.getMessage()
                    + "); stop what uses it or pick another port");
        }
    }
}
