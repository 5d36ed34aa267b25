package io.segmenter.serde;

import io.segmenter.avro.CustomerProfile;
import io.segmenter.avro.PeriodBucket;
import io.segmenter.avro.SegmentAssignment;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/**
 * Avro bodies of the two records the app writes for nearly every transaction, encoded field by field in
 * schema order. Avro's generated classes have no fast custom coders when a schema has logical types (these
 * have timestamp-millis), so its reflective writer cost about a tenth of the stream thread; these write the
 * same bytes ({@code HandWrittenEncodersTest} compares them with Avro's writer on random records) and must
 * change with the schema (the test fails when a field is added).
 */
final class HandWrittenEncoders {

    /** Writes the Avro binary body of a record. */
    interface BodyEncoder<T> {
        void write(T record, AvroBinaryWriter out);
    }

    private HandWrittenEncoders() {}

    /** The hand-written encoder of {@code type}, or null to use Avro's writer. */
    @SuppressWarnings("unchecked")
    static <T extends SpecificRecord> BodyEncoder<T> forType(Class<T> type) {
        if (type == CustomerProfile.class) {
            return (BodyEncoder<T>) (BodyEncoder<CustomerProfile>) HandWrittenEncoders::profile;
        }
        if (type == SegmentAssignment.class) {
            return (BodyEncoder<T>) (BodyEncoder<SegmentAssignment>) HandWrittenEncoders::assignment;
        }
        return null;
    }

    static void profile(CustomerProfile p, AvroBinaryWriter w) {
        w.writeString(p.getCustomerId());
        w.writeString(p.getCurrency());
        w.writeOptionalLong(millis(p.getFirstPurchaseTime()));
        w.writeOptionalLong(millis(p.getLastPurchaseTime()));
        w.writeLong(p.getLifetimePurchaseCount());
        w.writeLong(p.getLifetimeNetMonetaryMinor());
        w.writeLong(p.getLifetimeRefundMinor());
        w.writeInt(p.getHorizonDays());
        w.writeLong(p.getHorizonPurchaseCount());
        w.writeLong(p.getHorizonNetMonetaryMinor());
        List<PeriodBucket> buckets = p.getBuckets();
        if (!buckets.isEmpty()) {
            w.writeLong(buckets.size());
            for (PeriodBucket b : buckets) {
                w.writeLong(b.getPeriodStart().toEpochMilli());
                w.writeInt(b.getPurchaseCount());
                w.writeLong(b.getNetMonetaryMinor());
            }
        }
        w.writeLong(0);
        w.writeOptionalLong(millis(p.getLastEventTime()));
        w.writeLong(p.getUpdatedAt().toEpochMilli());
        w.writeOptionalInt(p.getBucketDays());
        w.writeOptionalString(p.getClock());
        w.writeOptionalString(p.getModelName());
        Map<String, Double> numeric = p.getNumericAttributes();
        if (!numeric.isEmpty()) {
            w.writeLong(numeric.size());
            for (Map.Entry<String, Double> a : numeric.entrySet()) {
                w.writeString(a.getKey());
                w.writeDouble(a.getValue());
            }
        }
        w.writeLong(0);
        Map<String, String> categorical = p.getCategoricalAttributes();
        if (!categorical.isEmpty()) {
            w.writeLong(categorical.size());
            for (Map.Entry<String, String> a : categorical.entrySet()) {
                w.writeString(a.getKey());
                w.writeString(a.getValue());
            }
        }
        w.writeLong(0);
        w.writeOptionalLong(millis(p.getAttributesTime()));
    }

    static void assignment(SegmentAssignment a, AvroBinaryWriter w) {
        w.writeString(a.getCustomerId());
        w.writeInt(a.getSegmentId());
        w.writeString(a.getSegmentLabel());
        w.writeOptionalInt(a.getPreviousSegmentId());
        w.writeString(a.getModelName());
        w.writeLong(a.getModelVersion());
        Map<String, Double> features = a.getFeatures();
        if (!features.isEmpty()) {
            w.writeLong(features.size());
            for (Map.Entry<String, Double> f : features.entrySet()) {
                w.writeString(f.getKey());
                w.writeDouble(f.getValue());
            }
        }
        w.writeLong(0);
        w.writeDouble(a.getDistance());
        w.writeDouble(a.getMargin());
        w.writeInt(a.getRecencyScore());
        w.writeInt(a.getFrequencyScore());
        w.writeInt(a.getMonetaryScore());
        w.writeString(a.getRfmClass());
        w.writeString(a.getRfmSegment());
        w.writeOptionalString(a.getPreviousRfmSegment());
        w.writeLong(a.getAssignedAt().toEpochMilli());
        w.writeOptionalLong(millis(a.getSourceEventTime()));
        w.writeInt(a.getReason().ordinal());
    }

    private static Long millis(Instant t) {
        return t == null ? null : t.toEpochMilli();
    }
}
