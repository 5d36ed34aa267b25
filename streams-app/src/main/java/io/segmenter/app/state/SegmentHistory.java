package io.segmenter.app.state;

import io.segmenter.avro.SegmentAssignment;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * A customer's last few segment changes, oldest first, bounded to {@link #LIMIT} entries; kept in
 * {@code segment-history-store} so the API can say what the previous segment was and when it changed.
 */
public record SegmentHistory(List<Change> changes) {

    public static final int LIMIT = 10;
    private static final byte FORMAT = 1;

    /** One assignment that changed the cluster segment or the RFM segment, at the clock time it was made. */
    public record Change(int segmentId, String segmentLabel, String rfmSegment, long modelVersion, long at) {

        static Change of(SegmentAssignment a) {
            return new Change(a.getSegmentId(), a.getSegmentLabel(), a.getRfmSegment(), a.getModelVersion(), a.getAssignedAt().toEpochMilli());
        }
    }

    public static final SegmentHistory EMPTY = new SegmentHistory(List.of());

    public SegmentHistory {
        changes = List.copyOf(changes);
    }

    /** This history with {@code a} appended when its segment or RFM segment differs from the last entry, bounded. */
    public SegmentHistory record(SegmentAssignment a) {
        Change next = Change.of(a);
        if (!changes.isEmpty()) {
            Change last = changes.getLast();
            if (last.segmentId() == next.segmentId() && Objects.equals(last.rfmSegment(), next.rfmSegment())) {
                return this;
            }
        }
        List<Change> out = new ArrayList<>(changes);
        out.add(next);
        while (out.size() > LIMIT) {
            out.removeFirst();
        }
        return new SegmentHistory(out);
    }

    /** The latest entry whose cluster segment differs from the current one: the previous segment. */
    public Change previousSegment() {
        if (changes.isEmpty()) {
            return null;
        }
        int current = changes.getLast().segmentId();
        for (int i = changes.size() - 2; i >= 0; i--) {
            if (changes.get(i).segmentId() != current) {
                return changes.get(i);
            }
        }
        return null;
    }

    /** When the customer entered the current cluster segment (as far as the bounded history knows), or null. */
    public Long currentSegmentSince() {
        if (changes.isEmpty()) {
            return null;
        }
        int current = changes.getLast().segmentId();
        long since = changes.getLast().at();
        for (int i = changes.size() - 1; i >= 0 && changes.get(i).segmentId() == current; i--) {
            since = changes.get(i).at();
        }
        return since;
    }

    public static Serde<SegmentHistory> serde() {
        return Serdes.serdeFrom((topic, h) -> h == null ? null : h.toBytes(), (topic, bytes) -> bytes == null ? null : fromBytes(bytes));
    }

    byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(32 + changes.size() * 48);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeByte(changes.size());
            for (Change c : changes) {
                out.writeInt(c.segmentId());
                out.writeUTF(c.segmentLabel());
                out.writeUTF(c.rfmSegment() == null ? "" : c.rfmSegment());
                out.writeLong(c.modelVersion());
                out.writeLong(c.at());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static SegmentHistory fromBytes(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte format = in.readByte();
            if (format != FORMAT) {
                throw new SerializationException("unknown segment history format " + format);
            }
            int n = in.readUnsignedByte();
            List<Change> changes = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                changes.add(new Change(in.readInt(), in.readUTF(), in.readUTF(), in.readLong(), in.readLong()));
            }
            return new SegmentHistory(changes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
