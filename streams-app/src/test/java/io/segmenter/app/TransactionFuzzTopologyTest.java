package io.segmenter.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.segmenter.app.config.SegmenterConfig;
import io.segmenter.app.metrics.SegmenterMetrics;
import io.segmenter.app.state.OutcomeCounts;
import io.segmenter.app.state.StoreNames;
import io.segmenter.app.validate.RejectReason;
import io.segmenter.avro.Transaction;
import io.segmenter.avro.TransactionKind;
import io.segmenter.serde.AvroSerde;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random and mutated records through the whole topology (decoder, validator, processor): every input
 * record ends in exactly one of applied, duplicate or the dead-letter topic, the exactly-once counts agree
 * with what was sent and with the per-attempt counters, and nothing is a processing error.
 */
class TransactionFuzzTopologyTest {

    private static final int RECORDS = 4_000;
    private static final String[] CURRENCIES = {"GBP", "GBP", "GBP", "EUR", "XXX", "", "gbp"};

    @ParameterizedTest
    @ValueSource(strings = {SegmenterConfig.INPUT_FORMAT_AVRO, SegmenterConfig.INPUT_FORMAT_JSON})
    void everyRecordIsExactlyOneOfAppliedDuplicateOrDeadLettered(String format) {
        Random random = new Random(20261202L + format.hashCode());
        try (TopologyHarness h = new TopologyHarness(Map.of(SegmenterConfig.INPUT_FORMAT, format,
                SegmenterConfig.CURRENCY_RATES, "EUR=0.85", SegmenterConfig.RECORD_MAX_BYTES, "2048"))) {
            h.publish(Fixtures.model(1));
            List<byte[]> sent = new java.util.ArrayList<>();
            for (int i = 0; i < RECORDS; i++) {
                byte[] value = switch (random.nextInt(6)) {
                    case 0 -> garbage(random);
                    case 1, 2 -> mutate(valid(random, format), random);
                    default -> valid(random, format);
                };
                byte[] key = random.nextInt(4) == 0 ? null : ("c" + random.nextInt(50)).getBytes(StandardCharsets.UTF_8);
                h.rawTransactions.pipeInput(key, value, Fixtures.WALL.toEpochMilli());
                sent.add(value);
            }
            Map<String, Long> counts = totals(h.driver.getKeyValueStore(StoreNames.OUTCOMES));
            long applied = counts.getOrDefault(OutcomeCounts.key(OutcomeCounts.APPLIED, OutcomeCounts.NONE), 0L);
            long duplicate = counts.getOrDefault(OutcomeCounts.key(OutcomeCounts.DUPLICATE, OutcomeCounts.NONE), 0L);
            long rejected = counts.entrySet().stream().filter(e -> e.getKey().startsWith(OutcomeCounts.REJECTED + "/"))
                    .mapToLong(Map.Entry::getValue).sum();

            assertEquals(RECORDS, applied + duplicate + rejected, "every record has exactly one outcome: " + counts);
            assertEquals(rejected, h.dlq.readRecordsToList().size(), "every rejection is one dead letter");
            assertEquals(0L, counts.getOrDefault(OutcomeCounts.key(OutcomeCounts.REJECTED, RejectReason.PROCESSING_ERROR.label()), 0L));
            SegmenterMetrics m = h.metrics;
            assertEquals(applied, (long) m.transactionCount(SegmenterMetrics.OUTCOME_APPLIED, SegmenterMetrics.REASON_NONE));
            assertEquals(duplicate, (long) m.transactionCount(SegmenterMetrics.OUTCOME_DUPLICATE, SegmenterMetrics.REASON_NONE));
            for (RejectReason r : RejectReason.values()) {
                assertEquals(counts.getOrDefault(OutcomeCounts.key(OutcomeCounts.REJECTED, r.label()), 0L),
                        (long) m.transactionCount(SegmenterMetrics.OUTCOME_REJECTED, r.label()), r.label());
            }
            // the fuzz reaches all three outcomes, or it tests nothing
            assertEquals(true, applied > RECORDS / 10 && duplicate > 0 && rejected > RECORDS / 10, counts.toString());
        }
    }

    private static Map<String, Long> totals(KeyValueStore<String, Long> store) {
        Map<String, Long> out = new HashMap<>();
        try (KeyValueIterator<String, Long> it = store.all()) {
            it.forEachRemaining(kv -> out.merge(kv.key, kv.value, Long::sum));
        }
        return out;
    }

    /** A mostly plausible transaction: ids from small pools (so duplicates occur), odd amounts, times and kinds now and then. */
    private static byte[] valid(Random random, String format) {
        String customer = random.nextInt(40) == 0 ? "" : "c" + random.nextInt(50);
        String id = random.nextInt(40) == 0 ? " " : "t" + random.nextInt(3_000);
        long amount = switch (random.nextInt(10)) {
            case 0 -> -random.nextInt(1000);
            case 1 -> Long.MAX_VALUE - random.nextInt(3);
            default -> 1 + random.nextInt(100_000);
        };
        Instant at = switch (random.nextInt(12)) {
            case 0 -> Fixtures.WALL.plusSeconds(86_400L * 400);
            case 1 -> Instant.ofEpochMilli(-1 - random.nextInt(1_000_000));
            default -> Fixtures.WALL.minusSeconds(random.nextInt(86_400 * 365));
        };
        String currency = CURRENCIES[random.nextInt(CURRENCIES.length)];
        TransactionKind kind = random.nextInt(5) == 0 ? TransactionKind.REFUND : TransactionKind.PURCHASE;
        if (format.equals(SegmenterConfig.INPUT_FORMAT_AVRO)) {
            return new AvroSerde<>(Transaction.class).serialize("t", Fixtures.tx(id, customer, at, amount, currency, kind));
        }
        String json = "{\"transactionId\":\"" + id + "\",\"customerId\":\"" + customer + "\",\"eventTime\":\"" + at
                + "\",\"amountMinor\":" + amount + ",\"currency\":\"" + currency + "\",\"kind\":\"" + kind + "\"}";
        return json.getBytes(StandardCharsets.UTF_8);
    }

    /** Flips, drops, inserts or appends bytes, or truncates. */
    private static byte[] mutate(byte[] value, Random random) {
        byte[] v = value.clone();
        switch (random.nextInt(5)) {
            case 0 -> v[random.nextInt(v.length)] ^= (byte) (1 << random.nextInt(8));
            case 1 -> v = Arrays.copyOf(v, random.nextInt(v.length));
            case 2 -> {
                byte[] longer = Arrays.copyOf(v, v.length + 1 + random.nextInt(8));
                for (int i = v.length; i < longer.length; i++) {
                    longer[i] = (byte) random.nextInt(256);
                }
                v = longer;
            }
            case 3 -> v[random.nextInt(v.length)] = (byte) random.nextInt(256);
            default -> {
                byte[] big = new byte[v.length + 3_000];
                System.arraycopy(v, 0, big, 0, v.length);
                v = big;
            }
        }
        return v;
    }

    private static byte[] garbage(Random random) {
        byte[] v = new byte[random.nextInt(64)];
        random.nextBytes(v);
        return v;
    }
}
