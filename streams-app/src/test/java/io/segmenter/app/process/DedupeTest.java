package io.segmenter.app.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segmenter.app.state.CustomerState;
import io.segmenter.app.state.CustomerStateSerde;
import io.segmenter.app.state.IdFingerprints;
import io.segmenter.avro.CustomerProfile;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DedupeTest {

    private static final long DAY = 86_400_000L;
    private static final long T0 = Instant.parse("2011-01-01T00:00:00Z").toEpochMilli();

    /** The archive as a map, counting reads so a test can see the steady state does not touch it. */
    static final class MapArchive implements Dedupe.Archive {
        final Map<String, long[]> entries = new HashMap<>();
        int reads;

        @Override
        public long[] get(String customerId, int period) {
            reads++;
            return entries.get(customerId + "/" + period);
        }

        @Override
        public void put(String customerId, int period, long[] sorted) {
            entries.put(customerId + "/" + period, sorted);
        }

        @Override
        public void delete(String customerId, int period) {
            entries.remove(customerId + "/" + period);
        }
    }

    private static CustomerState empty() {
        return CustomerState.of(new CustomerProfile("c", "GBP", null, null, 0L, 0L, 0L, 365, 0L, 0L, new ArrayList<>(), null, Instant.EPOCH, null, null, null, new java.util.HashMap<>(), new java.util.HashMap<>(), null));
    }

    /** Applies the id when new; returns the outcome. */
    private static Dedupe.Outcome offer(Dedupe d, CustomerState s, String id, long eventTime, long now) {
        long fp = IdFingerprints.of(id);
        Dedupe.Outcome o = d.check(s, "c", fp, eventTime, now);
        if (o == Dedupe.Outcome.NEW) {
            d.record(s, "c", fp, eventTime, now);
        }
        return o;
    }

    @Test
    void shouldRememberEveryIdOfTwoYearsWhileTheStateRecordStaysBounded() {
        MapArchive archive = new MapArchive();
        Dedupe d = new Dedupe(0, 64, archive);
        CustomerState s = empty();
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            times.add(T0 + (i * 37L % 730) * DAY); // two years, out of time order
        }
        for (int i = 0; i < times.size(); i++) {
            assertEquals(Dedupe.Outcome.NEW, offer(d, s, "tx-" + i, times.get(i), T0 + 730 * DAY));
            int bytes = CustomerStateSerde.encode(s).length;
            assertTrue(bytes < 4_096, "state record " + bytes + " bytes after " + i + " ids");
        }
        assertTrue(s.ids().inlineCount() <= 64 + 64, "inline " + s.ids().inlineCount());
        assertTrue(s.ids().archived().length > 10, "older periods archived");
        for (int i = 0; i < times.size(); i++) {
            assertEquals(Dedupe.Outcome.DUPLICATE, offer(d, s, "tx-" + i, times.get(i), T0 + 900 * DAY), "tx-" + i + " replayed");
        }
        d.erase(s, "c");
        assertTrue(archive.entries.isEmpty(), "erasure leaves no archived period");
    }

    @Test
    void shouldNotReadTheArchiveForEventsOfInlinePeriods() {
        MapArchive archive = new MapArchive();
        Dedupe d = new Dedupe(0, 1024, archive);
        CustomerState s = empty();
        for (int i = 0; i < 500; i++) {
            offer(d, s, "tx-" + i, T0 + i * DAY / 2, T0 + i * DAY / 2);
        }
        assertEquals(0, archive.reads);
        assertEquals(500, s.ids().inlineCount());
    }

    @Test
    void shouldRefuseEventsOlderThanASetRetentionAndForgetTheirPeriods() {
        MapArchive archive = new MapArchive();
        Dedupe d = new Dedupe(60 * DAY, 16, archive);
        CustomerState s = empty();
        for (int i = 0; i < 100; i++) {
            assertEquals(Dedupe.Outcome.NEW, offer(d, s, "tx-" + i, T0 + i * DAY, T0 + i * DAY));
        }
        assertEquals(Dedupe.Outcome.BEYOND_RETENTION, offer(d, s, "tx-1", T0 + DAY, T0 + 99 * DAY));
        assertEquals(Dedupe.Outcome.DUPLICATE, offer(d, s, "tx-98", T0 + 98 * DAY, T0 + 99 * DAY));
        int oldest = IdFingerprints.period(T0 + 39 * DAY);
        for (int p : s.ids().archived()) {
            assertTrue(p >= oldest, "period " + p + " kept past the retention");
        }
        assertTrue(archive.entries.size() == s.ids().archived().length, "forgotten periods deleted from the archive");
    }
}
