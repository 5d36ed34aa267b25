package io.segmenter.cli.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.segmenter.app.config.SegmenterConfig;
import io.segmenter.avro.CustomerProfile;
import io.segmenter.cli.replay.ReplayResult;
import io.segmenter.csv.BatchProfiles;
import io.segmenter.csv.CsvMapping;
import io.segmenter.csv.Datasets;
import io.segmenter.trainer.kafka.ProfileSnapshotReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

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
