package io.segmenter.app;

import io.segmenter.avro.Transaction;
import io.segmenter.avro.TransactionKind;
import io.segmenter.serde.AvroSerde;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A reproducible (seeded) stream of transaction records for broker tests: mixed keys (customer id, null,
 * an order id), re-sent duplicates, a few invalid records, and the per-customer totals it should fold to.
 */
public final class GeneratedInput {

    public final List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    public final Map<String, Long> purchases = new HashMap<>();
    public final Map<String, Long> netMinor = new HashMap<>();
    public int applied;
    public int duplicates;
    public int invalid;

    public GeneratedInput(String topic, int count, int customers, long seed, Instant start, int spanDays) {
        Random random = new Random(seed);
        AvroSerde<Transaction> serde = new AvroSerde<>(Transaction.class);
        List<byte[]> sent = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (i > 10 && random.nextInt(100) < 3) { // re-send an earlier record: a duplicate
                byte[] again = sent.get(random.nextInt(sent.size()));
                records.add(new ProducerRecord<>(topic, null, again));
                duplicates++;
                continue;
            }
            if (random.nextInt(200) == 0) {
                records.add(new ProducerRecord<>(topic, null, ("junk-" + i).getBytes(StandardCharsets.UTF_8)));
                invalid++;
                continue;
            }
            String customer = "cust-" + random.nextInt(customers);
            boolean refund = random.nextInt(10) == 0;
            long amount = 100 + random.nextInt(20_000);
            Instant at = start.plusMillis((long) (random.nextDouble() * spanDays * 86_400_000L));
            Transaction t = Fixtures.tx("tx-" + i, customer, at, amount, "GBP", refund ? TransactionKind.REFUND : TransactionKind.PURCHASE);
            byte[] value = serde.serialize(topic, t);
            sent.add(value);
            int keying = random.nextInt(3);
            byte[] key = switch (keying) {
                case 0 -> customer.getBytes(StandardCharsets.UTF_8);
                case 1 -> null;
                default -> ("order-" + i).getBytes(StandardCharsets.UTF_8);
            };
            records.add(new ProducerRecord<>(topic, key, value));
            applied++;
            if (!refund) {
                purchases.merge(customer, 1L, Long::sum);
            }
            netMinor.merge(customer, refund ? -amount : amount, Long::sum);
        }
    }
}
