package io.segmenter.app;

import static io.segmenter.app.Fixtures.DAY;
import static io.segmenter.app.Fixtures.T0;
import static io.segmenter.app.Fixtures.purchase;
import static io.segmenter.app.Fixtures.refund;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segmenter.app.config.SegmenterConfig;
import io.segmenter.app.metrics.SegmenterMetrics;
import io.segmenter.app.state.StoreNames;
import io.segmenter.avro.CustomerProfile;
import io.segmenter.avro.Transaction;
import io.segmenter.avro.TransactionKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.junit.jupiter.api.Test;

/**
 * The dedupe promise of DESIGN.md point 3 over whole replays: a year-long file replayed twice with the stream
 * clock, the same file sorted by customer (so most events arrive "late"), a re-send a month later, the archive
 * of older periods, and erasure of all of it.
 */
class ReplayDedupeTopologyTest {

    /** A year of purchases and refunds for 40 customers, in time order, with ids like an invoice number. */
    private static List<Transaction> yearOfTransactions() {
        Random random = new Random(42);
        List<Transaction> out = new ArrayList<>();
        for (int i = 0; i < 1_500; i++) {
            String customer = "c" + random.nextInt(40);
            var at = T0.plusMillis((long) (random.nextDouble() * 365 * DAY));
            long amount = 100 + random.nextInt(20_000);
            out.add(random.nextInt(10) == 0 ? refund("R" + i, customer, at, amount) : purchase("I" + i, customer, at, amount));
        }
        out.sort(Comparator.comparing(Transaction::getEventTime));
        return out;
    }

    /** The exact lifetime totals of a list of distinct transactions, as {count, net minor, last purchase millis}. */
    private static Map<String, List<Long>> lifetime(List<Transaction> txs) {
        Map<String, List<Long>> out = new TreeMap<>();
        for (Transaction t : txs) {
            List<Long> v = out.computeIfAbsent(t.getCustomerId(), c -> new ArrayList<>(List.of(0L, 0L, Long.MIN_VALUE)));
            boolean purchase = t.getKind() == TransactionKind.PURCHASE;
            v.set(0, v.get(0) + (purchase ? 1 : 0));
            v.set(1, v.get(1) + (purchase ? t.getAmountMinor() : -t.getAmountMinor()));
            if (purchase) {
                v.set(2, Math.max(v.get(2), t.getEventTime().toEpochMilli()));
            }
        }
        return out;
    }

    private static Map<String, List<Long>> lifetime(TopologyHarness h, Iterable<String> customers) {
        Map<String, List<Long>> out = new TreeMap<>();
        for (String c : customers) {
            CustomerProfile p = h.profile(c);
            out.put(c, List.of(p.getLifetimePurchaseCount(), p.getLifetimeNetMonetaryMinor(),
                    p.getLastPurchaseTime() == null ? Long.MIN_VALUE : p.getLastPurchaseTime().toEpochMilli()));
        }
        return out;
    }

    private static Map<String, CustomerProfile> profiles(TopologyHarness h, Iterable<String> customers) {
        Map<String, CustomerProfile> out = new TreeMap<>();
        customers.forEach(c -> out.put(c, h.profile(c)));
        return out;
    }

    @Test
    void shouldGiveTheSameProfilesWhenAYearLongFileIsReplayedTwiceWithTheStreamClock() {
        List<Transaction> file = yearOfTransactions();
        Map<String, List<Long>> expected = lifetime(file);
        try (TopologyHarness h = new TopologyHarness()) {
            file.forEach(h::send);
            h.tick();
            Map<String, CustomerProfile> once = profiles(h, expected.keySet());
            file.forEach(h::send);
            h.tick();
            assertEquals(once, profiles(h, expected.keySet()), "the second pass changes no profile");
            assertEquals(expected, lifetime(h, expected.keySet()));
            assertEquals((double) file.size(), h.metrics.transactionCount(SegmenterMetrics.OUTCOME_DUPLICATE, SegmenterMetrics.REASON_NONE));
            assertEquals((double) file.size(), h.metrics.transactionCount(SegmenterMetrics.OUTCOME_APPLIED, SegmenterMetrics.REASON_NONE));
        }
    }

    @Test
    void shouldApplyAFileSortedByCustomerInFullOnceAndItsReplayNotAtAll() {
        List<Transaction> file = new ArrayList<>(yearOfTransactions());
        file.sort(Comparator.comparing(Transaction::getCustomerId)); // stable: time order within a customer only
        Map<String, List<Long>> expected = lifetime(file);
        // a small inline limit so older periods go through the archive store too
        try (TopologyHarness h = new TopologyHarness(Map.of(SegmenterConfig.DEDUPE_INLINE_IDS, 16))) {
            file.forEach(h::send);
            assertEquals(expected, lifetime(h, expected.keySet()), "late events against the stream clock are applied in full");
            file.forEach(h::send);
            assertEquals(expected, lifetime(h, expected.keySet()), "and counted once");
            assertEquals((double) file.size(), h.metrics.transactionCount(SegmenterMetrics.OUTCOME_DUPLICATE, SegmenterMetrics.REASON_NONE));
            assertTrue(archiveEntries(h) > 0, "older periods were archived");
        }
    }

    @Test
    void shouldCountAReSendAMonthLaterAsADuplicate() {
        try (TopologyHarness h = new TopologyHarness()) {
            h.send(purchase("inv-1", "c1", T0, 10_000));
            h.send(purchase("inv-2", "c2", T0.plusMillis(31 * DAY), 500)); // the stream clock moves a month on
            h.tick();
            h.send(null, purchase("inv-1", "c1", T0, 10_000)); // upstream retries last month's batch, through the repartition
            assertEquals(1, h.profile("c1").getLifetimePurchaseCount());
            assertEquals(1.0, h.metrics.transactionCount(SegmenterMetrics.OUTCOME_DUPLICATE, SegmenterMetrics.REASON_NONE));
        }
    }

    @Test
    void shouldEraseEveryDedupeEntryOfTheCustomerArchivedPeriodsIncluded() {
        try (TopologyHarness h = new TopologyHarness(Map.of(SegmenterConfig.DEDUPE_INLINE_IDS, 16))) {
            for (int i = 0; i < 200; i++) {
                h.send(purchase("a" + i, "gone", T0.plusMillis(i * 2 * DAY), 100));
                h.send(purchase("b" + i, "kept", T0.plusMillis(i * 2 * DAY), 100));
            }
            long before = archiveEntries(h);
            assertTrue(before > 0);
            h.erasures.pipeInput("gone", new byte[0]);
            assertNull(h.state("gone"));
            assertEquals(before / 2, archiveEntries(h), "only the erased customer's archived periods went");
            h.send(purchase("a0", "gone", T0, 100)); // its ids went with it: counted as new
            assertEquals(1, h.profile("gone").getLifetimePurchaseCount());
            h.send(purchase("b0", "kept", T0, 100));
            assertEquals(200, h.profile("kept").getLifetimePurchaseCount());
        }
    }

    private static long archiveEntries(TopologyHarness h) {
        long n = 0;
        try (KeyValueIterator<Bytes, byte[]> it = h.driver.<Bytes, byte[]>getKeyValueStore(StoreNames.DEDUPE_ARCHIVE).all()) {
            while (it.hasNext()) {
                it.next();
                n++;
            }
        }
        return n;
    }
}
