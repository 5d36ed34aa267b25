package io.segmenter.cli.replay;

import io.segmenter.avro.Transaction;
import io.segmenter.avro.TransactionKind;
import io.segmenter.csv.CsvMapping;
import io.segmenter.csv.CsvProblem;
import io.segmenter.csv.CsvTransactionReader;
import io.segmenter.serde.AvroSerde;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays a transaction CSV (read by {@link CsvTransactionReader}, whose javadoc holds the rules) to a
 * Kafka topic: key = customer id (null when the row has none, so the app re-keys and rejects it), value =
 * {@link Transaction} through {@link AvroSerde}. Transaction ids come from the file, so replaying it
 * twice sends the same ids and the app's dedupe counts each once. The Kafka record timestamp is the
 * send time (the event time is in the value): historical timestamps would put the records past a
 * {@code delete} topic's retention at once.
 *
 * <p>Usable in-process (the demo) and by {@code ./segmenter replay}. One replay at a time per instance
 * (several in sequence are fine); {@link #stop()} may be called from any thread (e.g. a shutdown hook)
 * and makes {@link #replay} flush and return what was sent so far.
 */
public final class CsvReplayer {

    /** How many problems of each kind a result keeps (all are counted). */
    public static final int FIRST_PROBLEMS = 5;

    private static final Logger LOG = LoggerFactory.getLogger(CsvReplayer.class);
    private static final long PROGRESS_EVERY_NANOS = 250_000_000L;
    private static final long MAX_PARK_NANOS = 100_000_000L;

    private final Map<String, Object> producerConfig;
    private final Map<String, Object> serdeConfig;
    private volatile boolean stopRequested;

    /**
     * @param producerConfig producer settings; needs {@code bootstrap.servers}, overrides {@link #producerDefaults()}
     * @param serdeConfig value serde settings, e.g. {@code schema.registry.url}; may be empty
     */
    public CsvReplayer(Map<String, ?> producerConfig, Map<String, ?> serdeConfig) {
        Map<String, Object> merged = new HashMap<>(producerDefaults());
        merged.putAll(producerConfig);
        this.producerConfig = Map.copyOf(merged);
        this.serdeConfig = Map.copyOf(serdeConfig);
    }

    /** Idempotent, acks=all, lz4, batching for throughput. */
    public static Map<String, Object> producerDefaults() {
        return Map.of(
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5,
                ProducerConfig.CLIENT_ID_CONFIG, "segmenter-replay");
    }

    /**
     * Asks a running replay to stop after the current record; it then flushes and returns. Sticky: a
     * stopped replayer sends nothing more (so a Ctrl-C that lands before the replay starts is honoured).
     */
    public void stop() {
        stopRequested = true;
    }

    /**
     * Opens {@code csv} and reads its header, so a missing column or a file that cannot be read is
     * reported before any Kafka connection is made.
     *
     * @throws IllegalArgumentException naming the missing column, the header and the flag to set
     */
    public static void checkHeader(Path csv, CsvMapping mapping) throws IOException {
        CsvTransactionReader.open(csv, mapping, problem -> { }).close(); // opening reads the header: that is the check
    }

    /**
     * Sends every transaction of {@code csv} to {@code topic}, paced, and waits until the broker has
     * acknowledged them (or they failed).
     *
     * @param progress called about four times a second and once at the end, on the calling thread
     */
    public ReplayResult replay(Path csv, CsvMapping mapping, String topic, Pacing pacing,
            Consumer<ReplayProgress> progress) throws IOException {
        List<CsvProblem> firstProblems = new ArrayList<>();
        int[] kept = new int[CsvProblem.Kind.values().length];
        Consumer<CsvProblem> problems = p -> {
            if (kept[p.kind().ordinal()]++ < FIRST_PROBLEMS) {
                firstProblems.add(p);
            }
        };
        AtomicLong acknowledged = new AtomicLong();
        AtomicLong purchases = new AtomicLong();
        AtomicLong refunds = new AtomicLong();
        AtomicLong withoutCustomer = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        long start = System.nanoTime();
        long sent = 0;
        boolean stopped = false;
        AvroSerde<Transaction> serde = AvroSerde.of(Transaction.class, serdeConfig);
        try (CsvTransactionReader reader = CsvTransactionReader.open(csv, mapping, problems);
                KafkaProducer<String, Transaction> producer =
                        new KafkaProducer<>(producerConfig, new StringSerializer(), serde.serializer())) {
            LOG.info("Replaying {} to topic {} ({})", csv, topic, pacing);
            long firstEventTime = Long.MIN_VALUE;
            long lastProgress = start;
            while (reader.hasNext()) {
                if (stopRequested || failed.get() > 0) {
                    stopped = true;
                    break;
                }
                Transaction t = reader.next();
                long eventTime = t.getEventTime().toEpochMilli();
                if (firstEventTime == Long.MIN_VALUE) {
                    firstEventTime = eventTime;
                }
                if (!waitUntil(start + pacing.dueNanos(sent, eventTime - firstEventTime))) {
                    stopped = true;
                    break;
                }
                String key = t.getCustomerId().isEmpty() ? null : t.getCustomerId();
                producer.send(new ProducerRecord<>(topic, key, t), (metadata, e) -> {
                    if (e == null) {
                        acknowledged.incrementAndGet();
                        (t.getKind() == TransactionKind.REFUND ? refunds : purchases).incrementAndGet();
                        if (key == null) {
                            withoutCustomer.incrementAndGet();
                        }
                    } else {
                        failed.incrementAndGet();
                        firstFailure.compareAndSet(null, e.toString());
                    }
                });
                sent++;
                long now = System.nanoTime();
                if (now - lastProgress >= PROGRESS_EVERY_NANOS) {
                    lastProgress = now;
                    progress.accept(new ReplayProgress(sent, acknowledged.get(), reader.bytesRead(),
                            reader.totalBytes(), Duration.ofNanos(now - start)));
                }
            }
            producer.flush();
            progress.accept(new ReplayProgress(sent, acknowledged.get(), reader.bytesRead(), reader.totalBytes(),
                    Duration.ofNanos(System.nanoTime() - start)));
            ReplayResult result = new ReplayResult(acknowledged.get(), purchases.get(), refunds.get(),
                    withoutCustomer.get(), failed.get(), reader.stats(), firstProblems,
                    Duration.ofNanos(System.nanoTime() - start), stopped, firstFailure.get());
            LOG.info("Replay of {} finished: {} acknowledged, {} failed, stopped early: {}", csv,
                    result.acknowledged(), result.failed(), stopped);
            return result;
        }
    }

    /** Parks until {@code deadline} (System.nanoTime), waking to honour {@link #stop()}; false if stopped. */
    private boolean waitUntil(long deadline) {
        for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
            if (stopRequested) {
                return false;
            }
            LockSupport.parkNanos(Math.min(left, MAX_PARK_NANOS));
        }
        return !stopRequested;
    }
}
