package io.segmenter.app;

import io.segmenter.app.config.SegmenterConfig;
import io.segmenter.app.metrics.SegmenterMetrics;
import io.segmenter.app.model.ModelsInUse;
import io.segmenter.app.process.Checked;
import io.segmenter.app.process.CheckedAttributes;
import io.segmenter.app.process.CustomerCommand;
import io.segmenter.app.process.CustomerPartitioning;
import io.segmenter.app.process.CustomerProcessor;
import io.segmenter.app.process.ErasureRouting;
import io.segmenter.app.process.FoldSettings;
import io.segmenter.app.process.ModelStoreUpdater;
import io.segmenter.app.process.UnwritableCustomers;
import io.segmenter.app.process.ValidateAttributesProcessor;
import io.segmenter.app.process.ValidateProcessor;
import io.segmenter.app.profile.CurrencyConverter;
import io.segmenter.app.state.CachedCustomerStates;
import io.segmenter.app.state.CustomerStateSerde;
import io.segmenter.app.state.StoreNames;
import io.segmenter.app.validate.AttributesValidator;
import io.segmenter.app.validate.TransactionDecoder;
import io.segmenter.app.validate.TransactionValidator;
import io.segmenter.avro.CustomerAttributes;
import io.segmenter.avro.CustomerProfile;
import io.segmenter.avro.SegmentAssignment;
import io.segmenter.avro.SegmentModel;
import io.segmenter.avro.Transaction;
import io.segmenter.serde.AvroSerde;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The one topology of streams-app, shared by the runner and the tests; builds, never connects.
 *
 * <pre>
 * transactions (raw bytes) -> validate -> rejected: original bytes + headers -> transactions-dlq
 *                                      -> keyed by customer id, on its partition ----------\
 *                                      -> other keys or partitions -> repartition by customer -> merge -> customer processor
 * customer-erasures -> on its partition, or through a repartition ----------------------/        |
 * customer-attributes (raw) -> validate -> rejected -> transactions-dlq; valid: in place or repartitioned ----/
 * segment-models -> global model store (validated) -> ModelsInUse ........ read by ...............+
 *   customer processor (one state record per customer, cached as objects) -> segment-output -> customer-segments
 *                                                      -> segment-output-NAME (each other model) -> customer-segments-NAME
 *                                                      -> profile-output (on cache flush)   -> customer-profiles
 *                                                      -> refused-output (dedupe retention) -> transactions-dlq
 *                                                      -> refused-attributes-output (attribute limit) -> transactions-dlq
 * </pre>
 */
public final class SegmenterTopology {

    private SegmenterTopology() {}

    /** The topology over single-partition inputs (the test driver's). */
    public static Topology build(SegmenterConfig config, SegmenterMetrics metrics, TransactionDecoder decoder) {
        return build(config, metrics, decoder, new ModelsInUse(config.scoringModels()), new CustomerPartitioning(1),
                new UnwritableCustomers());
    }

    /**
     * The topology whose global store updater keeps {@code models} (which the API and readiness read too);
     * {@code partitioning} tells which input partition holds each customer (the runner reads it from the broker);
     * {@code unwritable} is filled by the production exception handler ({@link StreamsSettings}).
     */
    public static Topology build(SegmenterConfig config, SegmenterMetrics metrics, TransactionDecoder decoder, ModelsInUse models,
            CustomerPartitioning partitioning, UnwritableCustomers unwritable) {
        Map<String, Object> serdeConfigs = config.originals();
        Serde<Transaction> transactionSerde = AvroSerde.of(Transaction.class, serdeConfigs);
        Serde<CustomerProfile> profileSerde = AvroSerde.of(CustomerProfile.class, serdeConfigs);
        Serde<SegmentAssignment> assignmentSerde = AvroSerde.of(SegmentAssignment.class, serdeConfigs);
        AvroSerde<SegmentModel> modelSerde = AvroSerde.of(SegmentModel.class, serdeConfigs);
        CurrencyConverter currencies = new CurrencyConverter(config.getString(SegmenterConfig.REPORTING_CURRENCY), config.currencyRates());
        TransactionValidator validator = new TransactionValidator(currencies,
                config.getLong(SegmenterConfig.AMOUNT_MAX_MINOR), config.getLong(SegmenterConfig.EVENT_TIME_MAX_FUTURE_MS),
                config.getLong(SegmenterConfig.EVENT_TIME_MIN_MS), config.getInt(SegmenterConfig.ID_MAX_CHARS));
        FoldSettings settings = FoldSettings.from(config);
        String dlqTopic = config.getString(SegmenterConfig.TOPIC_DLQ);

        StreamsBuilder builder = new StreamsBuilder();

        StoreBuilder<KeyValueStore<String, SegmentModel>> modelStore = Stores.keyValueStoreBuilder(
                // the store holds validated models in memory only: its own encoding, never the registry's
                Stores.inMemoryKeyValueStore(StoreNames.MODELS), Serdes.String(), AvroSerde.of(SegmentModel.class, Map.of())).withLoggingDisabled();
        builder.addGlobalStore(modelStore, config.getString(SegmenterConfig.TOPIC_MODELS),
                Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("segment-models"),
                () -> new ModelStoreUpdater(StoreNames.MODELS, models, metrics, modelSerde));

        builder.addStateStore(CachedCustomerStates.builder(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.CUSTOMER_STATE),
                Serdes.String(), new CustomerStateSerde()), config.getInt(SegmenterConfig.CUSTOMER_CACHE_MAX_ENTRIES)));
        builder.addStateStore(cached(StoreNames.DUE_INDEX, Serdes.Bytes(), Serdes.ByteArray()));
        builder.addStateStore(cached(StoreNames.DEDUPE_ARCHIVE, Serdes.Bytes(), Serdes.ByteArray()));
        builder.addStateStore(cached(StoreNames.CLOCK, Serdes.String(), Serdes.Long()));
        builder.addStateStore(cached(StoreNames.OUTCOMES, Serdes.String(), Serdes.Long()));

        KStream<byte[], Checked> checked = builder
                .stream(config.getString(SegmenterConfig.TOPIC_TRANSACTIONS),
                        Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("transactions-source"))
                .processValues(() -> new ValidateProcessor(decoder, validator, metrics, config.getInt(SegmenterConfig.RECORD_MAX_BYTES), partitioning),
                        Named.as("validate-transactions"), StoreNames.OUTCOMES);

        Map<String, KStream<byte[], Checked>> routes = checked.split(Named.as("route-"))
                .branch((k, v) -> !v.valid(), Branched.as("rejected"))
                .branch((k, v) -> v.inPlace(), Branched.as("keyed"))
                .defaultBranch(Branched.as("other-keys"));

        routes.get("route-rejected")
                .map((k, v) -> KeyValue.pair(v.deadKey(), v.raw()), Named.as("dlq-original-value"))
                .to(dlqTopic, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("transactions-dlq-sink"));

        KStream<String, Transaction> keyed = routes.get("route-keyed")
                .map((k, v) -> KeyValue.pair(v.transaction().getCustomerId(), v.transaction()), Named.as("keyed-as-customer-id"));
        KStream<String, Transaction> rekeyed = routes.get("route-other-keys")
                .map((k, v) -> KeyValue.pair(v.transaction().getCustomerId(), v.transaction()), Named.as("rekey-by-customer-id"))
                .repartition(Repartitioned.with(Serdes.String(), transactionSerde).withName(StoreNames.REPARTITION_BY_CUSTOMER));

        KStream<String, CustomerCommand> transactions = keyed.merge(rekeyed, Named.as("merge-by-customer"))
                .mapValues(CustomerCommand::new, Named.as("as-transaction-command"));
        Map<String, KStream<String, Boolean>> erasureRoutes = builder
                .stream(config.getString(SegmenterConfig.TOPIC_ERASURES),
                        Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("customer-erasures-source"))
                .processValues(() -> new ErasureRouting(partitioning, metrics), Named.as("route-erasures"))
                .split(Named.as("erasure-"))
                .branch((k, inPlace) -> inPlace, Branched.as("in-place"))
                .defaultBranch(Branched.as("other-partition"));
        KStream<String, CustomerCommand> attributes = attributeCommands(builder, config, metrics, partitioning, dlqTopic, serdeConfigs);
        KStream<String, CustomerCommand> erasures = erasureRoutes.get("erasure-in-place")
                .merge(erasureRoutes.get("erasure-other-partition")
                        .repartition(Repartitioned.with(Serdes.String(), Serdes.Boolean()).withName(StoreNames.REPARTITION_ERASURES)),
                        Named.as("merge-erasures"))
                .mapValues(v -> CustomerCommand.erase(), Named.as("as-erasure-command"));

        // the processor forwards each kind of output to its own named child (context.forward(record, child))
        KStream<String, Object> outputs = transactions.merge(erasures, Named.as("merge-commands"))
                .merge(attributes, Named.as("merge-attribute-commands"))
                .process(() -> new CustomerProcessor(settings, currencies, models, metrics, unwritable), Named.as("customer-processor"),
                        StoreNames.CUSTOMER_STATE, StoreNames.DUE_INDEX, StoreNames.DEDUPE_ARCHIVE, StoreNames.CLOCK, StoreNames.OUTCOMES);
        List<String> scoring = config.scoringModels();
        for (String model : scoring) {
            String child = CustomerProcessor.segmentsChild(scoring, model);
            String sink = child.equals(CustomerProcessor.SEGMENTS) ? "customer-segments-sink" : "customer-segments-" + model + "-sink";
            // each node passes on only what was forwarded to it by name
            outputs.mapValues(SegmentAssignment.class::cast, Named.as(child))
                    .to(config.segmentsTopic(model), Produced.with(Serdes.String(), assignmentSerde).withName(sink));
        }
        outputs.mapValues(v -> settings.stamp((CustomerProfile) v), Named.as(CustomerProcessor.PROFILES))
                .to(config.getString(SegmenterConfig.TOPIC_PROFILES),
                        Produced.with(Serdes.String(), profileSerde).withName("customer-profiles-sink"));
        outputs.mapValues(v -> transactionSerde.serializer().serialize(dlqTopic, (Transaction) v), Named.as(CustomerProcessor.REFUSED))
                .to(dlqTopic, Produced.with(Serdes.String(), Serdes.ByteArray()).withName("refused-transactions-dlq-sink"));
        Serde<CustomerAttributes> attributesSerde = AvroSerde.of(CustomerAttributes.class, serdeConfigs);
        outputs.mapValues(v -> attributesSerde.serializer().serialize(dlqTopic, (CustomerAttributes) v), Named.as(CustomerProcessor.REFUSED_ATTRIBUTES))
                .to(dlqTopic, Produced.with(Serdes.String(), Serdes.ByteArray()).withName("refused-attributes-dlq-sink"));
        return builder.build();
    }

    /**
     * customer-attributes as processor commands: decoded and checked (rejects to the DLQ with the original
     * bytes), then on the customer's partition or through their own repartition topic. A tombstone stays a
     * null value until it becomes a "clear attributes" command.
     */
    private static KStream<String, CustomerCommand> attributeCommands(StreamsBuilder builder, SegmenterConfig config, SegmenterMetrics metrics,
            CustomerPartitioning partitioning, String dlqTopic, Map<String, Object> serdeConfigs) {
        AvroSerde<CustomerAttributes> serde = AvroSerde.of(CustomerAttributes.class, serdeConfigs);
        AttributesValidator validator = new AttributesValidator(config.getInt(SegmenterConfig.ID_MAX_CHARS),
                config.getInt(SegmenterConfig.ATTRIBUTES_MAX_COUNT), config.getInt(SegmenterConfig.ATTRIBUTES_MAX_NAME_CHARS),
                config.getInt(SegmenterConfig.ATTRIBUTES_MAX_VALUE_CHARS));
        Map<String, KStream<byte[], CheckedAttributes>> routes = builder
                .stream(config.getString(SegmenterConfig.TOPIC_ATTRIBUTES),
                        Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("customer-attributes-source"))
                .processValues(() -> new ValidateAttributesProcessor(serde, validator, metrics, config.getInt(SegmenterConfig.RECORD_MAX_BYTES),
                        partitioning), Named.as("validate-attributes"))
                .split(Named.as("attributes-"))
                .branch((k, v) -> !v.valid(), Branched.as("rejected"))
                .branch((k, v) -> v.inPlace(), Branched.as("in-place"))
                .defaultBranch(Branched.as("other-partition"));
        routes.get("attributes-rejected")
                .map((k, v) -> KeyValue.pair(v.deadKey(), v.raw()), Named.as("attributes-dlq-original-value"))
                .to(dlqTopic, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("attributes-dlq-sink"));
        KStream<String, CustomerAttributes> inPlace = routes.get("attributes-in-place")
                .map((k, v) -> KeyValue.pair(new String(k, StandardCharsets.UTF_8), v.attributes()), Named.as("attributes-keyed-as-customer-id"));
        KStream<String, CustomerAttributes> moved = routes.get("attributes-other-partition")
                .map((k, v) -> KeyValue.pair(new String(k, StandardCharsets.UTF_8), v.attributes()), Named.as("attributes-rekey"))
                .repartition(Repartitioned.with(Serdes.String(), serde).withName(StoreNames.REPARTITION_ATTRIBUTES));
        return inPlace.merge(moved, Named.as("merge-attributes")).mapValues(CustomerCommand::attributes, Named.as("as-attributes-command"));
    }

    /**
     * A persistent, changelogged store behind the record cache: repeated writes of a key within a commit
     * interval reach RocksDB and the changelog once. (The customer states have their own object cache.)
     */
    private static <K, V> StoreBuilder<KeyValueStore<K, V>> cached(String name, Serde<K> keys, Serde<V> values) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), keys, values).withCachingEnabled();
    }
}
