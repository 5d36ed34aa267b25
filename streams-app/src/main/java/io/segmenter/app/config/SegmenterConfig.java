package io.segmenter.app.config;

import io.segmenter.config.ClientSettings;
import io.segmenter.http.Exposure;
import io.segmenter.model.ModelKeys;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Typed configuration of streams-app. Sources, lowest precedence first: defaults, a properties file,
 * environment variables ({@code a.b.c} as {@code SEGMENTER_A_B_C}, see docs/metrics.md), then explicit
 * overrides (command-line flags). Keys this class does not define pass through to Kafka Streams.
 */
public final class SegmenterConfig extends AbstractConfig {

    public static final String ENV_PREFIX = ClientSettings.ENV_PREFIX;

    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    private static final String BOOTSTRAP_SERVERS_DOC = "Kafka brokers to connect to.";
    private static final String BOOTSTRAP_SERVERS_DEFAULT = "localhost:9092";

    public static final String APPLICATION_ID = "application.id";
    private static final String APPLICATION_ID_DOC = "Kafka Streams application id (consumer group and internal topic prefix).";
    private static final String APPLICATION_ID_DEFAULT = "segmenter";

    public static final String TOPIC_TRANSACTIONS = "topic.transactions";
    public static final String TOPIC_DLQ = "topic.transactions.dlq";
    public static final String TOPIC_PROFILES = "topic.profiles";
    public static final String TOPIC_SEGMENTS = "topic.segments";
    public static final String TOPIC_MODELS = "topic.models";
    public static final String TOPIC_ERASURES = "topic.erasures";
    public static final String TOPIC_ATTRIBUTES = "topic.attributes";

    public static final String TOPIC_PARTITIONS = "topic.partitions";
    private static final String TOPIC_PARTITIONS_DOC = "Partitions of the topics the app creates when missing (erasures always get the partition count of transactions; models get 1).";
    private static final int TOPIC_PARTITIONS_DEFAULT = 6;

    public static final String TOPIC_REPLICATION = "topic.replication.factor";
    private static final String TOPIC_REPLICATION_DOC = "Replication factor of the topics the app creates when missing.";
    private static final short TOPIC_REPLICATION_DEFAULT = 1;

    public static final String TOPIC_CREATE = "topic.create";
    private static final String TOPIC_CREATE_DOC = "Create missing topics at start (never relies on broker auto-creation).";

    public static final String INPUT_FORMAT = "input.format";
    private static final String INPUT_FORMAT_DOC = "Encoding of transaction values: avro (single-object or registry framing, told apart by the first byte) or json (an object with the Transaction fields; eventTime as ISO-8601 or epoch millis; amountMinor or amount in major units).";
    public static final String INPUT_FORMAT_AVRO = "avro";
    public static final String INPUT_FORMAT_JSON = "json";

    public static final String DEDUPE_RETENTION_MS = "dedupe.retention.ms";
    private static final String DEDUPE_RETENTION_MS_DOC = "How long a transaction id is remembered for dedupe, measured from the event time to the clock;"
            + " 0 (the default) remembers every id, so any replay or retry counts once. When set, an event older than this goes to the DLQ"
            + " (reason beyond_dedupe_retention) instead of being applied unchecked.";
    private static final long DEDUPE_RETENTION_MS_DEFAULT = 0L;

    public static final String DEDUPE_INLINE_IDS = "dedupe.inline.ids";
    private static final String DEDUPE_INLINE_IDS_DOC = "Transaction id fingerprints (8 bytes each) a customer's state record holds before its oldest"
            + " 28-day periods move to the dedupe archive store; bounds the state record at about 8 bytes x this.";
    private static final int DEDUPE_INLINE_IDS_DEFAULT = 1024;

    public static final String HORIZON_DAYS = "horizon.days";
    private static final String HORIZON_DAYS_DOC = "Rolling horizon of frequency and monetary in days; 0 means lifetime.";
    private static final int HORIZON_DAYS_DEFAULT = 365;

    public static final String BUCKET_DAYS = "bucket.days";
    private static final String BUCKET_DAYS_DOC = "Width of a profile's horizon buckets in days (bounds state to horizon/width buckets per customer).";
    private static final int BUCKET_DAYS_DEFAULT = 7;

    public static final String REPORTING_CURRENCY = "reporting.currency";
    private static final String REPORTING_CURRENCY_DOC = "ISO currency of every monetary value in profiles and features.";
    private static final String REPORTING_CURRENCY_DEFAULT = "GBP";

    public static final String CURRENCY_RATES = "currency.rates";
    private static final String CURRENCY_RATES_DOC = "Fixed conversion rates into the reporting currency, e.g. EUR=0.85,USD=0.79 (1 EUR = 0.85 GBP). "
            + "Accepted currencies are the reporting currency and these.";

    public static final String RECORD_MAX_BYTES = "record.max.bytes";
    private static final String RECORD_MAX_BYTES_DOC = "Largest accepted transaction record (key plus value bytes); larger ones go to the DLQ"
            + " (reason oversized) before anything decodes, re-keys or stores them.";
    private static final int RECORD_MAX_BYTES_DEFAULT = 65_536;

    public static final String ID_MAX_CHARS = "id.max.chars";
    private static final String ID_MAX_CHARS_DOC = "Longest accepted customer id, transaction id and channel, in characters; longer ones go to the DLQ (reason oversized).";
    public static final int ID_MAX_CHARS_DEFAULT = 256;

    public static final String AMOUNT_MAX_MINOR = "amount.max.minor";
    private static final String AMOUNT_MAX_MINOR_DOC = "Largest accepted amount in minor units; larger (or negative) amounts go to the DLQ.";
    private static final long AMOUNT_MAX_MINOR_DEFAULT = 100_000_000_00L;

    public static final String EVENT_TIME_MAX_FUTURE_MS = "event.time.max.future.ms";
    private static final String EVENT_TIME_MAX_FUTURE_MS_DOC = "Event times further than this ahead of the wall clock go to the DLQ.";
    private static final long EVENT_TIME_MAX_FUTURE_MS_DEFAULT = 86_400_000L;

    public static final String EVENT_TIME_MIN_MS = "event.time.min.ms";
    private static final String EVENT_TIME_MIN_MS_DOC = "Earliest accepted event time, epoch milliseconds; earlier ones go to the DLQ (reason past_event_time).";
    private static final long EVENT_TIME_MIN_MS_DEFAULT = 0L;

    public static final String CLOCK = "clock";
    private static final String CLOCK_DOC = "wall: recency ages with the wall clock (production); stream: 'now' is the largest event time seen (replays, demo).";
    public static final String CLOCK_WALL = "wall";
    public static final String CLOCK_STREAM = "stream";

    public static final String TICK_INTERVAL_MS = "tick.interval.ms";
    private static final String TICK_INTERVAL_MS_DOC = "How often (wall time) due customers are re-evaluated, expired dedupe entries purged and a re-score chunk run.";
    private static final long TICK_INTERVAL_MS_DEFAULT = 10_000L;

    public static final String TICK_MAX_CUSTOMERS = "tick.max.customers";
    private static final String TICK_MAX_CUSTOMERS_DOC = "Most due customers re-evaluated (and expired dedupe entries purged) per task per tick; the rest wait for the next tick.";
    private static final int TICK_MAX_CUSTOMERS_DEFAULT = 10_000;

    public static final String CUSTOMER_CACHE_MAX_ENTRIES = "customer.cache.max.entries";
    private static final String CUSTOMER_CACHE_MAX_ENTRIES_DOC = "Customer states each task keeps as objects between commits (least recently used leave first;"
            + " about 3 KB of heap each); 0 writes every change to the store at once.";
    private static final int CUSTOMER_CACHE_MAX_ENTRIES_DEFAULT = 20_000;
    public static final String RESCORE_CHUNK_SIZE = "rescore.chunk.size";
    private static final String RESCORE_CHUNK_SIZE_DOC = "Customers re-scored per task per tick after a new model arrives.";
    private static final int RESCORE_CHUNK_SIZE_DEFAULT = 1000;

    public static final String DUE_SEARCH_MAX_DAYS = "due.search.max.days";
    private static final String DUE_SEARCH_MAX_DAYS_DOC = "How many days ahead the day-by-day search for the next nearest-centroid change looks.";
    private static final int DUE_SEARCH_MAX_DAYS_DEFAULT = 730;

    public static final String MODEL_NAME = "model.name";
    private static final String MODEL_NAME_DOC = "Name (key on the models topic) of the SegmentModel used for scoring.";
    public static final String DEFAULT_MODEL_NAME = "rfm";

    public static final String MODELS = "models";
    private static final String MODELS_DOC = "Names of every model the app scores, e.g. rfm,demographic; empty means model.name alone. The first is the primary:"
            + " its assignments go to topic.segments and readiness waits for it; each other model's go to topic.segments-NAME.";

    public static final String ATTRIBUTES_MAX_COUNT = "attributes.max.count";
    public static final int ATTRIBUTES_MAX_COUNT_DEFAULT = 64;
    public static final int ATTRIBUTES_MAX_NAME_CHARS_DEFAULT = 64;
    public static final int ATTRIBUTES_MAX_VALUE_CHARS_DEFAULT = 256;
    private static final String ATTRIBUTES_MAX_COUNT_DOC = "Most attributes one customer may hold (numeric and categorical together); a record that would go beyond"
            + " goes to the DLQ (reason attributes_limit).";
    public static final String ATTRIBUTES_MAX_NAME_CHARS = "attributes.max.name.chars";
    private static final String ATTRIBUTES_MAX_NAME_CHARS_DOC = "Longest attribute name, in characters; a record with a longer one goes to the DLQ.";
    public static final String ATTRIBUTES_MAX_VALUE_CHARS = "attributes.max.value.chars";
    private static final String ATTRIBUTES_MAX_VALUE_CHARS_DOC = "Longest categorical attribute value, in characters; a record with a longer one goes to the DLQ.";

    public static final String EMIT = "emit";
    private static final String EMIT_DOC = "changes: emit a SegmentAssignment when a customer is first scored or their segment or RFM segment changes; always: on every evaluation.";
    public static final String EMIT_CHANGES = "changes";
    public static final String EMIT_ALWAYS = "always";

    public static final String PROCESSING_GUARANTEE = StreamsConfig.PROCESSING_GUARANTEE_CONFIG;
    private static final String PROCESSING_GUARANTEE_DOC = "Kafka Streams processing guarantee.";

    public static final String NUM_STANDBY_REPLICAS = StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG;
    private static final String NUM_STANDBY_REPLICAS_DOC = "Standby replicas of each state store.";

    public static final String STATE_DIR = StreamsConfig.STATE_DIR_CONFIG;
    private static final String STATE_DIR_DOC = "Directory of the local state stores.";
    private static final String STATE_DIR_DEFAULT = "./data/state";

    public static final String APPLICATION_SERVER = StreamsConfig.APPLICATION_SERVER_CONFIG;
    private static final String APPLICATION_SERVER_DOC = "host:port this instance's HTTP API is reachable at by other instances (interactive queries).";

    public static final String HTTP_HOST = "http.host";
    private static final String HTTP_HOST_DOC = "Address the HTTP server binds to.";
    public static final String HTTP_PORT = "http.port";
    private static final String HTTP_PORT_DOC = "Port of the HTTP server (metrics, health, API); 0 picks a free port.";

    public static final String HTTP_AUTH_TOKEN = "http.auth.token";
    private static final String HTTP_AUTH_TOKEN_DOC = "When set, state-changing HTTP calls (DELETE /customers/{id}) require 'Authorization: Bearer <token>'. Required when http.host is not a loopback address.";
    public static final String HTTP_MAX_BODY_BYTES = "http.max.body.bytes";
    private static final String HTTP_MAX_BODY_BYTES_DOC = "Largest accepted HTTP request body; larger bodies get 413.";
    public static final String HTTP_FORWARD_TIMEOUT_MS = "http.forward.timeout.ms";
    private static final String HTTP_FORWARD_TIMEOUT_MS_DOC = "Timeout of a query forwarded to the instance that owns a key (connect and response); 503 when exceeded.";

    public static final String SEGMENT_COUNT_INTERVAL_MS = "metrics.segment.count.interval.ms";
    private static final String SEGMENT_COUNT_INTERVAL_MS_DOC = "How often customers per segment are counted from the local customer state store.";

    public static final String READINESS_REPLACEMENTS_MAX = "readiness.thread.replacements.max";
    private static final String READINESS_REPLACEMENTS_MAX_DOC = "Not ready when stream threads died and were replaced more than this many times within readiness.window.ms.";
    public static final String READINESS_WINDOW_MS = "readiness.window.ms";
    private static final String READINESS_WINDOW_MS_DOC = "Window over which stream thread replacements are counted for readiness.";
    public static final String READINESS_STUCK_MS = "readiness.stuck.ms";
    private static final String READINESS_STUCK_MS_DOC = "Not ready when a task's committed offsets have not moved for this long while input waits on it.";
    public static final String READINESS_CHECK_INTERVAL_MS = "readiness.check.interval.ms";
    private static final String READINESS_CHECK_INTERVAL_MS_DOC = "How often the tasks' committed and end offsets are sampled for readiness.";

    public static final ConfigDef DEFINITION = new ConfigDef()
            .define(BOOTSTRAP_SERVERS, Type.STRING, BOOTSTRAP_SERVERS_DEFAULT, Importance.HIGH, BOOTSTRAP_SERVERS_DOC)
            .define(APPLICATION_ID, Type.STRING, APPLICATION_ID_DEFAULT, Importance.HIGH, APPLICATION_ID_DOC)
            .define(TOPIC_TRANSACTIONS, Type.STRING, "transactions", Importance.HIGH, "Input topic of transactions.")
            .define(TOPIC_DLQ, Type.STRING, "transactions-dlq", Importance.HIGH, "Dead-letter topic for rejected transactions.")
            .define(TOPIC_PROFILES, Type.STRING, "customer-profiles", Importance.HIGH, "Compacted output topic of profiles.")
            .define(TOPIC_SEGMENTS, Type.STRING, "customer-segments", Importance.HIGH, "Compacted output topic of segment assignments.")
            .define(TOPIC_MODELS, Type.STRING, "segment-models", Importance.HIGH, "Compacted topic of segment models.")
            .define(TOPIC_ERASURES, Type.STRING, "customer-erasures", Importance.HIGH, "Topic of erasure requests, keyed by customer id.")
            .define(TOPIC_ATTRIBUTES, Type.STRING, "customer-attributes", Importance.HIGH,
                    "Compacted topic of CustomerAttributes records, keyed by customer id.")
            .define(TOPIC_PARTITIONS, Type.INT, TOPIC_PARTITIONS_DEFAULT, ConfigDef.Range.atLeast(1), Importance.MEDIUM, TOPIC_PARTITIONS_DOC)
            .define(TOPIC_REPLICATION, Type.SHORT, TOPIC_REPLICATION_DEFAULT, Importance.MEDIUM, TOPIC_REPLICATION_DOC)
            .define(TOPIC_CREATE, Type.BOOLEAN, true, Importance.LOW, TOPIC_CREATE_DOC)
            .define(INPUT_FORMAT, Type.STRING, INPUT_FORMAT_AVRO, ValidString.in(INPUT_FORMAT_AVRO, INPUT_FORMAT_JSON), Importance.MEDIUM, INPUT_FORMAT_DOC)
            .define(DEDUPE_RETENTION_MS, Type.LONG, DEDUPE_RETENTION_MS_DEFAULT, ConfigDef.Range.atLeast(0), Importance.MEDIUM, DEDUPE_RETENTION_MS_DOC)
            .define(DEDUPE_INLINE_IDS, Type.INT, DEDUPE_INLINE_IDS_DEFAULT, ConfigDef.Range.between(16, 65_536), Importance.LOW, DEDUPE_INLINE_IDS_DOC)
            .define(HORIZON_DAYS, Type.INT, HORIZON_DAYS_DEFAULT, ConfigDef.Range.atLeast(0), Importance.HIGH, HORIZON_DAYS_DOC)
            .define(BUCKET_DAYS, Type.INT, BUCKET_DAYS_DEFAULT, ConfigDef.Range.atLeast(1), Importance.MEDIUM, BUCKET_DAYS_DOC)
            .define(REPORTING_CURRENCY, Type.STRING, REPORTING_CURRENCY_DEFAULT, Importance.MEDIUM, REPORTING_CURRENCY_DOC)
            .define(CURRENCY_RATES, Type.LIST, List.of(), Importance.MEDIUM, CURRENCY_RATES_DOC)
            .define(AMOUNT_MAX_MINOR, Type.LONG, AMOUNT_MAX_MINOR_DEFAULT, ConfigDef.Range.atLeast(1), Importance.LOW, AMOUNT_MAX_MINOR_DOC)
            .define(EVENT_TIME_MAX_FUTURE_MS, Type.LONG, EVENT_TIME_MAX_FUTURE_MS_DEFAULT, ConfigDef.Range.atLeast(0), Importance.LOW, EVENT_TIME_MAX_FUTURE_MS_DOC)
            .define(RECORD_MAX_BYTES, Type.INT, RECORD_MAX_BYTES_DEFAULT, ConfigDef.Range.between(256, 16 * 1024 * 1024), Importance.LOW, RECORD_MAX_BYTES_DOC)
            .define(ID_MAX_CHARS, Type.INT, ID_MAX_CHARS_DEFAULT, ConfigDef.Range.between(8, 65_536), Importance.LOW, ID_MAX_CHARS_DOC)
            .define(EVENT_TIME_MIN_MS, Type.LONG, EVENT_TIME_MIN_MS_DEFAULT, Importance.LOW, EVENT_TIME_MIN_MS_DOC)
            .define(CLOCK, Type.STRING, CLOCK_WALL, ValidString.in(CLOCK_WALL, CLOCK_STREAM), Importance.HIGH, CLOCK_DOC)
            .define(TICK_INTERVAL_MS, Type.LONG, TICK_INTERVAL_MS_DEFAULT, ConfigDef.Range.atLeast(1), Importance.LOW, TICK_INTERVAL_MS_DOC)
            .define(TICK_MAX_CUSTOMERS, Type.INT, TICK_MAX_CUSTOMERS_DEFAULT, ConfigDef.Range.atLeast(1), Importance.LOW, TICK_MAX_CUSTOMERS_DOC)
            .define(CUSTOMER_CACHE_MAX_ENTRIES, Type.INT, CUSTOMER_CACHE_MAX_ENTRIES_DEFAULT, ConfigDef.Range.atLeast(0), Importance.LOW,
                    CUSTOMER_CACHE_MAX_ENTRIES_DOC)
            .define(RESCORE_CHUNK_SIZE, Type.INT, RESCORE_CHUNK_SIZE_DEFAULT, ConfigDef.Range.atLeast(1), Importance.LOW, RESCORE_CHUNK_SIZE_DOC)
            .define(DUE_SEARCH_MAX_DAYS, Type.INT, DUE_SEARCH_MAX_DAYS_DEFAULT, ConfigDef.Range.atLeast(1), Importance.LOW, DUE_SEARCH_MAX_DAYS_DOC)
            .define(MODEL_NAME, Type.STRING, DEFAULT_MODEL_NAME, (name, value) -> requireModelName(name, value), Importance.MEDIUM, MODEL_NAME_DOC)
            .define(MODELS, Type.LIST, "", (name, value) -> ((List<?>) value).forEach(m -> requireModelName(name, m)), Importance.MEDIUM, MODELS_DOC)
            .define(ATTRIBUTES_MAX_COUNT, Type.INT, ATTRIBUTES_MAX_COUNT_DEFAULT, ConfigDef.Range.between(1, 4096), Importance.LOW, ATTRIBUTES_MAX_COUNT_DOC)
            .define(ATTRIBUTES_MAX_NAME_CHARS, Type.INT, ATTRIBUTES_MAX_NAME_CHARS_DEFAULT, ConfigDef.Range.between(1, 4096), Importance.LOW, ATTRIBUTES_MAX_NAME_CHARS_DOC)
            .define(ATTRIBUTES_MAX_VALUE_CHARS, Type.INT, ATTRIBUTES_MAX_VALUE_CHARS_DEFAULT, ConfigDef.Range.between(1, 65_536), Importance.LOW, ATTRIBUTES_MAX_VALUE_CHARS_DOC)
            .define(EMIT, Type.STRING, EMIT_CHANGES, ValidString.in(EMIT_CHANGES, EMIT_ALWAYS), Importance.MEDIUM, EMIT_DOC)
            .define(PROCESSING_GUARANTEE, Type.STRING, StreamsConfig.EXACTLY_ONCE_V2,
                    ValidString.in(StreamsConfig.EXACTLY_ONCE_V2, StreamsConfig.AT_LEAST_ONCE), Importance.HIGH, PROCESSING_GUARANTEE_DOC)
            .define(NUM_STANDBY_REPLICAS, Type.INT, 0, ConfigDef.Range.atLeast(0), Importance.MEDIUM, NUM_STANDBY_REPLICAS_DOC)
            .define(STATE_DIR, Type.STRING, STATE_DIR_DEFAULT, Importance.MEDIUM, STATE_DIR_DOC)
            .define(APPLICATION_SERVER, Type.STRING, "", Importance.MEDIUM, APPLICATION_SERVER_DOC)
            .define(HTTP_HOST, Type.STRING, "127.0.0.1", Importance.MEDIUM, HTTP_HOST_DOC)
            .define(HTTP_PORT, Type.INT, 8080, ConfigDef.Range.between(0, 65535), Importance.MEDIUM, HTTP_PORT_DOC)
            .define(HTTP_AUTH_TOKEN, Type.PASSWORD, null, Importance.MEDIUM, HTTP_AUTH_TOKEN_DOC)
            .define(HTTP_MAX_BODY_BYTES, Type.INT, 65_536, ConfigDef.Range.between(1024, 16 * 1024 * 1024), Importance.LOW, HTTP_MAX_BODY_BYTES_DOC)
            .define(HTTP_FORWARD_TIMEOUT_MS, Type.LONG, 3_000L, ConfigDef.Range.atLeast(1), Importance.LOW, HTTP_FORWARD_TIMEOUT_MS_DOC)
            .define(SEGMENT_COUNT_INTERVAL_MS, Type.LONG, 30_000L, ConfigDef.Range.atLeast(100), Importance.LOW, SEGMENT_COUNT_INTERVAL_MS_DOC)
            .define(READINESS_REPLACEMENTS_MAX, Type.INT, 3, ConfigDef.Range.atLeast(0), Importance.LOW, READINESS_REPLACEMENTS_MAX_DOC)
            .define(READINESS_WINDOW_MS, Type.LONG, 600_000L, ConfigDef.Range.atLeast(1000), Importance.LOW, READINESS_WINDOW_MS_DOC)
            .define(READINESS_STUCK_MS, Type.LONG, 300_000L, ConfigDef.Range.atLeast(1000), Importance.LOW, READINESS_STUCK_MS_DOC)
            .define(READINESS_CHECK_INTERVAL_MS, Type.LONG, 5_000L, ConfigDef.Range.atLeast(100), Importance.LOW, READINESS_CHECK_INTERVAL_MS_DOC);

    private static void requireModelName(String name, Object value) {
        if (value == null || !ModelKeys.NAME.matcher(value.toString()).matches()) {
            throw new ConfigException(name, value, ModelKeys.NAME_RULE);
        }
    }

    public SegmenterConfig(Map<?, ?> originals) {
        super(DEFINITION, originals, false);
        if (getInt(BUCKET_DAYS) > Math.max(1, getInt(HORIZON_DAYS)) && getInt(HORIZON_DAYS) > 0) {
            throw new ConfigException(BUCKET_DAYS, getInt(BUCKET_DAYS), "bucket width must not exceed the horizon");
        }
        currencyRates(); // validates the list
        if (new HashSet<>(scoringModels()).size() != scoringModels().size()) {
            throw new ConfigException(MODELS, getList(MODELS), "a model name appears twice");
        }
        Password token = getPassword(HTTP_AUTH_TOKEN);
        String exposed = Exposure.problem(getString(HTTP_HOST), token == null ? null : token.value(), HTTP_AUTH_TOKEN, envName(HTTP_AUTH_TOKEN));
        if (exposed != null) {
            throw new ConfigException(exposed);
        }
    }

    /**
     * Loads defaults, then {@code file} (may be null), then matching environment variables, then
     * {@code overrides}.
     */
    public static SegmenterConfig load(Path file, Map<String, String> env, Map<String, String> overrides) {
        return new SegmenterConfig(ClientSettings.load(file, env, envOverridableKeys(), overrides));
    }

    /** The environment variable that overrides {@code key}: {@code a.b-c} becomes {@code SEGMENTER_A_B_C}. */
    public static String envName(String key) {
        return ClientSettings.envName(key);
    }

    /**
     * Keys an environment variable can set: this class's, Kafka Streams', every Kafka client setting (SASL,
     * TLS...) bare and with the prefixes Kafka Streams gives its clients, and the serdes' registry settings
     * (the serdes read them from {@link #originals()}).
     */
    public static Set<String> envOverridableKeys() {
        Set<String> keys = new TreeSet<>(DEFINITION.names());
        keys.addAll(StreamsConfig.configDef().names());
        Set<String> client = ClientSettings.clientKeys();
        keys.addAll(client);
        for (String prefix : List.of(StreamsConfig.PRODUCER_PREFIX, StreamsConfig.CONSUMER_PREFIX, StreamsConfig.MAIN_CONSUMER_PREFIX,
                StreamsConfig.RESTORE_CONSUMER_PREFIX, StreamsConfig.GLOBAL_CONSUMER_PREFIX, StreamsConfig.ADMIN_CLIENT_PREFIX)) {
            client.forEach(k -> keys.add(prefix + k));
        }
        return keys;
    }

    /** Fixed rates into the reporting currency by ISO code (the reporting currency itself maps to 1). */
    public Map<String, Double> currencyRates() {
        Map<String, Double> rates = new HashMap<>();
        rates.put(getString(REPORTING_CURRENCY), 1.0);
        for (String entry : getList(CURRENCY_RATES)) {
            String[] parts = entry.split("[=:]", 2);
            if (parts.length != 2) {
                throw new ConfigException(CURRENCY_RATES, entry, "expected CODE=rate");
            }
            double rate;
            try {
                rate = Double.parseDouble(parts[1].trim());
            } catch (NumberFormatException e) {
                throw new ConfigException(CURRENCY_RATES, entry, "rate is not a number");
            }
            if (!Double.isFinite(rate) || rate <= 0) {
                throw new ConfigException(CURRENCY_RATES, entry, "rate must be positive");
            }
            rates.put(parts[0].trim().toUpperCase(Locale.ROOT), rate);
        }
        return rates;
    }

    /** Every model the app scores, the primary first: {@link #MODELS}, or {@link #MODEL_NAME} alone when that is empty. */
    public List<String> scoringModels() {
        List<String> models = getList(MODELS);
        return models.isEmpty() ? List.of(getString(MODEL_NAME)) : List.copyOf(models);
    }

    /** The topic a model's assignments go to: {@link #TOPIC_SEGMENTS} for the primary, {@code TOPIC_SEGMENTS-name} for the others. */
    public String segmentsTopic(String model) {
        String base = getString(TOPIC_SEGMENTS);
        return model.equals(scoringModels().getFirst()) ? base : base + "-" + model;
    }

    public boolean streamClock() {
        return CLOCK_STREAM.equals(getString(CLOCK));
    }

    public boolean emitAlways() {
        return EMIT_ALWAYS.equals(getString(EMIT));
    }

    /** Settings this class does not define (Kafka client and Streams settings), passed through unchanged. */
    public Map<String, Object> passThrough() {
        Map<String, Object> rest = new HashMap<>(originals());
        DEFINITION.names().forEach(rest::remove);
        return rest;
    }
}
