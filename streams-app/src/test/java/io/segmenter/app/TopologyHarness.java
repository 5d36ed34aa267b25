package io.segmenter.app;

import io.segmenter.app.state.StoreNames;
import io.segmenter.app.config.SegmenterConfig;
import io.segmenter.app.model.ModelsInUse;
import io.segmenter.app.process.CustomerPartitioning;
import io.segmenter.app.process.UnwritableCustomers;
import io.segmenter.app.metrics.SegmenterMetrics;
import io.segmenter.app.state.CustomerState;
import io.segmenter.app.validate.TransactionDecoders;
import io.segmenter.avro.CustomerAttributes;
import io.segmenter.avro.CustomerProfile;
import io.segmenter.avro.SegmentAssignment;
import io.segmenter.avro.SegmentModel;
import io.segmenter.avro.Transaction;
import io.segmenter.serde.AvroSerde;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;

/** The production topology in a TopologyTestDriver, with typed input and output topics. */
public final class TopologyHarness implements AutoCloseable {

    public final SegmenterConfig config;
    public final SegmenterMetrics metrics = SegmenterMetrics.inMemory();
    public final ModelsInUse modelsInUse;
    public final Topology topology;
    public final TopologyTestDriver driver;
    public final TestInputTopic<byte[], byte[]> rawTransactions;
    public final TestInputTopic<String, byte[]> models;
    public final TestInputTopic<String, byte[]> erasures;
    public final TestInputTopic<String, byte[]> attributes;
    public final TestOutputTopic<String, CustomerProfile> profiles;
    public final TestOutputTopic<String, SegmentAssignment> segments;
    public final TestOutputTopic<byte[], byte[]> dlq;
    private final AvroSerde<Transaction> transactionSerde = new AvroSerde<>(Transaction.class);
    private final AvroSerde<SegmentModel> modelSerde = new AvroSerde<>(SegmentModel.class);
    private final AvroSerde<CustomerAttributes> attributesSerde = new AvroSerde<>(CustomerAttributes.class);

    public TopologyHarness(Map<String, ?> overrides) {
        Map<String, Object> props = new HashMap<>();
        props.put(SegmenterConfig.CLOCK, SegmenterConfig.CLOCK_STREAM);
        props.put(SegmenterConfig.TICK_INTERVAL_MS, 1000L);
        props.putAll(overrides);
        config = new SegmenterConfig(props);
        modelsInUse = new ModelsInUse(config.scoringModels());
        topology = SegmenterTopology.build(config, metrics, TransactionDecoders.forConfig(config), modelsInUse, new CustomerPartitioning(1),
                new UnwritableCustomers());
        Properties streams = StreamsSettings.from(config, metrics);
        streams.put(StreamsConfig.STATE_DIR_CONFIG, "target/ttd-state/" + System.nanoTime());
        driver = new TopologyTestDriver(topology, streams, Fixtures.WALL);
        rawTransactions = driver.createInputTopic("transactions", new ByteArraySerializer(), new ByteArraySerializer());
        models = driver.createInputTopic("segment-models", new StringSerializer(), new ByteArraySerializer());
        erasures = driver.createInputTopic("customer-erasures", new StringSerializer(), new ByteArraySerializer());
        attributes = driver.createInputTopic("customer-attributes", new StringSerializer(), new ByteArraySerializer());
        profiles = driver.createOutputTopic("customer-profiles", new StringDeserializer(), new AvroSerde<>(CustomerProfile.class));
        segments = driver.createOutputTopic("customer-segments", new StringDeserializer(), new AvroSerde<>(SegmentAssignment.class));
        dlq = driver.createOutputTopic("transactions-dlq", new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    public TopologyHarness() {
        this(Map.of());
    }

    /** Sends a transaction keyed by its customer id. */
    public void send(Transaction t) {
        send(t.getCustomerId(), t);
    }

    public void send(String key, Transaction t) {
        rawTransactions.pipeInput(key == null ? null : key.getBytes(StandardCharsets.UTF_8), transactionSerde.serialize("transactions", t),
                t.getEventTime());
    }

    /** Writes a customer-attributes record keyed by its customer id. */
    public void send(CustomerAttributes a) {
        attributes.pipeInput(a.getCustomerId(), attributesSerde.serialize("customer-attributes", a), a.getEventTime());
    }

    /** A tombstone on customer-attributes: every attribute of the customer removed. */
    public void clearAttributes(String customerId) {
        attributes.pipeInput(customerId, null);
    }

    /** The assignments of model {@code model} (customer-segments for the primary, customer-segments-NAME for the others). */
    public TestOutputTopic<String, SegmentAssignment> segments(String model) {
        return driver.createOutputTopic(config.segmentsTopic(model), new StringDeserializer(), new AvroSerde<>(SegmentAssignment.class));
    }

    public void publish(SegmentModel model) {
        publish(model.getName(), model);
    }

    /** Writes {@code model} under {@code key} (null: a tombstone), e.g. a shadow candidate's key. */
    public void publish(String key, SegmentModel model) {
        models.pipeInput(key, model == null ? null : modelSerde.serialize("segment-models", model));
    }

    public void tick() {
        driver.advanceWallClockTime(Duration.ofMillis(config.getLong(SegmenterConfig.TICK_INTERVAL_MS)));
    }

    public KeyValueStore<String, CustomerState> stateStore() {
        return driver.getKeyValueStore(StoreNames.CUSTOMER_STATE);
    }

    /** The customer's state, or null. */
    public CustomerState state(String customerId) {
        return stateStore().get(customerId);
    }

    /** The customer's profile in the state store, or null. */
    public CustomerProfile profile(String customerId) {
        CustomerState s = state(customerId);
        return s == null ? null : s.profile();
    }

    /** The customer's current assignment by the rfm model in the state store, or null. */
    public SegmentAssignment assignment(String customerId) {
        return assignment(customerId, "rfm");
    }

    /** The customer's current assignment by model {@code model} in the state store, or null. */
    public SegmentAssignment assignment(String customerId, String model) {
        CustomerState s = state(customerId);
        return s == null ? null : s.assignment(model);
    }

    @Override
    public void close() {
        driver.close();
    }
}
