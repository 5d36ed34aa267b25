package io.segmenter.trainer.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segmenter.avro.Transaction;
import io.segmenter.avro.TransactionKind;
import io.segmenter.csv.CsvMapping;
import io.segmenter.csv.CsvTransactionReader;
import io.segmenter.trainer.Datasets;
import io.segmenter.trainer.data.TransactionRfm;
import io.segmenter.trainer.model.Trainer;
import io.segmenter.trainer.model.TrainerOptions;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The default report of {@code datasets/online_retail.csv.gz} with its revenue and its transitions over the last
 * 90 days, checked against counts taken straight from the file's transactions (not through the fold).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BundledReportTest {

    private static final long END = Instant.parse("2011-12-09T12:50:00Z").toEpochMilli();
    private static final long SINCE = END - 90 * 86_400_000L;

    private ReportRunner.Outcome outcome;
    private Map<?, ?> transitions;
    /** Customers with a purchase by the instant, and every customer's net spend after it (pence), among buyers. */
    private final Set<String> boughtBySince = new HashSet<>();
    private final Map<String, Long> spentAfterSince = new HashMap<>();

    @BeforeAll
    void runReport() throws Exception {
        Path csv = Datasets.file("online_retail.csv.gz");
        outcome = new ReportRunner(new Trainer()).run(new ReportRunner.Request(csv, ReportRunner.Preset.DEFAULT, null,
                TransactionRfm.Options.onlineRetail(), TrainerOptions.rfmDefaults(), null, null, null, TransitionsSince.parse("90d")));
        transitions = (Map<?, ?>) outcome.report().get("transitions");
        Set<String> buyers = new HashSet<>();
        try (CsvTransactionReader reader = CsvTransactionReader.open(csv, CsvMapping.onlineRetail(), p -> {})) {
            while (reader.hasNext()) {
                Transaction t = reader.next();
                String id = t.getCustomerId();
                if (id == null || id.isEmpty()) {
                    continue;
                }
                boolean purchase = t.getKind() == TransactionKind.PURCHASE;
                if (purchase) {
                    buyers.add(id);
                }
                long time = t.getEventTime().toEpochMilli();
                if (purchase && time <= SINCE) {
                    boughtBySince.add(id);
                }
                if (time > SINCE) {
                    spentAfterSince.merge(id, purchase ? t.getAmountMinor() : -t.getAmountMinor(), Long::sum);
                }
            }
        }
        spentAfterSince.keySet().retainAll(buyers); // customers with refunds only are not reported
    }

    @Test
    void shouldSplitTheEndCustomersIntoStayedMovedAndNew() {
        assertEquals(Instant.ofEpochMilli(SINCE).toString(), transitions.get("since"));
        assertEquals(4338L, transitions.get("customers"));
        assertEquals((long) boughtBySince.size(), number("stayed") + number("moved"), "scorable at both instants");
        assertEquals(4338L - boughtBySince.size(), number("new"));
        assertEquals(number("moved") + number("new"), number("changed"));
        assertEquals(number("moved"), sum("moves", "customers"), "the matrix holds every customer who changed segment");
        assertEquals(number("new"), sum("new_by_segment", "customers"));
        assertTrue(number("moved") > 100 && number("stayed") > 100, transitions::toString);
    }

    @Test
    void shouldSumTheSpendAfterTheInstantOverAllThreeGroups() {
        double expected = spentAfterSince.values().stream().mapToLong(Long::longValue).sum() / 100.0;
        double reported = (double) transitions.get("stayed_revenue") + (double) transitions.get("moved_revenue")
                + (double) transitions.get("new_revenue");
        assertEquals(expected, reported, 0.005);
        double pairs = ((List<?>) transitions.get("moves")).stream().mapToDouble(m -> (double) ((Map<?, ?>) m).get("revenue")).sum();
        assertEquals((double) transitions.get("moved_revenue"), pairs, 0.005);
    }

    @Test
    void shouldListPairsMostCustomersFirst() {
        List<?> moves = (List<?>) transitions.get("moves");
        for (int i = 1; i < moves.size(); i++) {
            assertTrue(customers(moves.get(i - 1)) >= customers(moves.get(i)), moves::toString);
        }
    }

    @Test
    void shouldAddUpRevenueAndPurchasesPerSegmentToTheTotal() {
        Map<?, ?> revenue = (Map<?, ?>) outcome.report().get("revenue");
        List<?> segments = (List<?>) revenue.get("segments");
        Map<?, ?> total = (Map<?, ?>) revenue.get("total");
        assertEquals(4338L, ((Number) total.get("customers")).longValue());
        assertEquals((long) total.get("purchases"), segments.stream().mapToLong(s -> (long) ((Map<?, ?>) s).get("purchases")).sum());
        assertEquals((double) total.get("revenue"), segments.stream().mapToDouble(s -> (double) ((Map<?, ?>) s).get("revenue")).sum(), 0.005);
        assertEquals((double) total.get("revenue") / (long) total.get("purchases"), (double) total.get("aov"), 1e-9);
        assertTrue(outcome.text().contains("\nTransitions since 2011-09-10T12:50:00Z (90 days before the end) to the end, 2011-12-09T12:50:00Z;"),
                outcome.text());
    }

    private long number(String key) {
        return (long) transitions.get(key);
    }

    private long sum(String list, String key) {
        return ((List<?>) transitions.get(list)).stream().mapToLong(m -> (long) ((Map<?, ?>) m).get(key)).sum();
    }

    private static long customers(Object move) {
        return (long) ((Map<?, ?>) move).get("customers");
    }
}
