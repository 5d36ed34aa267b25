package io.segmenter.app;

import io.segmenter.app.config.SegmenterConfig;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.segmenter.app.metrics.SegmenterMetrics;
import io.segmenter.broker.junit.KafkaBrokerExtension;
import io.segmenter.broker.junit.KafkaTestCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A smoke run of the throughput path: one instance (one stream thread, exactly_once_v2, a model loaded,
 * mixed keys so a third goes through the repartition) folds input produced up front on the embedded
 * broker; asserts everything was applied and logs the rate. Kept small for the suite (default 10,000
 * transactions, {@code -Dthroughput.count=N} to change); the figures worth quoting come from
 * {@code bench/streams.sh streams} (against a pass-through, on the same broker, in one run).
 */
@ExtendWith(KafkaBrokerExtension.class)
class ThroughputIT {

    private static final Logger LOG = LoggerFactory.getLogger(ThroughputIT.class);

    @Test
    void shouldReportTransactionsFoldedPerSecond(KafkaTestCluster kafka, @TempDir Path dir) throws Exception {
        int count = Integer.getInteger("throughput.count", 10_000);
        String input = kafka.uniqueTopic("transactions");
        String models = kafka.uniqueTopic("models");
        Map<String, Object> c = BrokerRuns.config(kafka, kafka.uniqueId("throughput"), input, models, dir, 4);
        c.put(SegmenterConfig.CLOCK, SegmenterConfig.CLOCK_WALL);
        SegmenterConfig config = new SegmenterConfig(c);
        try (Admin admin = kafka.admin()) {
            new TopicCreator(admin, config).ensureTopics();
        }
        BrokerRuns.publishModel(kafka, models, Fixtures.model(1));
        GeneratedInput data = new GeneratedInput(input, count, Math.max(100, count / 20), 7L, Instant.now().minus(Duration.ofDays(120)), 120); // live-like: events up to now
        try (KafkaProducer<byte[], byte[]> producer = kafka.producer(new ByteArraySerializer(), new ByteArraySerializer())) {
            data.records.forEach(producer::send);
        }

        try (SegmenterApp app = new SegmenterApp(config)) {
            SegmenterMetrics m = app.metrics();
            AtomicLong firstAt = new AtomicLong();
            app.start();
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(20)).until(() -> m.transactionCount("applied", "none") > 0);
            firstAt.set(System.nanoTime());
            double startCount = m.transactionCount("applied", "none");
            await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(50))
                    .until(() -> m.transactionCount("applied", "none") + m.transactionCount("duplicate", "none") >= data.applied + data.duplicates);
            double seconds = (System.nanoTime() - firstAt.get()) / 1e9;
            double folded = m.transactionCount("applied", "none") - startCount;
            LOG.info("THROUGHPUT: {} transactions folded in {} s = {} tx/s (exactly_once_v2, 4 partitions, 1 stream thread)",
                    (long) folded, String.format("%.2f", seconds), String.format("%.0f", folded / seconds));
            assertEquals(data.applied, (long) m.transactionCount("applied", "none"));
        }
    }
}
