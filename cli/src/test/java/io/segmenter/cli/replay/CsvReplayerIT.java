package io.segmenter.cli.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segmenter.avro.Transaction;
import io.segmenter.avro.TransactionKind;
import io.segmenter.broker.junit.KafkaBrokerExtension;
import io.segmenter.broker.junit.KafkaTestCluster;
import io.segmenter.cli.SegmenterCli;
import io.segmenter.csv.CsvMapping;
import io.segmenter.csv.CsvProblem;
import io.segmenter.serde.AvroSerde;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@ExtendWith(KafkaBrokerExtension.class)
class CsvReplayerIT {

    private static final String CSV = """
            InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country
            536365,85123A,HEART,6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom
            536365,71053,LANTERN,6,2010-12-01 08:26:00,3.39,17850.0,United Kingdom
            536366,22633,WARMER,6,2010-12-01 08:28:00,1.85,13047.0,United Kingdom
            536367,22139,broken,x,2010-12-01 08:30:00,1.85,13047.0,United Kingdom
            536368,21773,no customer,1,2010-12-01 08:31:00,2.51,,United Kingdom
            C536379,D,Discount,-1,2010-12-01 09:41:00,27.5,17850.0,United Kingdom
            536414,22139,,56,2010-12-01 11:52:00,0,,United Kingdom
            """;

    private static final AvroSerde<Transaction> SERDE = AvroSerde.of(Transaction.class, Map.of());

    private static CsvReplayer replayer(KafkaTestCluster kafka) {
        return new CsvReplayer(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), Map.of());
    }

    private static List<ConsumerRecord<String, Transaction>> consume(KafkaTestCluster kafka, String topic, int count) {
        List<ConsumerRecord<String, Transaction>> records =
                kafka.consume(topic, new StringDeserializer(), SERDE, count, Duration.ofSeconds(30));
        assertEquals(count, records.size());
        return records;
    }

    @Test
    void shouldReplayInvoicesKeyedByCustomerAndReportTheRest(KafkaTestCluster kafka, @TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("small.csv"), CSV);
        String topic = kafka.createUniqueTopic("transactions", 3);

        ReplayResult result = replayer(kafka).replay(file, CsvMapping.onlineRetail(), topic, Pacing.unlimited(), p -> {});

        assertEquals(4, result.acknowledged());
        assertEquals(3, result.purchases());
        assertEquals(1, result.refunds());
        assertEquals(1, result.withoutCustomer());
        assertEquals(0, result.failed());
        assertFalse(result.stopped());
        assertEquals(3, result.read().purchases());
        assertEquals(1, result.read().refunds());
        assertEquals(1, result.read().unreadableRows());
        assertEquals(1, result.read().skippedTransactions());
        assertEquals(List.of(5L, 8L), result.firstProblems().stream().map(CsvProblem::line).toList());
        assertTrue(result.summary().contains("line 5"), result.summary());

        Map<String, ConsumerRecord<String, Transaction>> byId = consume(kafka, topic, 4).stream()
                .collect(Collectors.toMap(r -> r.value().getTransactionId(), Function.identity()));
        assertEquals(java.util.Set.of("536365", "536366", "536368", "C536379"), byId.keySet());
        Transaction first = byId.get("536365").value();
        assertEquals("17850", byId.get("536365").key());
        assertEquals(3564, first.getAmountMinor());
        assertEquals(TransactionKind.PURCHASE, first.getKind());
        assertEquals(Instant.parse("2010-12-01T08:26:00Z"), first.getEventTime());
        assertEquals(2, first.getLineCount());
        assertEquals("13047", byId.get("536366").key());
        assertNull(byId.get("536368").key());
        assertEquals("", byId.get("536368").value().getCustomerId());
        assertEquals(TransactionKind.REFUND, byId.get("C536379").value().getKind());
        assertEquals(2750, byId.get("C536379").value().getAmountMinor());
        assertEquals("17850", byId.get("C536379").key());
    }

    @Test
    void shouldSendIdenticalTransactionsWhenTheSameFileIsReplayedTwice(KafkaTestCluster kafka, @TempDir Path dir)
            throws IOException {
        Path file = Files.writeString(dir.resolve("twice.csv"), CSV);
        String topic = kafka.createUniqueTopic("transactions", 1);
        CsvReplayer replayer = replayer(kafka);

        replayer.replay(file, CsvMapping.onlineRetail(), topic, Pacing.unlimited(), p -> {});
        replayer.replay(file, CsvMapping.onlineRetail(), topic, Pacing.unlimited(), p -> {});

        List<Transaction> values = consume(kafka, topic, 8).stream().map(ConsumerRecord::value).toList();
        assertEquals(values.subList(0, 4), values.subList(4, 8));
    }

    @Test
    void shouldReplayThroughTheCommandWithMappingFlagsAndARate(KafkaTestCluster kafka, @TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("amounts.csv"), """
                who;when;total
                a;2024-03-01T10:00:00Z;12.50
                b;2024-03-02T10:00:00Z;-2.5
                c;2024-03-02T11:00:00Z;3
                """);
        String topic = kafka.createUniqueTopic("transactions", 1);

        int code = new CommandLine(new SegmenterCli()).execute("replay",
                "--bootstrap-server", kafka.bootstrapServers(), "--csv", file.toString(), "--topic", topic,
                "--delimiter", ";", "--no-transaction-column", "--customer-column", "who", "--time-column", "when",
                "--time-format", "ISO", "--amount-column", "total", "--currency", "EUR", "--rate", "50");

        assertEquals(0, code);
        List<ConsumerRecord<String, Transaction>> records = consume(kafka, topic, 3);
        assertEquals(List.of("amounts.csv:2", "amounts.csv:3", "amounts.csv:4"),
                records.stream().map(r -> r.value().getTransactionId()).toList());
        assertEquals(List.of("a", "b", "c"), records.stream().map(ConsumerRecord::key).toList());
        assertEquals(TransactionKind.REFUND, records.get(1).value().getKind());
        assertEquals(250, records.get(1).value().getAmountMinor());
        assertEquals("EUR", records.get(2).value().getCurrency());
    }

    @Test
    void shouldStopEarlyAndReportWhatWasSentWhenAskedToStop(KafkaTestCluster kafka, @TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("slow.csv"), CSV);
        String topic = kafka.createUniqueTopic("transactions", 1);
        CsvReplayer replayer = replayer(kafka);

        // 1 event per second: stop as soon as the first one has been handed to the producer
        ReplayResult result = replayer.replay(file, CsvMapping.onlineRetail(), topic, Pacing.rate(1), p -> {
            if (p.sent() >= 1) {
                replayer.stop();
            }
        });

        assertTrue(result.stopped());
        assertTrue(result.acknowledged() >= 1 && result.acknowledged() < 4, result::summary);
        assertEquals(result.acknowledged(), result.purchases() + result.refunds());
        assertTrue(result.summary().startsWith("Stopped early"), result::summary);
    }
}
