package io.segmenter.app;

import io.segmenter.app.config.SegmenterConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmenterConfigTest {

    @TempDir
    Path dir;

    @Test
    void shouldUseProductionDefaults() {
        SegmenterConfig c = SegmenterConfig.load(null, Map.of(), Map.of());
        assertEquals(StreamsConfig.EXACTLY_ONCE_V2, c.getString(SegmenterConfig.PROCESSING_GUARANTEE));
        assertEquals("./data/state", c.getString(SegmenterConfig.STATE_DIR));
        assertEquals(365, c.getInt(SegmenterConfig.HORIZON_DAYS));
        assertEquals(0L, c.getLong(SegmenterConfig.DEDUPE_RETENTION_MS), "every transaction id is remembered");
        assertEquals("rfm", c.getString(SegmenterConfig.MODEL_NAME));
        assertEquals(Map.of("GBP", 1.0), c.currencyRates());
        assertFalse(c.streamClock());
        assertEquals("127.0.0.1", c.getString(SegmenterConfig.HTTP_HOST));
        assertEquals(8080, c.getInt(SegmenterConfig.HTTP_PORT));
    }

    @Test
    void modelNamesFollowTheModelKeyRuleAndAppearOnce() {
        assertEquals(java.util.List.of("rfm", "demographic"),
                SegmenterConfig.load(null, Map.of(), Map.of(SegmenterConfig.MODELS, "rfm,demographic")).scoringModels());
        assertEquals(java.util.List.of("cc"), SegmenterConfig.load(null, Map.of(), Map.of(SegmenterConfig.MODEL_NAME, "cc")).scoringModels());
        ConfigException badName = assertThrows(ConfigException.class,
                () -> SegmenterConfig.load(null, Map.of(), Map.of(SegmenterConfig.MODEL_NAME, "rfm#shadow")));
        assertTrue(badName.getMessage().contains("letters, digits"), badName.getMessage());
        ConfigException badListed = assertThrows(ConfigException.class,
                () -> SegmenterConfig.load(null, Map.of(), Map.of(SegmenterConfig.MODELS, "rfm,de mo")));
        assertTrue(badListed.getMessage().contains("de mo"), badListed.getMessage());
        ConfigException twice = assertThrows(ConfigException.class,
                () -> SegmenterConfig.load(null, Map.of(), Map.of(SegmenterConfig.MODELS, "rfm,demographic,rfm")));
        assertTrue(twice.getMessage().contains("appears twice"), twice.getMessage());
    }

    @Test
    void shouldLayerFileThenEnvironmentThenOverrides() throws IOException {
        Path file = dir.resolve("app.properties");
        Properties p = new Properties();
        p.setProperty("horizon.days", "90");
        p.setProperty("clock", "stream");
        p.setProperty("bootstrap.servers", "file:9092");
        p.setProperty("commit.interval.ms", "500");
        try (var out = Files.newOutputStream(file)) {
            p.store(out, null);
        }
        Map<String, String> env = Map.of(
                "SEGMENTER_HORIZON_DAYS", "30",
                "SEGMENTER_CURRENCY_RATES", "EUR=0.85,USD=0.79",
                "SEGMENTER_NUM_STANDBY_REPLICAS", "1",
                "SEGMENTER_BOOTSTRAP_SERVERS", "env:9092");
        SegmenterConfig c = SegmenterConfig.load(file, env, Map.of("bootstrap.servers", "flag:9092"));
        assertEquals(30, c.getInt(SegmenterConfig.HORIZON_DAYS));
        assertTrue(c.streamClock());
        assertEquals("flag:9092", c.getString(SegmenterConfig.BOOTSTRAP_SERVERS));
        assertEquals(0.85, c.currencyRates().get("EUR"));
        assertEquals(1, c.getInt(SegmenterConfig.NUM_STANDBY_REPLICAS));
        assertEquals("500", c.passThrough().get("commit.interval.ms"), "Kafka settings pass through");
        assertEquals("500", StreamsSettings.from(c, io.segmenter.app.metrics.SegmenterMetrics.inMemory()).get("commit.interval.ms"));
    }

    @Test
    void shouldNameEnvironmentVariablesByTheDocumentedRule() {
        assertEquals("SEGMENTER_TOPIC_TRANSACTIONS_DLQ", SegmenterConfig.envName("topic.transactions.dlq"));
        assertEquals("SEGMENTER_A_B_C", SegmenterConfig.envName("a.b-c"));
    }

    @Test
    void shouldRejectInvalidValues() {
        assertThrows(ConfigException.class, () -> SegmenterConfig.load(null, Map.of(), Map.of("clock", "sundial")));
        assertThrows(ConfigException.class, () -> SegmenterConfig.load(null, Map.of(), Map.of("currency.rates", "EUR=-1")));
        assertThrows(ConfigException.class, () -> SegmenterConfig.load(null, Map.of(), Map.of("horizon.days", "-1")));
    }

    @Test
    void shouldAlwaysEnforceExplicitNamingAndTheDeadLetterTopic() {
        var props = StreamsSettings.from(SegmenterConfig.load(null, Map.of(), Map.of()), io.segmenter.app.metrics.SegmenterMetrics.inMemory());
        assertEquals(true, props.get(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG));
        assertEquals("transactions-dlq", props.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG));
    }

    @Test
    void shouldDefaultTheStoreCacheTo64MiBUnlessConfigured() {
        var defaults = StreamsSettings.from(SegmenterConfig.load(null, Map.of(), Map.of()), io.segmenter.app.metrics.SegmenterMetrics.inMemory());
        assertEquals(64L * 1024 * 1024, defaults.get(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG));
        var configured = StreamsSettings.from(SegmenterConfig.load(null, Map.of(), Map.of(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, "1048576")),
                io.segmenter.app.metrics.SegmenterMetrics.inMemory());
        assertEquals("1048576", configured.get(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG));
    }

    @Test
    void shouldDefaultTheProducerBatchTo256KiBUnlessConfiguredBareOrPrefixed() {
        var defaults = StreamsSettings.from(SegmenterConfig.load(null, Map.of(), Map.of()), io.segmenter.app.metrics.SegmenterMetrics.inMemory());
        assertEquals(256 * 1024, defaults.get("producer.batch.size"));
        var bare = StreamsSettings.from(SegmenterConfig.load(null, Map.of(), Map.of("batch.size", "32768")),
                io.segmenter.app.metrics.SegmenterMetrics.inMemory());
        assertEquals("32768", bare.get("batch.size"));
        assertEquals(null, bare.get("producer.batch.size"), "a bare batch.size is not overridden by the prefixed default");
        var prefixed = StreamsSettings.from(SegmenterConfig.load(null, Map.of(), Map.of("producer.batch.size", "65536")),
                io.segmenter.app.metrics.SegmenterMetrics.inMemory());
        assertEquals("65536", prefixed.get("producer.batch.size"));
    }
}
