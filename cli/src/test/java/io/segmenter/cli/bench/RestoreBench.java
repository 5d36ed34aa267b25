package io.segmenter.cli.bench;

import io.segmenter.app.SegmenterApp;
import io.segmenter.app.config.SegmenterConfig;
import io.segmenter.app.SegmenterTopology;
import io.segmenter.app.state.StoreNames;
import io.segmenter.app.StreamsSettings;
import io.segmenter.app.metrics.SegmenterMetrics;
import io.segmenter.app.validate.TransactionDecoders;
import io.segmenter.app.state.CustomerState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Restore time: the app folds one purchase for each of N customers, stops; its state directory is
 * deleted and a new instance (same application id, the app's own topology and streams settings, plus a
 * restore listener to count records) is timed until RUNNING and until its profile store holds N
 * profiles. Then, optionally, fail-over with a standby: two instances with num.standby.replicas=1, one
 * closed without leaving the group (as after a crash, detected by the session timeout), the survivor
 * timed until it serves all N profiles.
 */
final class RestoreBench {

    private static final Duration TIMEOUT = Duration.ofMinutes(15);

    private final BenchKafka kafka;
    private final int customers;
    private final int partitions;
    private final boolean failover;
    private final int sessionTimeoutMs;

    RestoreBench(BenchKafka kafka, BenchOptions o) {
        this.kafka = kafka;
        this.customers = o.integer("restore.customers", 100_000);
        this.partitions = o.integer("partitions", 6);
        this.failover = o.integer("failover", 1) == 1;
        this.sessionTimeoutMs = o.integer("session.timeout.ms", 6_000);
    }

    void run() throws Exception {
        String input = kafka.unique("rs-transactions");
        String models = kafka.unique("rs-models");
        String appId = kafka.unique("rs-segmenter");
        kafka.createTopic(input, partitions);
        kafka.createTopic(models, 1);
        kafka.publishModel(models, BenchModel.twoSegments());
        try (KafkaProducer<byte[], byte[]> producer = kafka.bulkProducer()) {
            new BenchInput(customers, 0.0, 11L).produceOnePerCustomer(producer, input, customers);
        }
        Path dirA = kafka.stateDir(appId + "-a");
        long t0 = System.nanoTime();
        try (SegmenterApp app = new SegmenterApp(new SegmenterConfig(config(appId, input, models, dirA, 0)))) {
            app.start();
            BenchKafka.await("the first instance to fold every customer", TIMEOUT, Duration.ofMillis(200),
                    () -> kafka.caughtUp(appId, Set.of(input)));
        }
        double foldSeconds = (System.nanoTime() - t0) / 1e9;
        // Kafka Streams does not leave the group on close; remove the stopped member so the new instance's join
        // does not wait out its session timeout (that wait is the fail-over case below, not restore time)
        kafka.admin().removeMembersFromConsumerGroup(appId, new RemoveMembersFromConsumerGroupOptions()).all().get();
        Set<String> changelogs = kafka.admin().listTopics().names().get().stream()
                .filter(t -> t.startsWith(appId + "-") && t.endsWith("-changelog")).collect(Collectors.toSet());
        long changelogOffsets = kafka.endOffsets(changelogs);
        long rocksBytes = BenchKafka.treeBytes(dirA);
        long changelogBytes = kafka.logBytes(changelogs::contains);
        deleteTree(dirA);

        Restoring restored = new Restoring();
        double running;
        double queryable;
        try (KafkaStreams streams = instance(appId, input, models, dirA, 0, restored)) {
            long start = System.nanoTime();
            streams.start();
            BenchKafka.await("RUNNING after restore", TIMEOUT, Duration.ofMillis(20), () -> streams.state() == KafkaStreams.State.RUNNING);
            running = (System.nanoTime() - start) / 1e9;
            BenchKafka.await(customers + " profiles queryable", TIMEOUT, Duration.ofMillis(100), () -> profiles(streams) >= customers);
            queryable = (System.nanoTime() - start) / 1e9;
        }
        long records = restored.total.get();
        System.out.printf("%nrestore: %,d customers (one purchase each) folded in %.1f s by the first instance; %d partitions,"
                + " exactly_once_v2; state directory deleted, a new instance restores from the changelogs%n", customers, foldSeconds, partitions);
        System.out.printf("changelog topics: %d, end offsets %,d (records + transaction markers)%n", changelogs.size(), changelogOffsets);
        System.out.printf("state size: %,d bytes of local state (RocksDB files after close) = %.0f bytes/customer; %,d bytes of changelogs"
                + " on the broker = %.0f bytes/customer%n", rocksBytes, (double) rocksBytes / customers, changelogBytes, (double) changelogBytes / customers);
        System.out.printf("%-22s %12s %12s %12s %14s %12s%n", "case", "records", "restoring", "to RUNNING", "N queryable", "records/s");
        System.out.printf("%-22s %,12d %11.2fs %11.2fs %13.2fs %,12.0f%n", "full restore", records, restored.seconds(), running, queryable,
                records / restored.seconds());
        System.out.println("(restoring: first store restore start to last restore end; to RUNNING / N queryable: from KafkaStreams.start();"
                + " records/s over the restoring span)");
        System.out.println("restored per store: " + new TreeMap<>(restored.byStore));

        if (failover) {
            failover(appId, input, models, dirA);
        }
    }

    /** Two instances with a standby each; the one closed without leaving; the survivor timed until it serves all N. */
    private void failover(String appId, String input, String models, Path dirA) throws Exception {
        Path dirB = kafka.stateDir(appId + "-b");
        Restoring restoredB = new Restoring();
        try (KafkaStreams b = instance(appId, input, models, dirB, 1, restoredB)) {
            long before;
            long restoredBefore;
            double served;
            KafkaStreams a = instance(appId, input, models, dirA, 1, new Restoring());
            try {
                a.start();
                b.start();
                try {
                    BenchKafka.await("both instances RUNNING with standbys caught up", Duration.ofMinutes(3), Duration.ofMillis(200),
                            () -> a.state() == KafkaStreams.State.RUNNING && b.state() == KafkaStreams.State.RUNNING
                                    && caughtUp(a) && caughtUp(b) && profiles(a) + profiles(b) >= customers);
                } catch (IllegalStateException e) {
                    throw new IllegalStateException(e.getMessage() + ": a " + describe(a) + ", b " + describe(b), e);
                }
                before = profiles(b);
                restoredBefore = restoredB.total.get();
                long killed = System.nanoTime();
                a.close(); // Kafka Streams does not leave the group on close: the group notices after the session timeout, as after a crash
                BenchKafka.await("the survivor to serve every profile", TIMEOUT, Duration.ofMillis(50),
                        () -> b.state() == KafkaStreams.State.RUNNING && profiles(b) >= customers);
                served = (System.nanoTime() - killed) / 1e9;
            } finally {
                a.close();
            }
            System.out.printf("%-22s %,12d %12s %12s %13.2fs   (records: restored at take-over; survivor served %,d profiles before; timed from the other's close;"
                            + " includes session.timeout.ms %d)%n",
                    "fail-over, standby=1", restoredB.total.get() - restoredBefore, "-", "-", served, before, sessionTimeoutMs);
        }
    }

    private Map<String, Object> config(String appId, String input, String models, Path dir, int standbys) {
        Map<String, Object> c = kafka.segmenterConfig(appId, input, models, dir, partitions);
        c.put(SegmenterConfig.NUM_STANDBY_REPLICAS, Integer.toString(standbys));
        c.put(StreamsConfig.consumerPrefix("session.timeout.ms"), Integer.toString(sessionTimeoutMs));
        c.put(StreamsConfig.consumerPrefix("heartbeat.interval.ms"), Integer.toString(Math.max(500, sessionTimeoutMs / 6)));
        return c;
    }

    /** The app's own topology and streams settings, with a restore listener (SegmenterApp offers no hook for one). */
    private KafkaStreams instance(String appId, String input, String models, Path dir, int standbys, Restoring listener) {
        SegmenterConfig config = new SegmenterConfig(config(appId, input, models, dir, standbys));
        SegmenterMetrics metrics = SegmenterMetrics.inMemory();
        KafkaStreams streams = new KafkaStreams(SegmenterTopology.build(config, metrics, TransactionDecoders.forConfig(config)),
                StreamsSettings.from(config, metrics));
        streams.setGlobalStateRestoreListener(listener);
        return streams;
    }

    /** Profiles this instance serves from its active tasks (0 while not queryable). */
    private static long profiles(KafkaStreams streams) {
        try {
            ReadOnlyKeyValueStore<String, CustomerState> store = streams.store(StoreQueryParameters.fromNameAndType(
                    StoreNames.CUSTOMER_STATE, QueryableStoreTypes.<String, CustomerState>keyValueStore()));
            long n = 0;
            try (KeyValueIterator<String, CustomerState> it = store.all()) {
                while (it.hasNext()) {
                    it.next();
                    n++;
                }
            }
            return n;
        } catch (InvalidStateStoreException e) {
            return 0;
        }
    }

    /** Every local store partition (active and standby) is at its changelog end, but for the last commit marker (EOS). */
    private static boolean caughtUp(KafkaStreams streams) {
        var lags = streams.allLocalStorePartitionLags();
        return !lags.isEmpty() && lags.values().stream().flatMap(m -> m.values().stream()).allMatch(l -> l.offsetLag() <= 1);
    }

    private static String describe(KafkaStreams streams) {
        return streams.state() + ", " + profiles(streams) + " profiles, lags " + streams.allLocalStorePartitionLags().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue().values().stream().mapToLong(l -> l.offsetLag()).max().orElse(-1))
                .collect(Collectors.joining(","));
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        Files.createDirectories(dir);
    }

    /** Counts restored records, in total and per store. */
    private static final class Restoring implements StateRestoreListener {
        final AtomicLong total = new AtomicLong();
        final Map<String, Long> byStore = new ConcurrentHashMap<>();
        final AtomicLong firstStart = new AtomicLong(Long.MAX_VALUE);
        final AtomicLong lastEnd = new AtomicLong(Long.MIN_VALUE);

        /** Seconds from the first store partition's restore start to the last one's end. */
        double seconds() {
            return (lastEnd.get() - firstStart.get()) / 1e9;
        }

        @Override
        public void onRestoreStart(TopicPartition partition, String storeName, long startingOffset, long endingOffset) {
            if (storeName.equals(StoreNames.MODELS)) {
                return; // the global store restores at start(), before the group assigns any task
            }
            firstStart.accumulateAndGet(System.nanoTime(), Math::min);
        }

        @Override
        public void onBatchRestored(TopicPartition partition, String storeName, long batchEndOffset, long numRestored) {
            total.addAndGet(numRestored);
            byStore.merge(storeName, numRestored, Long::sum);
        }

        @Override
        public void onRestoreEnd(TopicPartition partition, String storeName, long totalRestored) {
            if (storeName.equals(StoreNames.MODELS)) {
                return;
            }
            lastEnd.accumulateAndGet(System.nanoTime(), Math::max);
        }
    }

}
