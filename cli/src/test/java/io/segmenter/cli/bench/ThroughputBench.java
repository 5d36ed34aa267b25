package io.segmenter.cli.bench;

import io.segmenter.app.SegmenterApp;
import io.segmenter.app.config.SegmenterConfig;
import io.segmenter.app.state.StoreNames;
import io.segmenter.app.TopicCreator;
import io.segmenter.app.metrics.SegmenterMetrics;
import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Throughput of the segmenter against a plain pass-through on the same pre-produced input, in one run
 * on one broker, alternating (segmenter, pass-through) {@code rounds} times. Each run is a fresh
 * application id and state directory reading the whole input topic from the start; the clock runs from
 * {@code KafkaStreams.start()} until the group has committed the end offset of every source partition
 * (input and, for the segmenter, its repartition topic).
 */
final class ThroughputBench {

    private static final Duration TIMEOUT = Duration.ofMinutes(15);

    private final BenchKafka kafka;
    private final int transactions;
    private final int customers;
    private final double rekeyShare;
    private final int partitions;
    private final int rounds;
    private final int instances;
    /** statestore.cache.max.bytes for the segmenter; -1 = the app's default. */
    private final int cacheBytes;
    private final Map<String, Object> shared;
    /** {@code app.KEY=VALUE} options: segmenter settings (any Kafka Streams or client setting too) for the segmenter only. */
    private final Map<String, String> appSettings;
    /** {@code wall=1}: prints where the segmenter's stream thread spends its wall time ({@link WallSampler}). */
    private final boolean wallSamples;

    ThroughputBench(BenchKafka kafka, BenchOptions o) {
        this.kafka = kafka;
        this.transactions = o.integer("tx", 200_000);
        this.customers = o.integer("customers", 5_000);
        this.rekeyShare = o.decimal("rekey", 0.25);
        this.partitions = o.integer("partitions", 6);
        this.rounds = o.integer("rounds", 2);
        this.instances = o.integer("instances", 1);
        this.cacheBytes = o.integer("cache.bytes", -1);
        this.appSettings = o.prefixed("app.");
        this.wallSamples = o.integer("wall", 0) != 0;
        this.shared = Map.of(StreamsConfig.NUM_STREAM_THREADS_CONFIG, o.integer("threads", 1),
                StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, o.integer("commit.ms", 100));
    }

    /** One timed run: seconds from start to caught up, seconds from RUNNING to caught up. */
    record Run(String app, int round, double seconds, double fromRunning, String check) {}

    void run() throws Exception {
        String input = kafka.unique("tp-transactions");
        String models = kafka.unique("tp-models");
        kafka.createTopic(input, partitions);
        kafka.createTopic(models, 1);
        kafka.publishModel(models, BenchModel.twoSegments());
        long t0 = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = kafka.bulkProducer()) {
            new BenchInput(customers, rekeyShare, 42L).produceBacklog(producer, input, transactions, 120);
        }
        System.out.printf("%nthroughput: produced %,d transactions in %.1f s; %,d customers, %.0f%% keyed by order id (repartitioned),"
                        + " event times over the last 120 days, %d partitions, exactly_once_v2, commit.interval.ms %s, %s stream thread(s) per instance,"
                        + " segmenter instances %d (the pass-through: one)%n",
                transactions, (System.nanoTime() - t0) / 1e9, customers, rekeyShare * 100, partitions, shared.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG),
                shared.get(StreamsConfig.NUM_STREAM_THREADS_CONFIG), instances);

        List<Run> runs = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            runs.add(segmenter(input, models, round));
            print(runs.getLast());
            runs.add(passThrough(input, round));
            print(runs.getLast());
        }
        System.out.println();
        System.out.printf("%-6s %-13s %10s %14s %10s %14s  %s%n", "round", "app", "seconds", "from RUNNING", "tx/s", "tx/s RUNNING", "check");
        for (Run r : runs) {
            System.out.printf("%-6d %-13s %10.2f %14.2f %,10.0f %,14.0f  %s%n", r.round(), r.app(), r.seconds(), r.fromRunning(),
                    transactions / r.seconds(), transactions / r.fromRunning(), r.check());
        }
        for (int round = 1; round <= rounds; round++) {
            Run s = runs.get(2 * (round - 1));
            Run p = runs.get(2 * (round - 1) + 1);
            System.out.printf("round %d: segmenter / pass-through throughput = %.2f (from start), %.2f (from RUNNING)%n",
                    round, p.seconds() / s.seconds(), p.fromRunning() / s.fromRunning());
        }
    }

    private static void print(Run r) {
        System.out.printf("  round %d %-13s %.2f s%n", r.round(), r.app(), r.seconds());
    }

    private Run segmenter(String input, String models, int round) throws Exception {
        String appId = kafka.unique("tp-segmenter");
        List<SegmenterApp> apps = new ArrayList<>();
        List<Path> dirs = new ArrayList<>();
        Run run;
        try {
            for (int i = 0; i < instances; i++) {
                dirs.add(kafka.stateDir(appId + "-" + i));
                Map<String, Object> c = kafka.segmenterConfig(appId, input, models, dirs.getLast(), partitions);
                c.putAll(shared);
                c.putAll(appSettings);
                if (cacheBytes >= 0) {
                    c.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, Integer.toString(cacheBytes));
                }
                SegmenterConfig config = new SegmenterConfig(c);
                if (i == 0) {
                    new TopicCreator(kafka.admin(), config).ensureTopics(); // outside the clock, as for the pass-through's output topic
                }
                apps.add(new SegmenterApp(config));
            }
            long start = System.nanoTime();
            long processCpu = processCpuNanos();
            for (SegmenterApp app : apps) {
                app.start();
            }
            WallSampler sampler = wallSamples ? new WallSampler(appId) : null;
            double[] times = time(start, () -> apps.getFirst().streams(), appId,
                    Set.of(input, appId + "-" + StoreNames.REPARTITION_BY_CUSTOMER + "-repartition"));
            String cpu = cpu(appId, processCpu, times[0]);
            if (sampler != null) {
                sampler.print(25);
            }
            long applied = 0;
            StringBuilder produced = new StringBuilder();
            for (SegmenterApp app : apps) {
                applied += (long) app.metrics().transactionCount(SegmenterMetrics.OUTCOME_APPLIED, SegmenterMetrics.REASON_NONE);
                produced.append("; ").append(produced(app.streams()));
            }
            run = new Run("segmenter", round, times[0], times[1],
                    (applied == transactions ? "applied " + applied : "MISMATCH applied " + applied) + produced + "; " + cpu);
        } finally {
            apps.forEach(SegmenterApp::close);
        }
        long local = 0;
        for (Path d : dirs) {
            local += BenchKafka.treeBytes(d);
        }
        long changelogs = kafka.logBytes(t -> t.startsWith(appId + "-") && t.endsWith("-changelog"));
        return new Run(run.app(), run.round(), run.seconds(), run.fromRunning(), run.check()
                + String.format("; state %.0f B/customer local, %.0f B/customer changelogs", (double) local / customers, (double) changelogs / customers));
    }

    private Run passThrough(String input, int round) throws Exception {
        String appId = kafka.unique("tp-passthrough");
        String output = appId + "-out";
        kafka.createTopic(output, partitions);
        try (KafkaStreams streams = new KafkaStreams(PassThrough.topology(input, output),
                PassThrough.properties(kafka.bootstrapServers(), appId, kafka.stateDir(appId), shared))) {
            long start = System.nanoTime();
            long processCpu = processCpuNanos();
            streams.start();
            double[] times = time(start, () -> streams, appId, Set.of(input));
            String cpu = cpu(appId, processCpu, times[0]);
            long out = kafka.endOffsets(Set.of(output));
            return new Run("pass-through", round, times[0], times[1], "output end offsets " + out + " (records + txn markers); " + cpu);
        }
    }

    /**
     * Records the app's producers sent per input transaction (the producers' own per-topic send counts), in
     * all and by kind: store changelogs, the repartition topic, the output topics.
     */
    private String produced(KafkaStreams streams) {
        Map<String, Double> byKind = new TreeMap<>();
        for (Map.Entry<MetricName, ? extends Metric> e : streams.metrics().entrySet()) {
            MetricName n = e.getKey();
            if (n.group().equals("producer-topic-metrics") && n.name().equals("record-send-total")) {
                String topic = n.tags().get("topic");
                String kind = topic.endsWith("-changelog") ? "changelogs" : topic.endsWith("-repartition") ? "repartition" : "outputs";
                byKind.merge(kind, ((Number) e.getValue().metricValue()).doubleValue(), Double::sum);
            }
        }
        double total = byKind.values().stream().mapToDouble(Double::doubleValue).sum();
        StringBuilder out = new StringBuilder(String.format("%.2f records produced/tx (", total / transactions));
        byKind.forEach((k, v) -> out.append(String.format("%s %.2f, ", k, v / transactions)));
        out.setLength(out.length() - 2);
        return out.append(')').toString();
    }

    private static long processCpuNanos() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /**
     * Where the run's CPU went, in cores over its wall time: the app's stream threads (near 1.0 each means
     * they are the bottleneck, less means they wait on commits or the broker), their producers' I/O
     * threads, and the whole process (broker included, since it runs in this JVM).
     */
    private String cpu(String appId, long processCpuAtStart, double seconds) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long stream = 0;
        long producerIo = 0;
        for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (t == null) {
                continue;
            }
            String name = t.getThreadName();
            long nanos = Math.max(0, threads.getThreadCpuTime(t.getThreadId()));
            if (name.startsWith(appId) && name.matches(".*-StreamThread-\\d+")) {
                stream += nanos;
            } else if (name.startsWith("kafka-producer-network-thread | " + appId)) {
                producerIo += nanos;
            }
        }
        double wall = seconds * 1e9;
        long process = processCpuNanos() - processCpuAtStart;
        return String.format("CPU cores: stream threads %.2f, producer I/O %.2f, process %.2f; CPU per tx: stream threads %.1f us, process %.1f us",
                stream / wall, producerIo / wall, process / wall, stream / 1e3 / transactions, process / 1e3 / transactions);
    }

    /** Waits until caught up; returns seconds since {@code start} and since RUNNING was first seen. */
    private double[] time(long start, Supplier<KafkaStreams> streams, String groupId, Set<String> sources) throws Exception {
        long[] running = {0};
        BenchKafka.await("group " + groupId + " to commit the end of " + sources, TIMEOUT, Duration.ofMillis(50), () -> {
            if (running[0] == 0 && streams.get().state() == KafkaStreams.State.RUNNING) {
                running[0] = System.nanoTime();
            }
            return running[0] != 0 && kafka.caughtUp(groupId, sources);
        });
        long end = System.nanoTime();
        return new double[] {(end - start) / 1e9, (end - running[0]) / 1e9};
    }
}
