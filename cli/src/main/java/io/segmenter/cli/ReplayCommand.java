package io.segmenter.cli;

import io.segmenter.app.config.SegmenterConfig;
import io.segmenter.cli.replay.AttributesCsv;
import io.segmenter.cli.replay.AttributesReplayer;
import io.segmenter.cli.replay.CsvReplayer;
import io.segmenter.cli.replay.DryRun;
import io.segmenter.cli.replay.Pacing;
import io.segmenter.cli.replay.ProgressBar;
import io.segmenter.cli.replay.ReplayResult;
import io.segmenter.csv.CsvMapping;
import io.segmenter.csv.CsvReadStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./segmenter replay}: sends a transaction CSV to the transactions topic, paced, with progress. */
@Command(
        name = "replay",
        header = "Send a transaction CSV to Kafka, paced, with progress.",
        mixinStandardHelpOptions = true,
        description = {
            "Replays a transaction-level CSV (plain or .gz) to a Kafka topic as Transaction records keyed by customer id.",
            "Defaults fit the UCI Online Retail file: one transaction per invoice (consecutive lines grouped), amount = sum of Quantity x UnitPrice, invoices starting with C are refunds, A (bad-debt adjustments) skipped.",
            "Transaction ids come from the file, so a second replay is counted once by the app's dedupe.",
            "--dry-run reads the file without Kafka and shows how the first rows map, with the totals a replay would send.",
            "--attributes sends a customer-level CSV (one row per customer, or per snapshot: a later row of an id replaces the earlier) to",
            "customer-attributes instead: the id column (--id-column, default the first) keys each record, every other column (or --columns) is an",
            "attribute, numeric when every non-empty cell is a number, categorical otherwise or when named in --categorical; an empty cell removes it."
        },
        sortOptions = false)
public final class ReplayCommand implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka = new KafkaOptions();

    @Option(names = "--csv", required = true, paramLabel = "FILE", description = "Transaction CSV; gzip when the name ends in .gz.")
    Path csv;

    @Option(names = "--dry-run",
            description = "Read the file without Kafka: show how the first " + DryRun.SHOWN_ROWS + " rows map and the totals; send nothing.")
    boolean dryRun;

    @Option(names = "--topic", description = "Topic to write (default: transactions, or customer-attributes with --attributes).")
    String topic;

    @Option(names = "--attributes", description = "The file is customer-level: send its rows as CustomerAttributes records.")
    boolean attributes;

    @Option(names = "--id-column", paramLabel = "COLUMN", description = "With --attributes: the customer id column (default: the first).")
    String idColumn;

    @Option(names = "--columns", split = ",", paramLabel = "A,B", description = "With --attributes: the attribute columns (default: all but the id).")
    List<String> attributeColumns = new ArrayList<>();

    @Option(names = "--categorical", split = ",", paramLabel = "A,B",
            description = "With --attributes: send these columns as categories even when they hold numbers (codes).")
    List<String> categoricalColumns = new ArrayList<>();

    @Option(names = "--max-attributes", paramLabel = "N", defaultValue = "" + SegmenterConfig.ATTRIBUTES_MAX_COUNT_DEFAULT,
            description = "With --attributes: the app's attributes.max.count (default: ${DEFAULT-VALUE}); a file with more columns is refused before sending.")
    int maxAttributes;

    @Option(names = "--max-name-chars", paramLabel = "N", defaultValue = "" + SegmenterConfig.ATTRIBUTES_MAX_NAME_CHARS_DEFAULT,
            description = "With --attributes: the app's attributes.max.name.chars (default: ${DEFAULT-VALUE}).")
    int maxNameChars;

    @Option(names = "--max-value-chars", paramLabel = "N", defaultValue = "" + SegmenterConfig.ATTRIBUTES_MAX_VALUE_CHARS_DEFAULT,
            description = "With --attributes: the app's attributes.max.value.chars (default: ${DEFAULT-VALUE}).")
    int maxValueChars;

    @Option(names = "--max-id-chars", paramLabel = "N", defaultValue = "" + SegmenterConfig.ID_MAX_CHARS_DEFAULT,
            description = "With --attributes: the app's id.max.chars (default: ${DEFAULT-VALUE}).")
    int maxIdChars;

    @Option(names = "--rate", paramLabel = "N", description = "Send N transactions per second (default: as fast as possible).")
    Double rate;

    @Option(names = "--speedup", paramLabel = "X",
            description = "Follow event time, X times faster (e.g. 86400: a day per second). Not with --rate.")
    Double speedup;

    @Mixin
    CsvMappingOptions columns = new CsvMappingOptions();

    @Option(names = "--create-topic", paramLabel = "PARTITIONS",
            description = "Create the topic with this many partitions (broker's default replication) if it does not exist.")
    Integer createTopicPartitions;

    @Option(names = "--producer-property", paramLabel = "KEY=VALUE", description = "Extra producer setting (repeatable; as -D).")
    Map<String, String> producerProperties = new HashMap<>();

    @Override
    public Integer call() throws Exception {
        if (!Files.isReadable(csv)) {
            System.err.println("replay: cannot read " + csv);
            return 2;
        }
        if (topic == null) {
            topic = attributes ? "customer-attributes" : "transactions";
        }
        if (attributes) {
            return replayAttributes();
        }
        CsvMapping mapping;
        Pacing pacing;
        try {
            mapping = mapping();
            pacing = pacing();
            if (dryRun) {
                return dryRun(mapping);
            }
            CsvReplayer.checkHeader(csv, mapping); // a column mistake is found before any Kafka connection
        } catch (IllegalArgumentException e) {
            System.err.println("replay: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            System.err.println("replay: cannot read " + csv + ": " + e.getMessage());
            return 2;
        }
        Map<String, Object> producer;
        try {
            producer = kafka.clientConfig(); // the bootstrap check: only a real replay needs a cluster
        } catch (IllegalArgumentException | KafkaException e) {
            System.err.println("replay: " + e.getMessage());
            return 2;
        }
        producer.putAll(producerProperties);
        Map<String, Object> serde = KafkaOptions.serdeConfig(producer);
        String missing = TopicCheck.ensure(producer, topic, createTopicPartitions);
        if (missing != null) {
            System.err.println("replay: " + missing);
            return 2;
        }
        CsvReplayer replayer = new CsvReplayer(producer, serde);
        ProgressBar bar = ProgressBar.onStderr();

        CountDownLatch reported = new CountDownLatch(1);
        Thread onCtrlC = new Thread(() -> {
            replayer.stop();
            try {
                reported.await(30, TimeUnit.SECONDS); // let the main thread flush and print the count so far
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "replay-shutdown");
        Runtime.getRuntime().addShutdownHook(onCtrlC);
        try {
            ReplayResult result = replayer.replay(csv, mapping, topic, pacing, bar);
            bar.finish();
            System.out.println(result.summary());
            return result.failed() > 0 ? 1 : 0;
        } finally {
            reported.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(onCtrlC);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: Ctrl-C
            }
        }
    }

    private int replayAttributes() throws InterruptedException {
        AttributesCsv.Layout layout;
        try {
            if (rate != null || speedup != null) {
                throw new IllegalArgumentException("--rate and --speedup pace transactions; attributes are sent at once");
            }
            layout = AttributesCsv.scan(csv, idColumn, attributeColumns, new HashSet<>(categoricalColumns),
                    new AttributesCsv.Limits(maxIdChars, maxAttributes, maxNameChars, maxValueChars));
            if (layout.beyond() != null) {
                throw new IllegalArgumentException(layout.beyond());
            }
        } catch (IllegalArgumentException e) {
            System.err.println("replay: " + e.getMessage());
            return 2;
        } catch (IOException | java.io.UncheckedIOException e) {
            System.err.println("replay: cannot read " + csv + ": " + e.getMessage());
            return 2;
        }
        String what = String.format("%,d attribute records for %,d customers from %s (%,d rows replace an earlier row of the same id%s)",
                layout.records(), layout.customers(), csv.getFileName(), layout.replaced(),
                layout.withoutId() == 0 ? "" : String.format("; %,d rows without an id skipped", layout.withoutId()));
        String types = "numeric: " + (layout.numericNames().isEmpty() ? "none" : String.join(", ", layout.numericNames()))
                + "; categorical: " + (layout.categoricalNames().isEmpty() ? "none" : String.join(", ", layout.categoricalNames()));
        Instant eventTime = Instant.now();
        if (dryRun) {
            System.out.println("would send " + what);
            System.out.println(types);
            int[] shown = {0};
            try {
                AttributesCsv.records(layout, eventTime, r -> {
                    System.out.println("  " + r.getCustomerId() + " " + r.getNumbers() + " " + r.getCategories());
                    return ++shown[0] < DryRun.SHOWN_ROWS;
                });
            } catch (IOException | java.io.UncheckedIOException e) {
                System.err.println("replay: cannot read " + csv + ": " + e.getMessage());
                return 2;
            }
            return layout.records() == 0 ? 2 : 0;
        }
        if (layout.records() == 0) {
            System.err.println("replay: no row of " + csv + " has a customer id");
            return 2;
        }
        Map<String, Object> producer;
        try {
            producer = kafka.clientConfig();
        } catch (IllegalArgumentException | KafkaException e) {
            System.err.println("replay: " + e.getMessage());
            return 2;
        }
        producer.putAll(producerProperties);
        String missing = TopicCheck.ensure(producer, topic, createTopicPartitions);
        if (missing != null) {
            System.err.println("replay: " + missing);
            return 2;
        }
        AttributesReplayer.Sent sent;
        try {
            ProgressBar bar = ProgressBar.onStderr();
            sent = new AttributesReplayer(producer, KafkaOptions.serdeConfig(producer)).send(layout, eventTime, topic, bar);
            bar.finish();
        } catch (IOException | java.io.UncheckedIOException e) {
            System.err.println("replay: cannot read " + csv + " (changed while sending?): " + e.getMessage());
            return 1;
        }
        System.out.println(String.format("%,d of ", sent.acknowledged()) + what + " sent to " + topic);
        System.out.println(types);
        if (sent.failed() > 0) {
            System.err.println("replay: " + sent.failed() + " records failed, the first with " + sent.firstFailure());
            return 1;
        }
        return 0;
    }

    private int dryRun(CsvMapping mapping) throws IOException {
        CsvReadStats read = DryRun.run(csv, mapping, System.out);
        if (read.emitted() == 0) {
            System.err.println("replay: no row of " + csv + " maps to a transaction; see the rows and problems above");
            return 2;
        }
        return 0;
    }

    CsvMapping mapping() {
        return columns.mapping();
    }

    Pacing pacing() {
        if (rate != null && speedup != null) {
            throw new IllegalArgumentException("give --rate or --speedup, not both");
        }
        if (rate != null) {
            return Pacing.rate(rate);
        }
        return speedup != null ? Pacing.speedup(speedup) : Pacing.unlimited();
    }
}
