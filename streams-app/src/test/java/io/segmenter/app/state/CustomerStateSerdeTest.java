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
import java.util.Base64;
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
                Map.of("Age", 38.0, "Family_Size", 3.0), Map.of("Gender", "Female", "Profession", "Engineer"), T.minusSeconds(3600));
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
        SegmentAssignment demographic = new SegmentAssignment("12348", 0, "Young engineers", null, "demographic", 2L,
                Map.of("Age", 38.0, "Gender=Female", 1.0), 0.5, 0.1, 0, 0, 0, "", "Unscored", null, T, null, EmitReason.NEW_ATTRIBUTES);
        return new CustomerState(p, List.of(a, demographic), T.plusSeconds(86_400 * 30).toEpochMilli(), ids, history);
    }

    @Test
    void shouldRoundTripEveryField() {
        CustomerState s = full();
        CustomerState back = CustomerStateSerde.decode(CustomerStateSerde.encode(s));
        assertEquals(s.profile(), back.profile());
        assertEquals(s.assignments(), back.assignments());
        assertEquals(2, back.assignments().size());
        assertEquals("demographic", back.assignment("demographic").getModelName());
        assertEquals(Map.of("Gender", "Female", "Profession", "Engineer"), back.profile().getCategoricalAttributes());
        assertEquals(s.filedDue(), back.filedDue());
        assertTrue(Arrays.equals(s.ids().periods(), back.ids().periods()));
        assertTrue(Arrays.deepEquals(s.ids().ids(), back.ids().ids()));
        assertTrue(Arrays.equals(s.ids().archived(), back.ids().archived()));
        assertEquals(s.history(), back.history());
        assertEquals(2, back.history().changes().size());
        assertEquals(2, back.ids().inlineCount());

        CustomerState unscored = CustomerState.of(s.profile());
        CustomerState back2 = CustomerStateSerde.decode(CustomerStateSerde.encode(unscored));
        assertNull(back2.assignment("rfm"));
        assertTrue(back2.assignments().isEmpty());
        assertEquals(CustomerState.NOT_FILED, back2.filedDue());
    }

    /** Bytes of {@link #full()} (without attributes and the second model) as the previous release wrote them: format 2. */
    private static final String FORMAT_2 = "AgAAAAUxMjM0OAAAAANHQlABAAABLnso4QABAAABMEqlOQAAAAAAAAAABAAAAAAAAr4IAAAAAAAAAAAAAAFtAAAAAAAAAAMAAAAAAAJJ8AAAAAIAAAEwAowxAAAAAAEAAAAAAADDUAAAATBKpTkAAAAAAgAAAAAAAYagAQAAATBKpTkAAAABMEqmI2ABAAAAAwAAAAtSZWd1bGFycyDDvAEAAAABAAAAA3JmbQAAAAAAAAAHAAAAAwAAAAxyZWNlbmN5X2RheXNACAAAAAAAAAAAAAlmcmVxdWVuY3lACAAAAAAAAAAAAAhtb25ldGFyeUCXcAAAAAAAP9AAAAAAAAA/+AAAAAAAAAAAAAEAAAACAAAAAQAAAAMxMjEAAAAIVG9wIHRpZXIBAAAABUxveWFsAAABMEqmI2ABAAABMEqlOQAAAAABMOUkAQAAAAABAAACMQAAAAL/////////9wAAAAAAAAADAAAAAQAAAjACAAAAAgAAAAlDaGFtcGlvbnMAAAAIVG9wIHRpZXIAAAAAAAAABwAAATBKpiNgAAAAAwAAAAtSZWd1bGFycyDDvAAAAAhUb3AgdGllcgAAAAAAAAAHAAABMEqmI2A=";

    @Test
    void shouldReadTheStateThePreviousReleaseWrote() {
        CustomerState old = CustomerStateSerde.decode(Base64.getDecoder().decode(FORMAT_2));
        CustomerState now = full();
        assertEquals(now.profile().getBuckets(), old.profile().getBuckets());
        assertEquals(now.profile().getLifetimeNetMonetaryMinor(), old.profile().getLifetimeNetMonetaryMinor());
        assertTrue(old.profile().getNumericAttributes().isEmpty());
        assertNull(old.profile().getAttributesTime());
        assertEquals(List.of(now.assignment("rfm")), old.assignments());
        assertEquals(now.filedDue(), old.filedDue());
        assertEquals(now.history(), old.history());
        assertTrue(Arrays.deepEquals(now.ids().ids(), old.ids().ids()));
        // written back in this release's format, and read again the same
        byte[] migrated = CustomerStateSerde.encode(old);
        assertEquals(CustomerStateSerde.FORMAT, migrated[0]);
        assertEquals(old.assignments(), CustomerStateSerde.decode(migrated).assignments());
    }

    /** Bytes of {@link #full()} as the release before the varint format wrote them: format 3 (fixed-width integers). */
    private static final String FORMAT_3 = "AwAAAAUxMjM0OAAAAANHQlABAAABLnso4QABAAABMEqlOQAAAAAAAAAABAAAAAAAAr4IAAAAAAAAAAAAAAFtAAAAAAAAAAMAAAAAAAJJ8AAAAAIAAAEwAowxAAAAAAEAAAAAAADDUAAAATBKpTkAAAAAAgAAAAAAAYagAQAAATBKpTkAAAABMEqmI2AAAAACAAAAC0ZhbWlseV9TaXplQAgAAAAAAAAAAAADQWdlQEMAAAAAAAAAAAACAAAABkdlbmRlcgAAAAZGZW1hbGUAAAAKUHJvZmVzc2lvbgAAAAhFbmdpbmVlcgEAAAEwSm5KgAIAAAADAAAAC1JlZ3VsYXJzIMO8AQAAAAEAAAADcmZtAAAAAAAAAAcAAAADAAAADHJlY2VuY3lfZGF5c0AIAAAAAAAAAAAACWZyZXF1ZW5jeUAIAAAAAAAAAAAACG1vbmV0YXJ5QJdwAAAAAAA/0AAAAAAAAD/4AAAAAAAAAAAAAQAAAAIAAAABAAAAAzEyMQAAAAhUb3AgdGllcgEAAAAFTG95YWwAAAEwSqYjYAEAAAEwSqU5AAAAAAAAAAAAD1lvdW5nIGVuZ2luZWVycwAAAAALZGVtb2dyYXBoaWMAAAAAAAAAAgAAAAIAAAANR2VuZGVyPUZlbWFsZT/wAAAAAAAAAAAAA0FnZUBDAAAAAAAAP+AAAAAAAAA/uZmZmZmZmgAAAAAAAAAAAAAAAAAAAAAAAAAIVW5zY29yZWQAAAABMEqlOQAABAAAATDlJAEAAAAAAQAAAjEAAAAC//////////cAAAAAAAAAAwAAAAEAAAIwAgAAAAIAAAAJQ2hhbXBpb25zAAAACFRvcCB0aWVyAAAAAAAAAAcAAAEwSqYjYAAAAAMAAAALUmVndWxhcnMgw7wAAAAIVG9wIHRpZXIAAAAAAAAABwAAATBKpiNg";

    @Test
    void shouldReadFormatThreeAndWriteItBackSmaller() {
        byte[] fixedWidth = Base64.getDecoder().decode(FORMAT_3);
        assertEquals(CustomerStateSerde.FIXED_WIDTH_FORMAT, fixedWidth[0]);
        CustomerState old = CustomerStateSerde.decode(fixedWidth);
        CustomerState now = full();
        assertEquals(now.profile(), old.profile());
        assertEquals(now.assignments(), old.assignments());
        assertEquals(now.filedDue(), old.filedDue());
        assertEquals(now.history(), old.history());
        assertTrue(Arrays.deepEquals(now.ids().ids(), old.ids().ids()));
        assertTrue(Arrays.equals(now.ids().archived(), old.ids().archived()));

        byte[] migrated = CustomerStateSerde.encode(old);
        assertEquals(CustomerStateSerde.FORMAT, migrated[0]);
        assertEquals(old.profile(), CustomerStateSerde.decode(migrated).profile());
        assertTrue(migrated.length * 4 < fixedWidth.length * 3, "varints: " + migrated.length + " bytes against " + fixedWidth.length);
    }

    @Test
    void shouldRoundTripExtremeIntegers() {
        CustomerState s = full();
        CustomerProfile p = s.profile();
        p.setLifetimeNetMonetaryMinor(Long.MIN_VALUE);
        p.setLifetimeRefundMinor(Long.MAX_VALUE);
        p.setHorizonNetMonetaryMinor(-1L);
        p.setHorizonDays(Integer.MAX_VALUE);
        p.setLastEventTime(Instant.ofEpochMilli(-86_400_000L));
        s.filedDue(CustomerState.NOT_FILED);
        s.ids().add(Integer.MIN_VALUE, Long.MIN_VALUE);
        CustomerState back = CustomerStateSerde.decode(CustomerStateSerde.encode(s));
        assertEquals(p, back.profile());
        assertEquals(CustomerState.NOT_FILED, back.filedDue());
        assertTrue(Arrays.equals(s.ids().periods(), back.ids().periods()));
        assertTrue(Arrays.deepEquals(s.ids().ids(), back.ids().ids()));
    }

    @Test
    void shouldCostEightBytesPerTransactionIdInOnePeriod() {
        CustomerState s = full();
        int before = CustomerStateSerde.encode(s).length;
        for (int i = 0; i < 100; i++) {
            s.ids().add(561, 1000 + i);
        }
        int grown = CustomerStateSerde.encode(s).length - before;
        assertTrue(grown >= 800 && grown <= 802, "8 bytes per id, and the id count's varint may take a byte or two more: " + grown);
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
