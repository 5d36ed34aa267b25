package io.segmenter.cli.bench;

import io.segmenter.avro.Transaction;
import io.segmenter.avro.TransactionKind;
import io.segmenter.serde.AvroSerde;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Seeded transactions for the benchmarks: {@code customers} customers picked uniformly, 10% refunds,
 * amounts 1.00 to 201.00 GBP, and a share {@code rekeyShare} keyed by an order id (so those records go
 * through the repartition by customer id); the rest are keyed by customer id.
 */
final class BenchInput {

    private final AvroSerde<Transaction> serde = new AvroSerde<>(Transaction.class);
    private final Random random;
    private final int customers;
    private final double rekeyShare;

    BenchInput(int customers, double rekeyShare, long seed) {
        this.customers = customers;
        this.rekeyShare = rekeyShare;
        this.random = new Random(seed);
    }

    /** Produces {@code count} transactions with event times spread over the last {@code spanDays} days (live-like). */
    void produceBacklog(KafkaProducer<byte[], byte[]> producer, String topic, int count, int spanDays) {
        long now = System.currentTimeMillis();
        long span = Duration.ofDays(spanDays).toMillis();
        for (int i = 0; i < count; i++) {
            String customer = customer(random.nextInt(customers));
            boolean refund = random.nextInt(10) == 0;
            long at = now - (long) (random.nextDouble() * span);
            producer.send(record(topic, "tx-" + i, customer, at, refund ? TransactionKind.REFUND : TransactionKind.PURCHASE));
        }
        producer.flush();
    }

    /** One purchase for each of customers 0..n-1, keyed by customer id (every customer gets a profile). */
    void produceOnePerCustomer(KafkaProducer<byte[], byte[]> producer, String topic, int n) {
        long now = System.currentTimeMillis();
        for (int i = 0; i < n; i++) {
            String customer = customer(i);
            Transaction t = tx("tx-" + i, customer, now - random.nextInt(86_400_000), TransactionKind.PURCHASE);
            producer.send(new ProducerRecord<>(topic, customer.getBytes(StandardCharsets.UTF_8), serde.serialize(topic, t)));
        }
        producer.flush();
    }

    /** A purchase by a random customer whose event time is the send time: the latency probe. */
    ProducerRecord<byte[], byte[]> purchaseAt(String topic, long seq, long nowMillis) {
        return record(topic, "live-" + seq, customer(random.nextInt(customers)), nowMillis, TransactionKind.PURCHASE);
    }

    private ProducerRecord<byte[], byte[]> record(String topic, String id, String customer, long at, TransactionKind kind) {
        byte[] value = serde.serialize(topic, tx(id, customer, at, kind));
        byte[] key = random.nextDouble() < rekeyShare ? ("order-" + id).getBytes(StandardCharsets.UTF_8) : customer.getBytes(StandardCharsets.UTF_8);
        return new ProducerRecord<>(topic, key, value); // record timestamp = produce time
    }

    private Transaction tx(String id, String customer, long at, TransactionKind kind) {
        return Transaction.newBuilder()
                .setTransactionId(id)
                .setCustomerId(customer)
                .setEventTime(Instant.ofEpochMilli(at))
                .setAmountMinor(100 + random.nextInt(20_000))
                .setCurrency("GBP")
                .setKind(kind)
                .build();
    }

    static String customer(int i) {
        return String.format("cust-%07d", i);
    }
}
