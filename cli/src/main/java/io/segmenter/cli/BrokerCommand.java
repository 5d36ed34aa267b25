package io.segmenter.cli;

import io.segmenter.broker.BrokerStartException;
import io.segmenter.broker.EmbeddedKafkaBroker;
import io.segmenter.broker.SaslUser;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./segmenter broker}: a local single-node Kafka (KRaft) that keeps its data between runs. */
@Command(
        name = "broker",
        header = "Run a local single-node Kafka broker (KRaft).",
        mixinStandardHelpOptions = true,
        description = {
            "Runs a single-node Kafka broker (KRaft, broker and controller in one process) until Ctrl-C or SIGTERM.",
            "The data directory is formatted on first start and reused afterwards, so topics and records persist.",
            "With --sasl-user and --sasl-password the client listener needs SASL/PLAIN as that user (to try a secured cluster locally); the client settings are written to <dir>/client.properties for --command-config."
        })
public final class BrokerCommand implements java.util.concurrent.Callable<Integer> {

    @Option(names = "--port", defaultValue = "9092", description = "Client port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--dir", defaultValue = "./data/broker", description = "Data directory (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--sasl-user", paramLabel = "USER", description = "Require SASL/PLAIN as this user on the client listener.")
    String saslUser;

    @Option(names = "--sasl-password", paramLabel = "PASSWORD", description = "That user's password (with --sasl-user).")
    String saslPassword;

    @Override
    public Integer call() throws InterruptedException, IOException {
        if ((saslUser == null) != (saslPassword == null)) {
            throw new IllegalArgumentException("give --sasl-user and --sasl-password together");
        }
        SaslUser sasl = saslUser == null ? null : new SaslUser(saslUser, saslPassword);
        EmbeddedKafkaBroker broker;
        try {
            broker = EmbeddedKafkaBroker.start(port, dir, Map.of(), sasl);
        } catch (BrokerStartException e) {
            System.err.println("segmenter broker: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        // Ctrl-C and SIGTERM run shutdown hooks; stop the broker there so its logs are flushed cleanly.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping Kafka broker...");
            broker.close();
            System.out.println("Kafka broker stopped.");
            stopped.countDown();
        }, "broker-shutdown"));
        System.out.println("Kafka broker ready at " + broker.bootstrapServers() + " (data in " + dir + ")");
        if (sasl != null) {
            Path client = writeClientProperties(broker);
            System.out.println("SASL/PLAIN as user " + sasl.name() + "; client settings in " + client
                    + " (pass --command-config " + client + ")");
        }
        stopped.await();
        return 0;
    }

    private Path writeClientProperties(EmbeddedKafkaBroker broker) throws IOException {
        Properties p = new Properties();
        p.putAll(broker.clientConfig());
        Path file = dir.resolve("client.properties");
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            p.store(w, "Client settings for the local SASL broker (segmenter broker --sasl-user ...)");
        }
        return file;
    }
}
