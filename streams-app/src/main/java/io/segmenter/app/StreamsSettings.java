package io.segmenter.app;

import io.segmenter.app.config.SegmenterConfig;
import io.segmenter.app.metrics.SegmenterMetrics;
import io.segmenter.app.process.DeadLetterProcessingHandler;
import io.segmenter.app.process.UnwritableCustomers;
import io.segmenter.app.process.UnwritableRecordHandler;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/** Kafka Streams properties derived from the typed configuration. */
public final class StreamsSettings {

    /**
     * Record cache of the state stores, per instance (split between its stream threads); Kafka's default is
     * 10 MiB. The cache holds the profiles and assignments being folded; when it is full every put evicts
     * and flushes, which docs/benchmarks.md measured at a tenth to a fifth of the throughput. A Kafka Streams
     * setting given in the configuration overrides it.
     */
    public static final long STATESTORE_CACHE_MAX_BYTES_DEFAULT = 64L * 1024 * 1024;

    /**
     * The producers' {@code batch.size}; Kafka's default is 16 KiB. A commit interval's changelog and profile
     * records (about 2 KB per transaction) then go in a few large batches per partition rather than many
     * small ones: the producer's I/O thread used half the CPU and the throughput bench gained about a tenth
     * (docs/benchmarks.md). Below the broker's default {@code max.message.bytes} (1 MiB). A {@code batch.size}
     * or {@code producer.batch.size} in the configuration overrides it.
     */
    public static final int PRODUCER_BATCH_SIZE_DEFAULT = 256 * 1024;

    private StreamsSettings() {}

    /** Settings for a topology that needs no shared {@link UnwritableCustomers} (the test driver). */
    public static Properties from(SegmenterConfig config, SegmenterMetrics metrics) {
        return from(config, metrics, new UnwritableCustomers());
    }

    /** Settings whose production exception handler fills {@code unwritable}, which the topology's processor reads. */
    public static Properties from(SegmenterConfig config, SegmenterMetrics metrics, UnwritableCustomers unwritable) {
        Properties p = new Properties();
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, STATESTORE_CACHE_MAX_BYTES_DEFAULT);
        // a task reads transactions, the repartition and erasures; nothing depends on their order across topics,
        // so it never waits for an empty partition's fetch (that wait left the stream thread idle half the time)
        p.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, -1L);
        Map<String, Object> given = config.passThrough();
        if (!given.containsKey(ProducerConfig.BATCH_SIZE_CONFIG) && !given.containsKey(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG))) {
            p.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), PRODUCER_BATCH_SIZE_DEFAULT);
        }
        p.putAll(given);
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.getString(SegmenterConfig.APPLICATION_ID));
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.getString(SegmenterConfig.BOOTSTRAP_SERVERS));
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, config.getString(SegmenterConfig.PROCESSING_GUARANTEE));
        p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, config.getInt(SegmenterConfig.NUM_STANDBY_REPLICAS));
        p.put(StreamsConfig.STATE_DIR_CONFIG, config.getString(SegmenterConfig.STATE_DIR));
        String server = config.getString(SegmenterConfig.APPLICATION_SERVER);
        if (!server.isBlank()) {
            p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, server);
        }
        p.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        p.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, config.getString(SegmenterConfig.TOPIC_DLQ));
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProcessingHandler.class);
        p.put(DeadLetterProcessingHandler.METRICS, metrics);
        p.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, UnwritableRecordHandler.class);
        p.put(UnwritableRecordHandler.UNWRITABLE, unwritable);
        return p;
    }
}
