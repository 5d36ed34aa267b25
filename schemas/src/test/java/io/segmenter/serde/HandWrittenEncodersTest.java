package io.segmenter.serde;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.segmenter.avro.CustomerProfile;
import io.segmenter.avro.EmitReason;
import io.segmenter.avro.PeriodBucket;
import io.segmenter.avro.SegmentAssignment;
import io.segmenter.avro.Transaction;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/** The hand-written bodies are Avro's own bytes, on random records with every optional field both ways. */
class HandWrittenEncodersTest {

    // the ASCII fast path rolls back on the first other char: late ones, and one that moves the length past one varint byte
    private static final String[] TEXT = {"", "C-17850", "Ünïcödé ✓ 客户", "x".repeat(300), "GBP", "x".repeat(127) + "é", "C-1785\u00e9", "\u007f\u0080"};

    @Test
    void theProfileBodyIsTheBytesAvrosWriterWrites() throws IOException {
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 2_000; i++) {
            CustomerProfile p = profile(random);
            assertArrayEquals(avro(p), hand(p, HandWrittenEncoders::profile), p.toString());
        }
    }

    @Test
    void theAssignmentBodyIsTheBytesAvrosWriterWrites() throws IOException {
        SplittableRandom random = new SplittableRandom(12);
        for (int i = 0; i < 2_000; i++) {
            SegmentAssignment a = assignment(random);
            assertArrayEquals(avro(a), hand(a, HandWrittenEncoders::assignment), a.toString());
        }
    }

    @Test
    void theEncodersCoverTheSchemasFieldsInOrder() {
        // a field added to either schema must be added to its encoder: this list changes with it
        assertEquals(List.of("customerId", "currency", "firstPurchaseTime", "lastPurchaseTime", "lifetimePurchaseCount",
                "lifetimeNetMonetaryMinor", "lifetimeRefundMinor", "horizonDays", "horizonPurchaseCount", "horizonNetMonetaryMinor",
                "buckets", "lastEventTime", "updatedAt", "bucketDays", "clock", "modelName",
                "numericAttributes", "categoricalAttributes", "attributesTime"), names(CustomerProfile.getClassSchema()));
        assertEquals(List.of("periodStart", "purchaseCount", "netMonetaryMinor"), names(PeriodBucket.getClassSchema()));
        assertEquals(List.of("customerId", "segmentId", "segmentLabel", "previousSegmentId", "modelName", "modelVersion", "features",
                "distance", "margin", "recencyScore", "frequencyScore", "monetaryScore", "rfmClass", "rfmSegment", "previousRfmSegment",
                "assignedAt", "sourceEventTime", "reason"), names(SegmentAssignment.getClassSchema()));
        assertNull(HandWrittenEncoders.forType(Transaction.class), "other records keep Avro's writer");
    }

    @Test
    void theSerdeWritesAndReadsBackThroughBothFramings() {
        SplittableRandom random = new SplittableRandom(13);
        try (AvroSerde<CustomerProfile> profiles = new AvroSerde<>(CustomerProfile.class);
                AvroSerde<SegmentAssignment> assignments = new AvroSerde<>(SegmentAssignment.class)) {
            for (int i = 0; i < 200; i++) {
                CustomerProfile p = profile(random);
                assertEquals(p, profiles.deserialize("t", profiles.serialize("t", p)));
                SegmentAssignment a = assignment(random);
                assertEquals(a, assignments.deserialize("t", assignments.serialize("t", a)));
            }
        }
    }

    private static List<String> names(Schema schema) {
        return schema.getFields().stream().map(Schema.Field::name).toList();
    }

    private static <T extends SpecificRecord> byte[] avro(T record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<T>(record.getSchema(), SpecificData.getForClass(record.getClass())).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static <T> byte[] hand(T record, HandWrittenEncoders.BodyEncoder<T> encoder) {
        AvroBinaryWriter w = new AvroBinaryWriter(4);
        encoder.write(record, w);
        return w.toByteArray();
    }

    private static long anyLong(SplittableRandom r) {
        return switch (r.nextInt(5)) {
            case 0 -> 0;
            case 1 -> Long.MIN_VALUE;
            case 2 -> Long.MAX_VALUE;
            case 3 -> r.nextLong(-1000, 1000);
            default -> r.nextLong();
        };
    }

    private static int anyInt(SplittableRandom r) {
        return switch (r.nextInt(4)) {
            case 0 -> Integer.MIN_VALUE;
            case 1 -> Integer.MAX_VALUE;
            case 2 -> r.nextInt(-64, 64);
            default -> r.nextInt();
        };
    }

    private static Instant anyTime(SplittableRandom r) {
        return Instant.ofEpochMilli(r.nextLong(-10_000_000_000_000L, 10_000_000_000_000L));
    }

    private static <T> T maybe(SplittableRandom r, T value) {
        return r.nextBoolean() ? value : null;
    }

    private static String text(SplittableRandom r) {
        return TEXT[r.nextInt(TEXT.length)];
    }

    private static CustomerProfile profile(SplittableRandom r) {
        List<PeriodBucket> buckets = new ArrayList<>();
        for (int b = r.nextInt(4) == 0 ? 0 : r.nextInt(60); b > 0; b--) {
            buckets.add(new PeriodBucket(anyTime(r), anyInt(r), anyLong(r)));
        }
        Map<String, Double> numeric = new LinkedHashMap<>();
        Map<String, String> categorical = new LinkedHashMap<>();
        for (int a = r.nextInt(4); a > 0; a--) {
            numeric.put(text(r) + a, r.nextDouble() * 100);
            categorical.put(text(r) + a, text(r));
        }
        return CustomerProfile.newBuilder().setCustomerId(text(r)).setCurrency(text(r))
                .setFirstPurchaseTime(maybe(r, anyTime(r))).setLastPurchaseTime(maybe(r, anyTime(r)))
                .setLifetimePurchaseCount(anyLong(r)).setLifetimeNetMonetaryMinor(anyLong(r)).setLifetimeRefundMinor(anyLong(r))
                .setHorizonDays(anyInt(r)).setHorizonPurchaseCount(anyLong(r)).setHorizonNetMonetaryMinor(anyLong(r))
                .setBuckets(buckets).setLastEventTime(maybe(r, anyTime(r))).setUpdatedAt(anyTime(r))
                .setBucketDays(maybe(r, anyInt(r))).setClock(maybe(r, text(r))).setModelName(maybe(r, text(r)))
                .setNumericAttributes(numeric).setCategoricalAttributes(categorical).setAttributesTime(maybe(r, anyTime(r)))
                .build();
    }

    private static SegmentAssignment assignment(SplittableRandom r) {
        Map<String, Double> features = new LinkedHashMap<>();
        for (int f = r.nextInt(5); f > 0; f--) {
            double[] special = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.MIN_VALUE, r.nextDouble() * 1e6};
            features.put(text(r) + f, special[r.nextInt(special.length)]);
        }
        return SegmentAssignment.newBuilder().setCustomerId(text(r)).setSegmentId(anyInt(r)).setSegmentLabel(text(r))
                .setPreviousSegmentId(maybe(r, anyInt(r))).setModelName(text(r)).setModelVersion(anyLong(r)).setFeatures(features)
                .setDistance(r.nextDouble()).setMargin(-r.nextDouble()).setRecencyScore(anyInt(r)).setFrequencyScore(anyInt(r))
                .setMonetaryScore(anyInt(r)).setRfmClass(text(r)).setRfmSegment(text(r)).setPreviousRfmSegment(maybe(r, text(r)))
                .setAssignedAt(anyTime(r)).setSourceEventTime(maybe(r, anyTime(r)))
                .setReason(EmitReason.values()[r.nextInt(EmitReason.values().length)])
                .build();
    }
}
