package io.segmenter.cli;

import ch.qos.logback.classic.Level;
import io.segmenter.cli.demo.Demo;
import io.segmenter.cli.demo.DemoSettings;
import io.segmenter.csv.CsvMapping;
import io.segmenter.csv.Datasets;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./segmenter demo}: the whole product on one machine, from an empty directory to segments. */
@Command(
        name = "demo",
        header = "The whole product on one machine: broker, app, replay, training, summary.",
        mixinStandardHelpOptions = true,
        description = {
            "Starts an embedded Kafka broker (temporary directory), creates the topics, starts the streaming app (stream clock, exactly-once), replays the bundled Online Retail file and the bundled customer demographics (as customer attributes), waits until the app has processed every record, trains the RFM model and a demographic model on the same snapshot and publishes them, waits until the app has re-scored every customer, and prints the segments, the RFM segment counts, the dead-letter counts and the URLs. Then it keeps serving and retrains every --train-every until Ctrl-C (or exits with --once)."
        },
        sortOptions = false)
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--once", description = "Exit after the summary (tests, CI).")
    boolean once;

    @Option(names = "--port", defaultValue = "8080", description = "HTTP port of the app (default: ${DEFAULT-VALUE}; 0 = a free port).")
    int port;

    @Option(names = "--kafka-port", defaultValue = "0", description = "Port of the embedded broker (default: a free port).")
    int kafkaPort;

    @Option(names = "--csv", paramLabel = "FILE",
            description = "Transaction CSV to replay (default: datasets/online_retail.csv.gz); map its columns with the flags below.")
    Path csv;

    @Mixin
    CsvMappingOptions columns = new CsvMappingOptions();

    @Option(names = "--attributes-csv", paramLabel = "FILE",
            description = "Customer-level file replayed as customer attributes and segmented by the demographic model beside rfm "
                    + "(default: datasets/customer_demographics.csv; its columns are that file's).")
    Path attributesCsv;

    @Option(names = "--no-attributes", description = "Transactions and the RFM model only.")
    boolean noAttributes;

    @Option(names = "--train-every", defaultValue = "10m", converter = DurationConverter.class,
            description = "Retrain this often while the demo runs, e.g. 30s, 10m, 1h (default: ${DEFAULT-VALUE}).")
    Duration trainEvery;

    @Option(names = "--verbose", description = "Show the app's, broker's and trainer's INFO logs.")
    boolean verbose;

    /**
     * The demo's own lines tell the story; Kafka's client warnings (retries during the first transactions of
     * a fresh single-node cluster) and one warning per rejected record (all counted in the summary) would
     * bury them. --verbose or SEGMENTER_LOG_LEVEL keeps every log.
     */
    private static void quietLogs() {
        level("io.segmenter", Level.WARN);
        level("io.segmenter.app.process.ValidateProcessor", Level.ERROR);
        level("org.apache.kafka", Level.ERROR);
        // The in-process broker logs a client's retried out-of-order batch at ERROR; the client recovers.
        level("kafka", Level.OFF);
        level("io.micrometer", Level.ERROR);
        level("org.eclipse.jetty", Level.WARN); // its start and stop lines; the phase line names the port
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort() == port;
        } catch (IOException e) {
            return false;
        }
    }

    private static void level(String logger, Level level) {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(logger)).setLevel(level);
    }

    @Override
    public Integer call() throws Exception {
        Path file = csv != null ? csv : Datasets.find(Datasets.ONLINE_RETAIL).orElse(null);
        if (file == null || !Files.isReadable(file)) {
            System.err.println("demo: cannot read " + (file == null ? "datasets/" + Datasets.ONLINE_RETAIL + " (run from the repository)" : file));
            return 2;
        }
        Path attributes = noAttributes ? null : attributesCsv != null ? attributesCsv : Datasets.find(Datasets.CUSTOMER_DEMOGRAPHICS).orElse(null);
        if (attributes != null && !Files.isReadable(attributes)) {
            System.err.println("demo: cannot read " + attributes + " (--no-attributes runs without it)");
            return 2;
        }
        CsvMapping mapping;
        try {
            mapping = columns.mapping();
        } catch (IllegalArgumentException e) {
            System.err.println("demo: " + e.getMessage());
            return 2;
        }
        for (int[] p : new int[][] {{port, 0}, {kafkaPort, 1}}) {
            if (p[0] != 0 && !isFree(p[0])) {
                System.err.printf("demo: port %d is in use; choose another with %s (0 = any free port)%n", p[0], p[1] == 0 ? "--port" : "--kafka-port");
                return 2;
            }
        }
        if (!verbose && System.getenv("SEGMENTER_LOG_LEVEL") == null) {
            quietLogs();
        }
        PrintStream out = System.out;
        Demo demo = new Demo(new DemoSettings(file, attributes, mapping, port, kafkaPort, true), out);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread onCtrlC = new Thread(() -> {
            System.err.println("\nStopping the demo...");
            demo.close();
            stopped.countDown();
        }, "demo-shutdown");
        Runtime.getRuntime().addShutdownHook(onCtrlC);
        try {
            demo.runAll();
            if (once) {
                return 0;
            }
            demo.retrainEvery(trainEvery);
            out.println();
            out.println("The demo keeps running: the app serves the endpoints above and retrains every " + trainEvery.toString().substring(2).toLowerCase()
                    + ". Replay more with ./segmenter replay --bootstrap-server " + demo.bootstrapServers() + " --csv FILE");
            out.println("Ctrl-C stops everything and removes " + demo.workDir());
            out.flush();
            stopped.await();
            return 0;
        } finally {
            if (once) {
                try {
                    Runtime.getRuntime().removeShutdownHook(onCtrlC);
                } catch (IllegalStateException shuttingDown) {
                    // Ctrl-C: the hook is closing the demo
                }
                demo.close();
            }
        }
    }
}
