package io.segmenter.cli.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.segmenter.app.config.SegmenterConfig;
import io.segmenter.app.metrics.SegmenterMetrics;
import io.segmenter.avro.CustomerProfile;
import io.segmenter.cli.replay.ReplayResult;
import io.segmenter.csv.BatchProfiles;
import io.segmenter.csv.CsvMapping;
import io.segmenter.csv.Datasets;
import io.segmenter.trainer.kafka.ProfileSnapshotReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stream-batch parity on the whole Online Retail file: replayed through a real broker into the real app
 * (exactly-once, stream clock), every customer's lifetime purchase count, net money in minor units and
 * last purchase time equal the batch fold of the same file ({@link BatchProfiles}), and the dead-letter
 * topic holds exactly the transactions the batch sets aside for want of a customer.
 */
class StreamBatchParityIT {

    private static final Duration READ_TIMEOUT = Duration.ofMinutes(2);

    @Test
    void shouldGiveEveryCustomerTheSameProfileAsTheBatchComputationOverTheSameFile() throws Exception {
        Path file = Datasets.find(Datasets.ONLINE_RETAIL).orElseThrow();
        CsvMapping mapping = CsvMapping.onlineRetail();
        BatchProfiles.Result batch = BatchProfiles.of(file, mapping);

        Map<String, BatchProfiles.Totals> streamed;
        Map<String, Long> deadLetters;
        ReplayResult replay;
        try (Demo demo = new Demo(new DemoSettings(file, mapping, 0, 0, false), System.out)) {
            demo.startBroker();
            demo.createTopics();
            demo.startApp();
            replay = demo.replay();
            demo.awaitCaughtUp();
            streamed = totals(new ProfileSnapshotReader(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, demo.bootstrapServers()), READ_TIMEOUT)
                    .read(demo.config().getString(SegmenterConfig.TOPIC_PROFILES), (read, total) -> { }).profiles());
            deadLetters = DeadLetterCounts.read(demo.bootstrapServers(), demo.config().getString(SegmenterConfig.TOPIC_DLQ), READ_TIMEOUT);
        }

        assertEquals(batch.read().emitted(), replay.acknowledged(), "the replay sent every transaction the reader emitted");
        assertSameProfiles(batch.byCustomer(), streamed);
        assertEquals(Map.of("missing_customer_id", batch.withoutCustomer()), deadLetters,
                "dead letters by reason = the transactions the batch sets aside (no customer)");
        assertEquals(replay.withoutCustomer(), batch.withoutCustomer());
    }

    /**
     * The dedupe promise on the real file: replayed twice in its own (time) order, and sorted by customer (so
     * most events arrive "late" against the stream clock) replayed twice, every customer ends with exactly the
     * batch profile of the file, and every transaction of the second pass is a counted duplicate.
     */
    @Test
    void shouldCountEveryTransactionOnceWhenTheFileIsReplayedTwiceInTimeOrderOrSortedByCustomer(@TempDir Path dir) throws Exception {
        CsvMapping mapping = CsvMapping.onlineRetail();
        Path file = Datasets.find(Datasets.ONLINE_RETAIL).orElseThrow();
        for (Path f : List.of(file, sortedByCustomer(file, mapping, dir))) {
            // each against its own batch fold: sorting makes an invoice whose lines were apart in the file one transaction
            BatchProfiles.Result batch = BatchProfiles.of(f, mapping);
            assertSameProfiles(batch.byCustomer(), replayTwice(f, mapping, batch.read().emitted() - batch.withoutCustomer(), batch.withoutCustomer()));
        }
    }

    private static Map<String, BatchProfiles.Totals> replayTwice(Path file, CsvMapping mapping, long withCustomer, long withoutCustomer)
            throws Exception {
        try (Demo demo = new Demo(new DemoSettings(file, mapping, 0, 0, false), System.out)) {
            demo.startBroker();
            demo.createTopics();
            demo.startApp();
            demo.replay();
            demo.awaitCaughtUp();
            demo.replay();
            demo.awaitCaughtUp();
            SegmenterMetrics m = demo.app().metrics();
            assertEquals(withCustomer, (long) m.transactionCount(SegmenterMetrics.OUTCOME_APPLIED, SegmenterMetrics.REASON_NONE), file + ": applied");
            assertEquals(withCustomer, (long) m.transactionCount(SegmenterMetrics.OUTCOME_DUPLICATE, SegmenterMetrics.REASON_NONE),
                    file + ": the second pass is all duplicates");
            assertEquals(Map.of("missing_customer_id", 2 * withoutCustomer),
                    DeadLetterCounts.read(demo.bootstrapServers(), demo.config().getString(SegmenterConfig.TOPIC_DLQ), READ_TIMEOUT));
            return totals(new ProfileSnapshotReader(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, demo.bootstrapServers()), READ_TIMEOUT)
                    .read(demo.config().getString(SegmenterConfig.TOPIC_PROFILES), (read, total) -> { }).profiles());
        }
    }

    /** The file's lines sorted by customer id (stable, so each invoice's lines stay together), gzipped like the original. */
    private static Path sortedByCustomer(Path file, CsvMapping mapping, Path dir) throws IOException {
        Path out = dir.resolve("online_retail_by_customer.csv.gz");
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
            String header = in.readLine();
            int customer = fields(header).indexOf(mapping.customerColumn());
            List<String> lines = new ArrayList<>(in.lines().toList());
            lines.sort(Comparator.comparing((String line) -> fields(line).get(customer)));
            try (Writer w = new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(out)), StandardCharsets.UTF_8)) {
                w.write(header + "\n");
                for (String line : lines) {
                    w.write(line + "\n");
                }
            }
        }
        return out;
    }

    /** The fields of one CSV line (commas inside double quotes do not split; the file has no multi-line fields). */
    private static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (char c : line.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                out.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        out.add(field.toString());
        return out;
    }

    private static Map<String, BatchProfiles.Totals> totals(Map<String, CustomerProfile> profiles) {
        Map<String, BatchProfiles.Totals> out = new TreeMap<>();
        profiles.forEach((id, p) -> out.put(id,
                new BatchProfiles.Totals(p.getLifetimePurchaseCount(), p.getLifetimeNetMonetaryMinor(), p.getLastPurchaseTime())));
        return out;
    }

    /** Equal maps, or a failure naming the counts and the first differing customers. */
    static void assertSameProfiles(Map<String, BatchProfiles.Totals> batch, Map<String, BatchProfiles.Totals> streamed) {
        if (batch.equals(streamed)) {
            return;
        }
        TreeSet<String> ids = new TreeSet<>(batch.keySet());
        ids.addAll(streamed.keySet());
        List<String> differences = new ArrayList<>();
        for (String id : ids) {
            if (!Objects.equals(batch.get(id), streamed.get(id))) {
                differences.add(id + ": batch " + batch.get(id) + " stream " + streamed.get(id));
            }
        }
        fail(differences.size() + " of " + ids.size() + " customers differ (batch " + batch.size() + ", stream " + streamed.size()
                + "); first: " + String.join(System.lineSeparator(), differences.subList(0, Math.min(10, differences.size()))));
    }

}
