package io.segmenter.cli;

import io.segmenter.broker.BrokerStartException;
import io.segmenter.broker.EmbeddedKafkaBroker;
import java.nio.file.Path;
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
            "The data directory is formatted on first start and reused afterwards, so topics and records persist."
        })
public final class BrokerCommand implements java.util.concurrent.Callable<Integer> {

    @Option(names = "--port", defaultValue = "9092", description = "Client port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--dir", defaultValue = "./data/broker", description = "Data directory (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Override
    public Integer call() throws InterruptedException {
        EmbeddedKafkaBroker broker;
        try {
            broker = EmbeddedKafkaBroker.start(port, dir);
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
        stopped.await();
        return 0;
    }
}
