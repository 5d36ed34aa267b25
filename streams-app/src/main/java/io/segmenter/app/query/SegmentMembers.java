package io.segmenter.app.query;

import io.segmenter.app.state.CustomerState;
import io.segmenter.avro.SegmentAssignment;
import io.segmenter.model.RfmFeatures;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;

/**
 * {@code GET /segments/{id}/customers}: a segment's members paged by customer id. Each instance walks its
 * partitions' stores from the cursor in id order (merged), examining at most {@link #SCAN_LIMIT} customers
 * per request; the instance that was asked merges the instances' pages ({@link #merge}).
 *
 * <p>The cursor order is the stores' key order: the UTF-8 bytes of the id, which is code point order
 * ({@link #ID_ORDER}).
 */
public final class SegmentMembers {

    /** Largest page. */
    public static final int MAX_LIMIT = 500;
    public static final int DEFAULT_LIMIT = 50;
    /** Most customers one instance examines for one page; a sparse segment's page may then come back short, with a cursor to go on. */
    public static final int SCAN_LIMIT = 20_000;

    /** Code point order, which is the order of the ids' UTF-8 bytes (the stores' key order); String.compareTo differs on surrogates. */
    public static final Comparator<String> ID_ORDER = (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    };

    private SegmentMembers() {}

    /** The members of one instance: customers after {@code after} (null: from the start) whose {@code model} assignment is in {@code segmentId}. */
    static Views.LocalMembers collect(Iterator<KeyValue<String, CustomerState>> inIdOrder, String model, String primary, int segmentId,
            String after, int limit, int scanLimit) {
        List<Views.Member> out = new ArrayList<>();
        int scanned = 0;
        String last = null;
        while (inIdOrder.hasNext()) {
            if (scanned == scanLimit) {
                return new Views.LocalMembers(out, last);
            }
            KeyValue<String, CustomerState> kv = inIdOrder.next();
            if (after != null && ID_ORDER.compare(kv.key, after) <= 0) {
                continue; // the range starts at the cursor itself
            }
            scanned++;
            last = kv.key;
            SegmentAssignment a = kv.value.assignment(model);
            if (a != null && a.getSegmentId() == segmentId) {
                out.add(member(kv.key, kv.value, a, primary));
                if (out.size() == limit) {
                    return new Views.LocalMembers(out, inIdOrder.hasNext() ? last : null);
                }
            }
        }
        return new Views.LocalMembers(out, null);
    }

    private static Views.Member member(String id, CustomerState state, SegmentAssignment a, String primary) {
        Map<String, Double> f = a.getFeatures();
        SegmentAssignment p = state.assignment(primary);
        if (!f.containsKey(RfmFeatures.RECENCY) && p != null) {
            f = p.getFeatures();
        }
        Map<String, Object> attributes = new TreeMap<>(state.profile().getNumericAttributes());
        attributes.putAll(state.profile().getCategoricalAttributes());
        String rfm = p == null || p.getRfmSegment() == null || p.getRfmSegment().isEmpty() ? null : p.getRfmSegment();
        return new Views.Member(id, new Views.Segment(a.getSegmentId(), a.getSegmentLabel()), a.getDistance(), a.getMargin(),
                f.get(RfmFeatures.RECENCY), f.get(RfmFeatures.FREQUENCY), f.get(RfmFeatures.MONETARY), rfm, attributes);
    }

    /**
     * The page over every instance: every instance examined its customers up to its {@code scannedTo}, so the
     * smallest of those (the horizon) bounds what is known; the first {@code limit} members up to it, and the
     * cursor after them (the horizon when fewer were found, null when every instance is done).
     */
    static Views.Members merge(Views.ModelRef model, Views.Segment segment, String after, int limit, List<Views.LocalMembers> parts) {
        String horizon = null;
        for (Views.LocalMembers p : parts) {
            if (p.scannedTo() != null && (horizon == null || ID_ORDER.compare(p.scannedTo(), horizon) < 0)) {
                horizon = p.scannedTo();
            }
        }
        List<Views.Member> known = new ArrayList<>();
        for (Views.LocalMembers p : parts) {
            for (Views.Member m : p.members()) {
                if (horizon == null || ID_ORDER.compare(m.customerId(), horizon) <= 0) {
                    known.add(m);
                }
            }
        }
        known.sort(Comparator.comparing(Views.Member::customerId, ID_ORDER));
        String next;
        List<Views.Member> page;
        if (known.size() > limit) {
            page = List.copyOf(known.subList(0, limit));
            next = page.getLast().customerId();
        } else {
            page = List.copyOf(known);
            next = horizon;
        }
        return new Views.Members(model, segment, after, limit, page, next, parts.size());
    }

    /** Merges iterators that are each in {@link #ID_ORDER} (one per partition) into one in that order. */
    static <V> Iterator<KeyValue<String, V>> merged(List<? extends Iterator<KeyValue<String, V>>> sorted) {
        record Head<V>(KeyValue<String, V> kv, Iterator<KeyValue<String, V>> rest) {}
        PriorityQueue<Head<V>> heads = new PriorityQueue<>((x, y) -> ID_ORDER.compare(x.kv().key, y.kv().key));
        for (Iterator<KeyValue<String, V>> it : sorted) {
            if (it.hasNext()) {
                heads.add(new Head<>(it.next(), it));
            }
        }
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return !heads.isEmpty();
            }

            @Override
            public KeyValue<String, V> next() {
                Head<V> h = heads.poll();
                if (h == null) {
                    throw new NoSuchElementException();
                }
                if (h.rest().hasNext()) {
                    heads.add(new Head<>(h.rest().next(), h.rest()));
                }
                return h.kv();
            }
        };
    }
}
