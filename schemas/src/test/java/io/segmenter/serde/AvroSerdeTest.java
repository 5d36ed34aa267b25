package io.segmenter.serde;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segmenter.avro.CustomerProfile;
import io.segmenter.avro.SegmentAssignment;
import io.segmenter.avro.SegmentModel;
import io.segmenter.avro.Transaction;
import io.segmenter.avro.TransactionKind;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AvroSerdeTest {

    private static final String TOPIC = "transactions";

    private FakeSchemaRegistry registry;

    @BeforeEach
    void startRegistry() throws IOException {
        registry = new FakeSchemaRegistry();
    }

    @AfterEach
    void stopRegistry() {
        registry.close();
    }

    static Stream<SpecificRecord> allRecords() {
        return Stream.of(SampleRecords.transaction(), SampleRecords.profile(), SampleRecords.assignment(), SampleRecords.model());
    }

    private Map<String, Object> registryConfig() {
        return Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registry.url());
    }

    @SuppressWarnings("unchecked")
    private static <T extends SpecificRecord> AvroSerde<T> serdeFor(T record, Map<String, ?> configs) {
        return AvroSerde.of((Class<T>) record.getClass(), configs);
    }

    @ParameterizedTest
    @MethodSource("allRecords")
    void shouldRoundTripEveryRecordInSingleObjectEncoding(SpecificRecord record) {
        AvroSerde<SpecificRecord> serde = serdeFor(record, Map.of());
        byte[] bytes = serde.serialize(TOPIC, record);
        assertEquals((byte) 0xC3, bytes[0]);
        assertEquals((byte) 0x01, bytes[1]);
        assertEquals(record, serde.deserialize(TOPIC, bytes));
    }

    @ParameterizedTest
    @MethodSource("allRecords")
    void shouldRoundTripEveryRecordInRegistryFraming(SpecificRecord record) {
        AvroSerde<SpecificRecord> writer = serdeFor(record, registryConfig());
        byte[] bytes = writer.serialize(TOPIC, record);
        assertEquals(0, bytes[0]);
        // a fresh serde (empty caches) fetches the writer schema by id
        AvroSerde<SpecificRecord> reader = serdeFor(record, registryConfig());
        assertEquals(record, reader.deserialize(TOPIC, bytes));
        assertTrue(registry.requests().stream().anyMatch(r -> r.startsWith("GET /schemas/ids/")), registry.requests().toString());
    }

    @Test
    void shouldRegisterUnderTopicNameStrategySubjects() {
        AvroSerde.of(Transaction.class, registryConfig()).serialize("transactions", SampleRecords.transaction());
        AvroSerde.forKeys(Transaction.class, registryConfig()).serialize("transactions", SampleRecords.transaction());
        assertEquals(1, registry.versions("transactions-value").size());
        assertEquals(1, registry.versions("transactions-key").size());
        assertEquals(SchemaRegistryClient.CONTENT_TYPE, registry.lastContentType());
    }

    @Test
    void shouldCacheRegistrationAndLookupBetweenRecords() {
        AvroSerde<Transaction> serde = AvroSerde.of(Transaction.class, registryConfig());
        byte[] first = serde.serialize(TOPIC, SampleRecords.transaction());
        serde.serialize(TOPIC, SampleRecords.transaction());
        AvroSerde<Transaction> reader = AvroSerde.of(Transaction.class, registryConfig());
        reader.deserialize(TOPIC, first);
        reader.deserialize(TOPIC, first);
        assertEquals(List.of("POST /subjects/transactions-value/versions", "GET /schemas/ids/1"), registry.requests());
    }

    @Test
    void shouldReadSingleObjectBytesWhenRegistryConfiguredAndViceVersa() {
        Transaction transaction = SampleRecords.transaction();
        AvroSerde<Transaction> plain = AvroSerde.of(Transaction.class, Map.of());
        AvroSerde<Transaction> withRegistry = AvroSerde.of(Transaction.class, registryConfig());
        assertEquals(transaction, withRegistry.deserialize(TOPIC, plain.serialize(TOPIC, transaction)));
        SerdeException e = assertThrows(SerdeException.class,
                () -> plain.deserialize(TOPIC, withRegistry.serialize(TOPIC, transaction)));
        assertTrue(e.getMessage().contains("0x00") && e.getMessage().contains("schema.registry.url"), e.getMessage());
    }

    @Test
    void shouldReadSingleObjectBytesWrittenWithAnOlderSchemaRegisteredInTheStore() {
        Schema old = OlderSchemas.transactionWithoutOptionalFields();
        byte[] bytes = OlderSchemas.singleObject(OlderSchemas.oldTransaction(old));
        AvroSerde<Transaction> serde = AvroSerde.of(Transaction.class, Map.of());
        assertThrows(SerdeException.class, () -> serde.deserialize(TOPIC, bytes), "unknown until registered");

        serde.addWriterSchema(old);
        Transaction read = serde.deserialize(TOPIC, bytes);
        assertEquals("INV-1", read.getTransactionId());
        assertEquals(SampleRecords.T0.toEpochMilli(), read.getEventTime().toEpochMilli());
        assertEquals(995L, read.getAmountMinor());
        assertEquals(TransactionKind.REFUND, read.getKind());
        assertNull(read.getLineCount());
        assertNull(read.getChannel());
    }

    @Test
    void shouldReadRegistryBytesWrittenWithAnOlderSchemaFetchedById() {
        Schema old = OlderSchemas.transactionWithoutOptionalFields();
        registry.put(7, old);
        byte[] bytes = OlderSchemas.registryFramed(7, OlderSchemas.oldTransaction(old));
        Transaction read = AvroSerde.of(Transaction.class, registryConfig()).deserialize(TOPIC, bytes);
        assertEquals("C-1", read.getCustomerId());
        assertEquals(TransactionKind.REFUND, read.getKind());
        assertNull(read.getLineCount());
        assertNull(read.getChannel());
    }

    @Test
    void shouldPassNullThroughAsTombstone() {
        AvroSerde<SegmentAssignment> serde = AvroSerde.of(SegmentAssignment.class, registryConfig());
        assertNull(serde.serialize(TOPIC, null));
        assertNull(serde.deserialize(TOPIC, null));
    }

    @Test
    void shouldWriteRegistryFramingOnlyWhenUrlConfigured() {
        assertFalse(AvroSerde.of(CustomerProfile.class, Map.of()).usesRegistry());
        assertTrue(AvroSerde.of(CustomerProfile.class, registryConfig()).usesRegistry());
        assertFalse(AvroSerde.of(CustomerProfile.class, Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, " ")).usesRegistry());
    }

    // --- corrupt input ---

    private static String failure(AvroSerde<?> serde, byte[] bytes) {
        return assertThrows(SerdeException.class, () -> serde.deserialize(TOPIC, bytes)).getMessage();
    }

    @Test
    void shouldRejectEmptyValue() {
        assertTrue(failure(AvroSerde.of(Transaction.class, Map.of()), new byte[0]).contains("empty value"));
    }

    @Test
    void shouldRejectUnknownMagicByteNamingIt() {
        String message = failure(AvroSerde.of(Transaction.class, Map.of()), new byte[] {0x7B, 0x22, 0x61});
        assertTrue(message.contains("unknown magic byte 0x7B"), message);
    }

    @Test
    void shouldRejectWrongSecondMagicByte() {
        byte[] bytes = AvroSerde.of(Transaction.class, Map.of()).serialize(TOPIC, SampleRecords.transaction());
        bytes[1] = 0x02;
        String message = failure(AvroSerde.of(Transaction.class, Map.of()), bytes);
        assertTrue(message.contains("C3 followed by 02"), message);
    }

    @Test
    void shouldRejectTruncatedSingleObjectBody() {
        AvroSerde<Transaction> serde = AvroSerde.of(Transaction.class, Map.of());
        byte[] bytes = serde.serialize(TOPIC, SampleRecords.transaction());
        String message = failure(serde, Arrays.copyOf(bytes, bytes.length - 6));
        assertTrue(message.contains("corrupt Avro body"), message);
        message = failure(serde, Arrays.copyOf(bytes, 6));
        assertTrue(message.contains("truncated single-object header"), message);
    }

    @Test
    void shouldRejectTruncatedRegistryBody() {
        AvroSerde<Transaction> serde = AvroSerde.of(Transaction.class, registryConfig());
        byte[] bytes = serde.serialize(TOPIC, SampleRecords.transaction());
        String message = failure(serde, Arrays.copyOf(bytes, bytes.length - 6));
        assertTrue(message.contains("corrupt Avro body (schema id 1"), message);
        message = failure(serde, Arrays.copyOf(bytes, 3));
        assertTrue(message.contains("truncated schema registry header"), message);
    }

    @Test
    void shouldRejectTrailingBytesAfterSingleObjectBody() {
        AvroSerde<Transaction> serde = new AvroSerde<>(Transaction.class);
        byte[] bytes = serde.serialize(TOPIC, SampleRecords.transaction());
        String message = failure(serde, Arrays.copyOf(bytes, bytes.length + 3));
        assertTrue(message.contains("3 trailing bytes"), message);
    }

    @Test
    void shouldRejectTrailingBytesAfterRegistryBody() {
        AvroSerde<Transaction> serde = AvroSerde.of(Transaction.class, registryConfig());
        byte[] bytes = serde.serialize(TOPIC, SampleRecords.transaction());
        String message = failure(serde, Arrays.copyOf(bytes, bytes.length + 2));
        assertTrue(message.contains("trailing bytes"), message);
    }

    @Test
    void shouldRejectUnknownFingerprintNamingIt() {
        AvroSerde<Transaction> serde = AvroSerde.of(Transaction.class, Map.of());
        byte[] bytes = serde.serialize(TOPIC, SampleRecords.transaction());
        for (int i = 2; i < 10; i++) {
            bytes[i] = (byte) 0xAB;
        }
        String message = failure(serde, bytes);
        assertTrue(message.contains("unknown writer schema fingerprint abababababababab for Transaction"), message);
    }

    @Test
    void shouldRejectUnknownRegistryIdNamingItAndTheRegistryAnswer() {
        byte[] bytes = {0, 0, 0, 0x01, 0x2C, 2, 0x41};
        String message = failure(AvroSerde.of(Transaction.class, registryConfig()), bytes);
        assertTrue(message.contains("unknown writer schema id 300"), message);
        assertTrue(message.contains("HTTP 404") && message.contains("Schema 300 not found") && message.contains(registry.url()), message);
    }

    @Test
    void shouldRejectRecordOfAnotherTypeInRegistryFraming() {
        byte[] modelBytes = AvroSerde.of(SegmentModel.class, registryConfig()).serialize("segment-models", SampleRecords.model());
        String message = failure(AvroSerde.of(Transaction.class, registryConfig()), modelBytes);
        assertTrue(message.contains("Transaction"), message);
    }
}
