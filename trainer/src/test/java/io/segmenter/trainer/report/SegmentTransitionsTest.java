package io.segmenter.trainer.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segmenter.csv.CsvMapping;
import io.segmenter.trainer.data.TransactionRfm;
import io.segmenter.trainer.model.Trainer;
import io.segmenter.trainer.model.TrainerOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Revenue per segment and the transitions on a file small enough to work out by hand: eleven customers,
 * features over a 30-day horizon in 1-day buckets, k = 2, transitions since 40 days before the end E.
 *
 * <p>At the end, four active customers (4 purchases in the last 30 days) form one segment and six inactive
 * ones the other; the larger gets id 0, so 0 = inactive, 1 = active. Customer by customer (days before E,
 * pounds), as of E - 40 and at E:
 *
 * <pre>
 * S1 4 x 100 at 50..42, 4 x 110 at 20..1  active -> active      stayed, spent 440
 * M1 50 at 100, 4 x 100 at 20..2          inactive -> active    0 -> 1, spent 400
 * M2 4 x 100 at 50..42, refund 30 at 35   active -> inactive    1 -> 0, spent -30
 * M3 4 x 90 at 52..41                     active -> inactive    1 -> 0, spent 0
 * N1 4 x 120 at 20..1                     none -> active        new -> 1, spent 480
 * N3 4 x 130 at 20..3                     none -> active        new -> 1, spent 520
 * N2 refund 20 at 60, 25 at 38            refunds only -> inactive   new -> 0, spent 25
 * Y1 40 at 100; Y2 40 at 90, 10 at 25; Y3 30 at 80   inactive both   stayed, spent 0, 10, 0
 * R1 refund 15 at 10                      refunds only at the end: left out
 * </pre>
 *
 * Revenue over the 30-day horizon at E: segment 1 = 440 + 400 + 480 + 520 = 1,840 from 16 purchases (AOV 115);
 * segment 0 = Y2's 10 from 1 purchase (the others' purchases are older than 30 days; M2's refund too).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SegmentTransitionsTest {

    private static final LocalDateTime END = LocalDateTime.of(2011, 12, 1, 12, 0);

    private final List<String> lines = new ArrayList<>(List.of("InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country"));
    private int invoice = 500_000;
    private Path csv;
    private ReportRunner.Outcome outcome;

    @BeforeAll
    void runReport(@TempDir Path tmp) throws Exception {
        purchases("S1", 100, 50, 48, 45, 42);
        purchases("S1", 110, 20, 10, 5, 1);
        purchases("M1", 50, 100);
        purchases("M1", 100, 20, 10, 5, 2);
        purchases("M2", 100, 50, 48, 45, 42);
        refund("M2", 30, 35);
        purchases("M3", 90, 52, 47, 44, 41);
        purchases("N1", 120, 20, 10, 5, 1);
        purchases("N3", 130, 20, 10, 5, 3);
        refund("N2", 20, 60);
        purchases("N2", 25, 38);
        purchases("Y1", 40, 100);
        purchases("Y2", 40, 90);
        purchases("Y2", 10, 25);
        purchases("Y3", 30, 80);
        refund("R1", 15, 10);
        csv = Files.write(tmp.resolve("hand.csv"), lines);
        outcome = run(csv, TransitionsSince.parse("40d"));
    }

    private static ReportRunner.Outcome run(Path file, TransitionsSince since) throws Exception {
        return new ReportRunner(new Trainer()).run(new ReportRunner.Request(file, ReportRunner.Preset.DEFAULT, null,
                new TransactionRfm.Options(CsvMapping.onlineRetail(), 30, 1, END.toInstant(ZoneOffset.UTC).toEpochMilli()),
                TrainerOptions.rfmDefaults().withK(2), null,
                null, null, since));
    }

    @Test
    void shouldSplitActiveFromInactiveAsWorkedOut() {
        assertEquals(List.of(6, 4), outcome.result().model().getQuality().getClusterSizes().stream().map(Number::intValue).toList());
        assertEquals(4.0, outcome.result().model().getCentroids().get(1).getOriginal().get(1), 1e-9, "segment 1 buys 4 times");
    }

    @Test
    void shouldCountMovesAndNewCustomersWithTheirSpendInThePeriod() {
        Map<?, ?> t = (Map<?, ?>) outcome.report().get("transitions");
        assertEquals("2011-10-22T12:00:00Z", t.get("since"));
        assertEquals("2011-12-01T12:00:00Z", t.get("end"));
        assertEquals(10L, t.get("customers"));
        assertEquals(4L, t.get("stayed"));
        assertEquals(3L, t.get("moved"));
        assertEquals(3L, t.get("new"));
        assertEquals(6L, t.get("changed"));
        assertEquals(450.0, (double) t.get("stayed_revenue"), 1e-9);
        assertEquals(370.0, (double) t.get("moved_revenue"), 1e-9);
        assertEquals(1025.0, (double) t.get("new_revenue"), 1e-9);
        // most customers first: 1 -> 0 (two) before 0 -> 1 (one), new -> 1 (two) before new -> 0 (one)
        assertEquals(List.of(List.of(1, 0, 2L, -30.0), List.of(0, 1, 1L, 400.0)), pairs(t.get("moves"), true));
        assertEquals(List.of(List.of(1, 2L, 1000.0), List.of(0, 1L, 25.0)), pairs(t.get("new_by_segment"), false));
    }

    @Test
    void shouldReportRevenueAndAovPerSegmentOverTheFeaturesHorizon() {
        Map<?, ?> revenue = (Map<?, ?>) outcome.report().get("revenue");
        List<?> segments = (List<?>) revenue.get("segments");
        assertSegment(segments.get(0), 6, 1, 10.0, 10.0);
        assertSegment(segments.get(1), 4, 16, 1840.0, 115.0);
        assertSegment(revenue.get("total"), 10, 17, 1850.0, 1850.0 / 17);
        assertEquals(1840.0 / 1850, (double) ((Map<?, ?>) segments.get(1)).get("revenue_share"), 1e-12);
        assertTrue(((String) revenue.get("basis")).contains("30 days in 1-day buckets up to 2011-12-01T12:00:00Z"), revenue.get("basis").toString());
    }

    @Test
    void shouldPrintBothSectionsInTheTextReport() {
        String text = outcome.text();
        assertTrue(text.contains("Transitions since 2011-10-22T12:00:00Z (40 days before the end) to the end, 2011-12-01T12:00:00Z;"), text);
        assertTrue(text.contains("10 customers at the end: 4 in the same segment, 3 moved, 3 new since then"), text);
        int moveOneToZero = lineAt(text, "  1 .+? +-> 0 .+? +2 +-30\\.00");
        int moveZeroToOne = lineAt(text, "  0 .+? +-> 1 .+? +1 +400\\.00");
        int newToOne = lineAt(text, "  new +-> 1 .+? +2 +1,000\\.00");
        int newToZero = lineAt(text, "  new +-> 0 .+? +1 +25\\.00");
        assertTrue(moveOneToZero < moveZeroToOne && moveZeroToOne < newToOne && newToOne < newToZero, text);
        assertTrue(text.matches("(?s).*\\n  all +10 +17 +1,850\\.00 +108\\.82\\n.*"), text);
    }

    @Test
    void shouldSayWhyThereAreNoTransitionsWhenTurnedOff() throws Exception {
        ReportRunner.Outcome off = run(csv, TransitionsSince.parse("off"));
        assertFalse(off.report().containsKey("transitions"));
        assertTrue(off.report().containsKey("revenue"));
        assertTrue(off.text().contains("\nTransitions: off (--transitions-since off)\n"), off.text());
    }

    @Test
    void shouldRefuseAnInstantThatIsNotBeforeTheEnd() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> run(csv, TransitionsSince.parse("2011-12-01T12:00:00Z")));
        assertEquals("transitions since 2011-12-01T12:00:00Z would start at or after the end of the data (2011-12-01T12:00:00Z): "
                + "give an earlier --transitions-since", e.getMessage());
    }

    @Test
    void shouldOmitRevenueAndTransitionsForACustomerLevelFileAndSayWhyInOneLine(@TempDir Path tmp) throws Exception {
        List<String> rows = new ArrayList<>(List.of("CUST_ID,BALANCE,PURCHASES"));
        for (int i = 0; i < 20; i++) {
            rows.add("C" + i + "," + (i < 10 ? 10 + i : 1000 + i) + "," + (i < 10 ? 5 + i : 500 + i));
        }
        Path file = Files.write(tmp.resolve("customers.csv"), rows);
        ReportRunner.Outcome o = new ReportRunner(new Trainer()).run(new ReportRunner.Request(file, ReportRunner.Preset.DEFAULT, "CUST_ID",
                null, TrainerOptions.customerLevelDefaults("customers").withK(2), null, null, null, TransitionsSince.parse("90d")));
        assertFalse(o.report().containsKey("revenue"));
        assertFalse(o.report().containsKey("transitions"));
        assertEquals(1, o.text().lines().filter(l -> l.startsWith("Revenue and transitions: not reported for a customer-level file")).count(),
                o.text());
    }

    /** Where the line matching {@code regex} starts; fails when there is none. */
    private static int lineAt(String text, String regex) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^" + regex + "$").matcher(text);
        assertTrue(m.find(), () -> regex + " in\n" + text);
        return m.start();
    }

    private static void assertSegment(Object json, long customers, long purchases, double revenue, double aov) {
        Map<?, ?> s = (Map<?, ?>) json;
        assertEquals(customers, ((Number) s.get("customers")).longValue(), s::toString);
        assertEquals(purchases, s.get("purchases"), s::toString);
        assertEquals(revenue, (double) s.get("revenue"), 1e-9, s::toString);
        assertEquals(aov, (double) s.get("aov"), 1e-9, s::toString);
    }

    /** Each move as [from, to, customers, revenue] (or [to, customers, revenue] without a from). */
    private static List<List<Object>> pairs(Object moves, boolean withFrom) {
        List<List<Object>> out = new ArrayList<>();
        for (Object o : (List<?>) moves) {
            Map<?, ?> m = (Map<?, ?>) o;
            List<Object> row = new ArrayList<>();
            if (withFrom) {
                row.add(m.get("from"));
            } else {
                assertFalse(m.containsKey("from"), m::toString);
            }
            row.addAll(List.of(m.get("to"), m.get("customers"), m.get("revenue")));
            out.add(row);
        }
        return out;
    }

    private void purchases(String customer, double pounds, int... daysBeforeEnd) {
        for (int d : daysBeforeEnd) {
            line(Integer.toString(invoice++), 1, pounds, customer, d);
        }
    }

    private void refund(String customer, double pounds, int daysBeforeEnd) {
        line("C" + invoice++, -1, pounds, customer, daysBeforeEnd);
    }

    private void line(String id, int quantity, double pounds, String customer, int daysBeforeEnd) {
        String when = END.minusDays(daysBeforeEnd).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"));
        lines.add(id + ",X,thing," + quantity + "," + when + "," + pounds + "," + customer + ",UK");
    }
}
