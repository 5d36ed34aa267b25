package io.segmenter.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.segmenter.avro.Transaction;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class TransactionFormatTest {

    @Test
    void shouldDefaultToAvro() {
        assertEquals(TransactionFormat.AVRO, TransactionFormat.of(Map.of()));
        assertInstanceOf(AvroSerde.class, TransactionFormat.deserializer(Map.of()));
    }

    @Test
    void shouldChooseJsonWhenConfigured() {
        assertInstanceOf(TransactionJsonDeserializer.class,
                TransactionFormat.deserializer(Map.of(TransactionFormat.INPUT_FORMAT, "JSON")));
        Serde<Transaction> serde = TransactionFormat.serde(Map.of(TransactionFormat.INPUT_FORMAT, "json"));
        byte[] json = "{\"transactionId\":\"t\",\"customerId\":\"c\",\"eventTime\":5,\"amountMinor\":1,\"currency\":\"GBP\",\"kind\":\"PURCHASE\"}"
                .getBytes(StandardCharsets.UTF_8);
        assertEquals("c", serde.deserializer().deserialize("transactions", json).getCustomerId());
        byte[] written = serde.serializer().serialize("transactions", SampleRecords.transaction());
        assertEquals((byte) 0xC3, written[0]);
    }

    @Test
    void shouldRejectUnknownFormat() {
        assertThrows(ConfigException.class, () -> TransactionFormat.of(Map.of(TransactionFormat.INPUT_FORMAT, "csv")));
    }
}
