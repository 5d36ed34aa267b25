package io.segmenter.app.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segmenter.avro.CustomerProfile;
import io.segmenter.avro.EmitReason;
import io.segmenter.avro.PeriodBucket;
import io.segmenter.avro.SegmentAssignment;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class CustomerStateSerdeTest {

    private static final Instant T = Instant.parse("2011-06-01T10:00:00Z");

    static CustomerState full() {
        CustomerProfile p = new CustomerProfile("12348", "GBP", T.minusSeconds(86_400 * 90), T, 4L, 179_720L, 0L, 365, 3L, 150_000L,
                List.of(new PeriodBucket(T.minusSeconds(86_400 * 14), 1, 50_000L), new PeriodBucket(T, 2, 100_000L)), T, T.plusSeconds(60), null, null, null,
                new java.util.HashMap<>(), new java.util.HashMap<>(), null);
        Map<String, Double> features = new LinkedHashMap<>();
        features.put("recency_days", 3.0);
        features.put("frequency", 3.0);
        features.put("monetary", 1500.0);
        SegmentAssignment a = new SegmentAssignment("12348", 2, "Champions", 1, "rfm", 7L, features, 0.25, 1.5, 1, 2, 1,
                "121", "Top tier", "Loyal", T.plusSeconds(60), T, EmitReason.NEW_EVENT);
        IdFingerprints ids = new IdFingerprints();
        ids.add(560, 42L);
        ids.add(561, -9L);
        ids.add(561, 3L);
        ids.moveOldestToArchive();
        SegmentHistory history = SegmentHistory.EMPTY.record(a);
        a.setSegmentId(3);
        a.setSegmentLabel("Regulars ü");
        history = history.record(a);
        return new CustomerState(p, a, T.plusSeconds(86_400 * 30).toEpochMilli(), ids, history);
    }

    @Test
    void shouldRoundTripEveryField() {
        CustomerState s = full();
        CustomerState back = CustomerStateSerde.decode(CustomerStateSerde.encode(s));
        assertEquals(s.profile(), back.profile());
        assertEquals(s.assignment(), back.assignment());
        assertEquals(s.filedDue(), back.filedDue());
        assertTrue(Arrays.equals(s.ids().periods(), back.ids().periods()));
        assertTrue(Arrays.deepEquals(s.ids().ids(), back.ids().ids()));
        assertTrue(Arrays.equals(s.ids().archived(), back.ids().archived()));
        assertEquals(s.history(), back.history());
        assertEquals(2, back.history().changes().size());
        assertEquals(2, back.ids().inlineCount());

        CustomerState unscored = CustomerState.of(s.profile());
        CustomerState back2 = CustomerStateSerde.decode(CustomerStateSerde.encode(unscored));
        assertNull(back2.assignment());
        assertEquals(CustomerState.NOT_FILED, back2.filedDue());
    }

    @Test
    void shouldCostEightBytesPerTransactionIdInOnePeriod() {
        CustomerState s = full();
        int before = CustomerStateSerde.encode(s).length;
        for (int i = 0; i < 100; i++) {
            s.ids().add(561, 1000 + i);
        }
        assertEquals(before + 800, CustomerStateSerde.encode(s).length);
    }

    @Test
    void shouldRefuseAnotherFormatAndCorruptBytesWithAClearError() {
        byte[] bytes = CustomerStateSerde.encode(full());
        bytes[0] = 1;
        SerializationException old = assertThrows(SerializationException.class, () -> CustomerStateSerde.decode(bytes));
        assertTrue(old.getMessage().contains("format 1"), old.getMessage());
        byte[] truncated = Arrays.copyOf(CustomerStateSerde.encode(full()), 40);
        assertThrows(SerializationException.class, () -> CustomerStateSerde.decode(truncated));
    }
}
