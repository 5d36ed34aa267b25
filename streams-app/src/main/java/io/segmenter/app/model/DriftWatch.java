package io.segmenter.app.model;

import io.segmenter.avro.Centroid;
import io.segmenter.avro.SegmentAssignment;
import io.segmenter.avro.SegmentModel;
import io.segmenter.model.DriftMeter;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Whether the customers still look like the ones the scoring model was trained on, on this instance: per
 * feature the PSI of the customers' current features against the model's training bins, and per segment
 * the share of customers against its share in training. Measured on the periodic walk over the customer
 * states (bounded: one counter per bin and per segment), read by the metrics and {@code GET /model}.
 */
public final class DriftWatch {

    /**
     * One measure.
     *
     * @param psi per feature; empty when the model records no training distribution
     * @param liveShares share of this instance's scored customers per segment label
     * @param trainingShares share of the training snapshot per segment label
     */
    public record Snapshot(String model, long version, long customers, Map<String, Double> psi, Map<String, Double> liveShares,
            Map<String, Double> trainingShares, Instant measuredAt) {}

    /** Accumulates one walk. */
    public static final class Measure {
        private final SegmentModel model;
        private final DriftMeter meter;
        private final Map<String, Long> bySegment = new TreeMap<>();
        private long customers;

        Measure(SegmentModel model) {
            this.model = model;
            this.meter = new DriftMeter(model);
        }

        /** Counts a customer scored by the model (assignments of other models or versions are left out). */
        public void add(SegmentAssignment a) {
            if (a == null || !model.getName().equals(a.getModelName()) || a.getModelVersion() != model.getVersion()) {
                return;
            }
            customers++;
            meter.add(a.getFeatures());
            bySegment.merge(a.getSegmentLabel(), 1L, Long::sum);
        }

        public Snapshot finish(Instant now) {
            Map<String, Double> live = new TreeMap<>();
            Map<String, Double> training = new TreeMap<>();
            for (Centroid c : model.getCentroids()) {
                training.put(c.getLabel(), model.getSnapshotSize() == 0 ? 0.0 : (double) c.getSize() / model.getSnapshotSize());
                live.put(c.getLabel(), customers == 0 ? 0.0 : (double) bySegment.getOrDefault(c.getLabel(), 0L) / customers);
            }
            return new Snapshot(model.getName(), model.getVersion(), customers, meter.psi(), live, training, now);
        }
    }

    private volatile Snapshot latest;

    public static Measure measure(SegmentModel model) {
        return new Measure(model);
    }

    public void update(Snapshot snapshot) {
        latest = snapshot;
    }

    /** The latest measure of that model version, if the walk has run since it was loaded. */
    public Optional<Snapshot> latest(String model, long version) {
        Snapshot s = latest;
        return s != null && s.model().equals(model) && s.version() == version ? Optional.of(s) : Optional.empty();
    }
}
