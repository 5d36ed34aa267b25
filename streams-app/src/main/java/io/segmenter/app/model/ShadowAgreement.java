package io.segmenter.app.model;

import io.segmenter.avro.Centroid;
import io.segmenter.avro.FeatureSpec;
import io.segmenter.avro.SegmentAssignment;
import io.segmenter.avro.SegmentModel;
import io.segmenter.model.Scorer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How a shadow candidate would segment the customers the live model scored: each customer's current
 * features (as the live model last scored them) are scored with the candidate, and the two segment ids
 * compared (the trainer matches ids across versions, so equal ids mean the same segment). Fed one customer
 * at a time from a walk over the customer states; memory is one counter per segment pair. Not thread-safe.
 */
public final class ShadowAgreement {

    /** Customers the live model puts in one segment and the candidate in another (or the same). */
    public record Pair(int liveSegmentId, String liveLabel, int candidateSegmentId, String candidateLabel, long customers) {}

    /**
     * One walk's result.
     *
     * @param customers customers of the live model's version that the candidate scored
     * @param pairs every live → candidate pair with at least one customer, agreeing ones included
     */
    public record Result(String model, long liveVersion, long candidateVersion, long customers, long agreeing, List<Pair> pairs) {
        public double agreement() {
            return customers == 0 ? Double.NaN : (double) agreeing / customers;
        }
    }

    private final SegmentModel live;
    private final SegmentModel candidate;
    private final Scorer scorer;
    private final String[] features;
    private final double[] raw;
    private final double[] scratch;
    private final Map<Long, long[]> counts = new TreeMap<>();
    private final Map<Integer, String> liveLabels = new TreeMap<>();
    private long customers;
    private long agreeing;

    public ShadowAgreement(SegmentModel live, SegmentModel candidate) {
        this.live = live;
        this.candidate = candidate;
        this.scorer = new Scorer(candidate);
        this.features = candidate.getFeatures().stream().map(FeatureSpec::getName).toArray(String[]::new);
        this.raw = new double[features.length];
        this.scratch = new double[features.length];
    }

    /** Scores one customer with the candidate; assignments of another model or version are left out. */
    public void add(SegmentAssignment a) {
        if (a == null || !live.getName().equals(a.getModelName()) || a.getModelVersion() != live.getVersion()) {
            return;
        }
        Map<String, Double> values = a.getFeatures();
        for (int i = 0; i < features.length; i++) {
            Double x = values.get(features[i]);
            if (x == null || !Double.isFinite(x)) {
                return; // the candidate needs a feature the live model did not score
            }
            raw[i] = x;
        }
        int to = candidate.getCentroids().get(scorer.score(raw, scratch, null).centroidIndex()).getSegmentId();
        customers++;
        if (to == a.getSegmentId()) {
            agreeing++;
        }
        liveLabels.putIfAbsent(a.getSegmentId(), a.getSegmentLabel());
        counts.computeIfAbsent(((long) a.getSegmentId() << 32) | (to & 0xffffffffL), k -> new long[1])[0]++;
    }

    public Result finish() {
        Map<Integer, String> candidateLabels = new TreeMap<>();
        for (Centroid c : candidate.getCentroids()) {
            candidateLabels.put(c.getSegmentId(), c.getLabel());
        }
        List<Pair> pairs = new ArrayList<>();
        counts.forEach((key, n) -> {
            int from = (int) (key >> 32);
            int to = (int) (long) key;
            pairs.add(new Pair(from, liveLabels.get(from), to, candidateLabels.get(to), n[0]));
        });
        return new Result(live.getName(), live.getVersion(), candidate.getVersion(), customers, agreeing, pairs);
    }
}
