package io.segmenter.app.state;

import io.segmenter.avro.CustomerProfile;
import io.segmenter.avro.EmitReason;
import io.segmenter.avro.PeriodBucket;
import io.segmenter.avro.SegmentAssignment;
import io.segmenter.serde.AvroBinaryWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The binary format of {@link CustomerState} in its store and changelog (internal: never on a public
 * topic). Hand-written rather than Avro because it is read and written once per transaction; the first
 * byte is the format version, and a reader of this version reads the two before it, so a store written
 * by an earlier release migrates as it is read. Format 4 (format 1 was seven separate stores):
 *
 * <pre>
 * u8 format=4
 * profile:     str customerId, str currency, opt-i64 firstPurchase, opt-i64 lastPurchase, i64 lifetimeCount,
 *              i64 lifetimeNet, i64 lifetimeRefund, i32 horizonDays, i64 horizonCount, i64 horizonNet,
 *              i32 n, n x (i64 periodStart, i32 count, i64 net), opt-i64 lastEventTime, i64 updatedAt
 * attributes:  i32 n, n x (str name, f64 value), i32 m, m x (str name, str value), opt-i64 attributesTime
 * assignments: u8 n, n x (i32 segmentId, str label, opt-i32 previousSegmentId, str modelName, i64 version,
 *              i32 n, n x (str name, f64 value), f64 distance, f64 margin, i32 r, i32 f, i32 m, str rfmClass,
 *              str rfmSegment, opt-str previousRfmSegment, i64 assignedAt, opt-i64 sourceEventTime, u8 reason)
 * i64 filedDue
 * ids:         i32 n, n x (i32 period, i32 m, m x fixed64 fingerprint), i32 a, a x i32 archivedPeriod
 * history:     u8 n, n x (i32 segmentId, str label, str rfmSegment, i64 modelVersion, i64 at)
 * </pre>
 * i32, i64, f64 and str are Avro's binary encoding (zig-zag varints, little-endian IEEE 754, varint byte
 * length then UTF-8; written with {@link AvroBinaryWriter}), fixed64 is 8 bytes big-endian; opt-x is a u8
 * presence flag then x. Format 3 is the same with every i32 4 bytes, every i64 and f64 8 bytes, all
 * big-endian (a customer with ten purchases took about a third more bytes). Format 2 is format 3 without the attributes section and with, instead of the assignments, u8
 * present then one assignment.
 */
public final class CustomerStateSerde implements Serde<CustomerState> {

    public static final byte FORMAT = 4;
    /** The formats before this one, still read (and written back as {@link #FORMAT}): fixed-width integers. */
    public static final byte FIXED_WIDTH_FORMAT = 3;
    public static final byte PREVIOUS_FORMAT = 2;
    private static final EmitReason[] REASONS = EmitReason.values();

    @Override
    public Serializer<CustomerState> serializer() {
        return (topic, state) -> state == null ? null : encode(state);
    }

    @Override
    public Deserializer<CustomerState> deserializer() {
        return (topic, bytes) -> bytes == null ? null : decode(bytes);
    }

    public static byte[] encode(CustomerState s) {
        AvroBinaryWriter w = AvroBinaryWriter.scratch();
        w.writeByte(FORMAT);
        CustomerProfile p = s.profile();
        w.writeString(p.getCustomerId());
        w.writeString(p.getCurrency());
        optTime(w, p.getFirstPurchaseTime());
        optTime(w, p.getLastPurchaseTime());
        w.writeLong(p.getLifetimePurchaseCount());
        w.writeLong(p.getLifetimeNetMonetaryMinor());
        w.writeLong(p.getLifetimeRefundMinor());
        w.writeInt(p.getHorizonDays());
        w.writeLong(p.getHorizonPurchaseCount());
        w.writeLong(p.getHorizonNetMonetaryMinor());
        List<PeriodBucket> buckets = p.getBuckets();
        w.writeInt(buckets.size());
        for (int i = 0, n = buckets.size(); i < n; i++) {
            PeriodBucket b = buckets.get(i);
            w.writeLong(b.getPeriodStart().toEpochMilli());
            w.writeInt(b.getPurchaseCount());
            w.writeLong(b.getNetMonetaryMinor());
        }
        optTime(w, p.getLastEventTime());
        w.writeLong(p.getUpdatedAt().toEpochMilli());

        Map<String, Double> numbers = p.getNumericAttributes();
        w.writeInt(numbers.size());
        for (Map.Entry<String, Double> e : numbers.entrySet()) {
            w.writeString(e.getKey());
            w.writeDouble(e.getValue());
        }
        Map<String, String> categories = p.getCategoricalAttributes();
        w.writeInt(categories.size());
        for (Map.Entry<String, String> e : categories.entrySet()) {
            w.writeString(e.getKey());
            w.writeString(e.getValue());
        }
        optTime(w, p.getAttributesTime());

        List<SegmentAssignment> assignments = s.assignments();
        w.writeByte(assignments.size());
        for (SegmentAssignment a : assignments) {
            writeAssignment(w, a);
        }
        w.writeLong(s.filedDue());
        IdFingerprints ids = s.ids();
        int[] periods = ids.periods();
        w.writeInt(periods.length);
        for (int i = 0; i < periods.length; i++) {
            w.writeInt(periods[i]);
            int n = ids.count(i);
            w.writeInt(n);
            for (int j = 0; j < n; j++) {
                w.writeFixed64(ids.fingerprint(i, j)); // uniformly spread: a varint would take more
            }
        }
        int[] archived = ids.archived();
        w.writeInt(archived.length);
        for (int v : archived) {
            w.writeInt(v);
        }
        List<SegmentHistory.Change> changes = s.history().changes();
        w.writeByte(changes.size());
        for (SegmentHistory.Change c : changes) {
            w.writeInt(c.segmentId());
            w.writeString(c.segmentLabel());
            w.writeString(c.rfmSegment() == null ? "" : c.rfmSegment());
            w.writeLong(c.modelVersion());
            w.writeLong(c.at());
        }
        return w.toByteArray();
    }

    private static void writeAssignment(AvroBinaryWriter w, SegmentAssignment a) {
        w.writeInt(a.getSegmentId());
        w.writeString(a.getSegmentLabel());
        w.writeByte(a.getPreviousSegmentId() == null ? 0 : 1);
        if (a.getPreviousSegmentId() != null) {
            w.writeInt(a.getPreviousSegmentId());
        }
        w.writeString(a.getModelName());
        w.writeLong(a.getModelVersion());
        w.writeInt(a.getFeatures().size());
        for (Map.Entry<String, Double> f : a.getFeatures().entrySet()) {
            w.writeString(f.getKey());
            w.writeDouble(f.getValue());
        }
        w.writeDouble(a.getDistance());
        w.writeDouble(a.getMargin());
        w.writeInt(a.getRecencyScore());
        w.writeInt(a.getFrequencyScore());
        w.writeInt(a.getMonetaryScore());
        w.writeString(a.getRfmClass());
        w.writeString(a.getRfmSegment());
        w.writeByte(a.getPreviousRfmSegment() == null ? 0 : 1);
        if (a.getPreviousRfmSegment() != null) {
            w.writeString(a.getPreviousRfmSegment());
        }
        w.writeLong(a.getAssignedAt().toEpochMilli());
        optTime(w, a.getSourceEventTime());
        w.writeByte(a.getReason().ordinal());
    }

    private static void optTime(AvroBinaryWriter w, Instant t) {
        if (t == null) {
            w.writeByte(0);
        } else {
            w.writeByte(1);
            w.writeLong(t.toEpochMilli());
        }
    }

    public static CustomerState decode(byte[] bytes) {
        Reader r = reader(bytes);
        try {
            CustomerProfile profile = readProfile(r);
            String customerId = profile.getCustomerId();
            List<SegmentAssignment> assignments = new ArrayList<>(1);
            if (r.format == PREVIOUS_FORMAT) {
                if (r.u8() == 1) {
                    assignments.add(readAssignment(r, customerId));
                }
            } else {
                for (int i = 0, n = r.u8(); i < n; i++) {
                    assignments.add(readAssignment(r, customerId));
                }
            }
            long filedDue = r.i64();
            int np = r.count(8);
            int[] periods = new int[np];
            long[][] fps = new long[np][];
            for (int i = 0; i < np; i++) {
                periods[i] = r.i32();
                long[] p = new long[r.countOfFixed(8)];
                for (int j = 0; j < p.length; j++) {
                    p[j] = r.fixed64();
                }
                fps[i] = p;
            }
            int[] archived = new int[r.count(4)];
            for (int i = 0; i < archived.length; i++) {
                archived[i] = r.i32();
            }
            int nh = r.u8();
            List<SegmentHistory.Change> changes = new ArrayList<>(nh);
            for (int i = 0; i < nh; i++) {
                changes.add(new SegmentHistory.Change(r.i32(), r.str(), r.str(), r.i64(), r.i64()));
            }
            return new CustomerState(profile, assignments, filedDue, new IdFingerprints(periods, fps, archived),
                    nh == 0 ? SegmentHistory.EMPTY : new SegmentHistory(changes));
        } catch (ArrayIndexOutOfBoundsException | IllegalArgumentException e) {
            throw new SerializationException("truncated or corrupt customer state (" + bytes.length + " bytes)", e);
        }
    }

    private static SegmentAssignment readAssignment(Reader r, String customerId) {
        int segmentId = r.i32();
        String label = r.str();
        Integer previous = r.u8() == 1 ? r.i32() : null;
        String modelName = r.str();
        long version = r.i64();
        int nf = r.count(12);
        Map<String, Double> features = new LinkedHashMap<>(nf * 2);
        for (int i = 0; i < nf; i++) {
            features.put(r.str(), r.f64());
        }
        double distance = r.f64();
        double margin = r.f64();
        int rs = r.i32();
        int fs = r.i32();
        int ms = r.i32();
        String rfmClass = r.str();
        String rfmSegment = r.str();
        String previousRfm = r.u8() == 1 ? r.str() : null;
        Instant assignedAt = Instant.ofEpochMilli(r.i64());
        Instant source = r.optTime();
        EmitReason reason = REASONS[r.u8()];
        return new SegmentAssignment(customerId, segmentId, label, previous, modelName, version, features,
                distance, margin, rs, fs, ms, rfmClass, rfmSegment, previousRfm, assignedAt, source, reason);
    }

    /** Only the profile of an encoded state (it comes first), for the profile output at cache flush. */
    public static CustomerProfile decodeProfile(byte[] bytes) {
        Reader r = reader(bytes);
        try {
            return readProfile(r);
        } catch (ArrayIndexOutOfBoundsException | IllegalArgumentException e) {
            throw new SerializationException("truncated or corrupt customer state (" + bytes.length + " bytes)", e);
        }
    }

    /** A reader past the format byte, which must be this format or the one before it. */
    private static Reader reader(byte[] bytes) {
        Reader r = new Reader(bytes);
        int format = bytes.length == 0 ? -1 : r.u8();
        r.format = format;
        if (format != FORMAT && format != FIXED_WIDTH_FORMAT && format != PREVIOUS_FORMAT) {
            throw new SerializationException("customer state format " + format + " is not one of " + FORMAT + ", " + FIXED_WIDTH_FORMAT + " and "
                    + PREVIOUS_FORMAT + " (state written by another version of streams-app; see the README on upgrading)");
        }
        r.varints = format == FORMAT;
        return r;
    }

    private static CustomerProfile readProfile(Reader r) {
        String customerId = r.str();
        String currency = r.str();
        Instant first = r.optTime();
        Instant last = r.optTime();
        long lifetimeCount = r.i64();
        long lifetimeNet = r.i64();
        long lifetimeRefund = r.i64();
        int horizonDays = r.i32();
        long horizonCount = r.i64();
        long horizonNet = r.i64();
        int nb = r.count(20);
        List<PeriodBucket> buckets = new ArrayList<>(nb);
        for (int i = 0; i < nb; i++) {
            buckets.add(new PeriodBucket(Instant.ofEpochMilli(r.i64()), r.i32(), r.i64()));
        }
        Instant lastEvent = r.optTime();
        Instant updatedAt = Instant.ofEpochMilli(r.i64());
        Map<String, Double> numbers = Map.of();
        Map<String, String> categories = Map.of();
        Instant attributesTime = null;
        if (r.format != PREVIOUS_FORMAT) {
            int nn = r.count(12);
            numbers = nn == 0 ? Map.of() : new LinkedHashMap<>(nn * 2);
            for (int i = 0; i < nn; i++) {
                numbers.put(r.str(), r.f64());
            }
            int nc = r.count(8);
            categories = nc == 0 ? Map.of() : new LinkedHashMap<>(nc * 2);
            for (int i = 0; i < nc; i++) {
                categories.put(r.str(), r.str());
            }
            attributesTime = r.optTime();
        }
        return new CustomerProfile(customerId, currency, first, last, lifetimeCount, lifetimeNet,
                lifetimeRefund, horizonDays, horizonCount, horizonNet, buckets, lastEvent, updatedAt, null, null, null,
                numbers, categories, attributesTime);
    }

    private static final class Reader {
        private final byte[] buf;
        private int pos;
        private int format;
        private boolean varints;

        Reader(byte[] buf) {
            this.buf = buf;
        }

        int u8() {
            return buf[pos++] & 0xFF;
        }

        int i32() {
            if (varints) {
                long v = i64();
                if (v != (int) v) {
                    throw new IllegalArgumentException("int out of range " + v);
                }
                return (int) v;
            }
            int v = ((buf[pos] & 0xFF) << 24) | ((buf[pos + 1] & 0xFF) << 16) | ((buf[pos + 2] & 0xFF) << 8) | (buf[pos + 3] & 0xFF);
            pos += 4;
            return v;
        }

        long i64() {
            if (!varints) {
                return fixed64();
            }
            long z = 0;
            for (int shift = 0; ; shift += 7) {
                if (shift > 63) {
                    throw new IllegalArgumentException("varint longer than 10 bytes");
                }
                byte b = buf[pos++];
                z |= (long) (b & 0x7F) << shift;
                if (b >= 0) {
                    break;
                }
            }
            return (z >>> 1) ^ -(z & 1);
        }

        long fixed64() {
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (buf[pos++] & 0xFF);
            }
            return v;
        }

        double f64() {
            return Double.longBitsToDouble(varints ? Long.reverseBytes(fixed64()) : fixed64()); // format 4: Avro's little-endian
        }

        /**
         * A count of items of at least {@code minBytes} each in the fixed-width formats (at least one in the
         * varint one), checked against what is left so a corrupt count cannot allocate.
         */
        int count(int minBytes) {
            return checked(i32(), varints ? 1 : minBytes);
        }

        /** A count of items of exactly {@code bytes} each in every format. */
        int countOfFixed(int bytes) {
            return checked(i32(), bytes);
        }

        private int checked(int n, int minBytes) {
            if (n < 0 || (long) n * minBytes > buf.length - pos) {
                throw new IllegalArgumentException("count " + n);
            }
            return n;
        }

        String str() {
            int n = count(1);
            String s = new String(buf, pos, n, StandardCharsets.UTF_8);
            pos += n;
            return s;
        }

        Instant optTime() {
            return u8() == 1 ? Instant.ofEpochMilli(i64()) : null;
        }
    }
}
