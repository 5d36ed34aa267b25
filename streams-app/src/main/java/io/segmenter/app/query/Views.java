package io.segmenter.app.query;

import io.segmenter.avro.Centroid;
import io.segmenter.avro.CustomerProfile;
import io.segmenter.avro.FeatureKind;
import io.segmenter.avro.FeatureSpec;
import io.segmenter.avro.KCandidate;
import io.segmenter.avro.SegmentAssignment;
import io.segmenter.avro.SegmentModel;
import io.segmenter.model.FeatureEncoding;
import io.segmenter.model.RfmFeatures;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The JSON shapes of the API (records Jackson writes as they are); money in major units, times as ISO-8601. */
public final class Views {

    private Views() {}

    public record Segment(int id, String label) {}

    public record ModelRef(String name, long version) {}

    public record Profile(
            String currency,
            String firstPurchaseTime,
            String lastPurchaseTime,
            String lastEventTime,
            long lifetimePurchaseCount,
            double lifetimeNetMonetary,
            double lifetimeRefunds,
            int horizonDays,
            long horizonPurchaseCount,
            double horizonNetMonetary,
            String updatedAt,
            Map<String, Object> attributes,
            String attributesTime) {

        static Profile of(CustomerProfile p) {
            String c = p.getCurrency();
            Map<String, Object> attributes = new TreeMap<>(p.getNumericAttributes());
            attributes.putAll(p.getCategoricalAttributes());
            return new Profile(c, iso(p.getFirstPurchaseTime()), iso(p.getLastPurchaseTime()), iso(p.getLastEventTime()),
                    p.getLifetimePurchaseCount(), RfmFeatures.toMajor(p.getLifetimeNetMonetaryMinor(), c),
                    RfmFeatures.toMajor(p.getLifetimeRefundMinor(), c), p.getHorizonDays(), p.getHorizonPurchaseCount(),
                    RfmFeatures.toMajor(p.getHorizonNetMonetaryMinor(), c), updateTime(p), attributes, iso(p.getAttributesTime()));
        }
    }

    public record Scores(int recency, int frequency, int monetary, String rfmClass, String rfmSegment) {}

    public record PreviousSegment(int id, String label, String rfmSegment, String at) {}

    public record HistoryEntry(int segmentId, String segmentLabel, String rfmSegment, long modelVersion, String at) {}

    /** {@code GET /customers/{id}}. Segment fields are null while the customer is not scored yet. */
    public record Customer(
            String customerId,
            Profile profile,
            Segment segment,
            String segmentSince,
            PreviousSegment previousSegment,
            ModelRef model,
            Double distance,
            Double margin,
            Scores scores,
            String previousRfmSegment,
            Map<String, Double> features,
            String assignedAt,
            String reason,
            List<HistoryEntry> history,
            List<ModelAssignment> models,
            String servedBy) {}

    /** One model's current assignment of a customer (every model the app scores, the primary first). */
    public record ModelAssignment(String model, long version, Segment segment, double distance, double margin, Map<String, Double> features,
            String rfmSegment, String assignedAt, String reason) {

        static ModelAssignment of(SegmentAssignment a) {
            return new ModelAssignment(a.getModelName(), a.getModelVersion(), new Segment(a.getSegmentId(), a.getSegmentLabel()), a.getDistance(),
                    a.getMargin(), new TreeMap<>(a.getFeatures()), a.getRfmSegment(), iso(a.getAssignedAt()), a.getReason().name());
        }
    }

    /**
     * One segment of {@code GET /segments}: centroid in original units and customers across all instances;
     * {@code revenue} and {@code purchases} sum its customers' monetary and
     * frequency features (net spend and purchases over the horizon, as last scored); {@code averageOrderValue}
     * is their ratio (null without a purchase).
     */
    public record SegmentCount(int id, String label, Map<String, Double> centroid, List<InputProfile> profile, Long trainingSize, long customers,
            double revenue, double purchases, Double averageOrderValue) {

        static SegmentCount of(int id, String label, Map<String, Double> centroid, List<InputProfile> profile, Long trainingSize, LocalCount c) {
            return new SegmentCount(id, label, centroid, profile, trainingSize, c.customers(), c.revenue(), c.purchases(),
                    c.purchases() > 0 ? c.revenue() / c.purchases() : null);
        }
    }

    public record Segments(ModelRef model, List<SegmentCount> segments, long totalCustomers, int instances) {}

    /** One instance's own counts ({@code GET /segments?local=true}), summed by the instance that was asked. */
    public record LocalCount(int id, String label, long customers, double revenue, double purchases) {

        LocalCount plus(LocalCount o) {
            return new LocalCount(id, label, customers + o.customers, revenue + o.revenue, purchases + o.purchases);
        }
    }

    public record LocalCounts(List<LocalCount> segments) {}

    /**
     * {@code GET /segments/transitions}: customers who changed segment since {@code since} (epoch millis,
     * null: every change kept), by from -> to pair, with the lifetime net revenue (reporting currency,
     * major units) of the customers who took it.
     */
    public record Transitions(Long since, List<Transition> moves, long changes, int instances) {}

    public record Transition(int fromSegmentId, String fromLabel, int toSegmentId, String toLabel, long customers, double revenue) {}

    /**
     * {@code GET /models/{name}/shadow}: how the shadow candidate would segment the customers the live model
     * scores, summed over instances; {@code pairs} holds every live -> candidate pair, agreeing ones included.
     */
    public record Shadow(String model, long liveVersion, long candidateVersion, long customers, long agreeing, Double agreement,
            List<ShadowPair> pairs, int instances) {

        static Shadow of(io.segmenter.app.model.ShadowAgreement.Result r) {
            return new Shadow(r.model(), r.liveVersion(), r.candidateVersion(), r.customers(), r.agreeing(), share(r.agreeing(), r.customers()),
                    r.pairs().stream().map(p -> new ShadowPair(p.liveSegmentId(), p.liveLabel(), p.candidateSegmentId(), p.candidateLabel(),
                            p.customers())).toList(), 1);
        }

        static Double share(long part, long whole) {
            return whole == 0 ? null : (double) part / whole;
        }
    }

    public record ShadowPair(int liveSegmentId, String liveLabel, int candidateSegmentId, String candidateLabel, long customers) {}

    public record Feature(String name, String transform, double mean, double std) {}

    public record ModelSegment(int id, String label, Map<String, Double> centroid, List<InputProfile> profile, long size) {}

    /**
     * One input a caller gives {@code POST /predict} (what the explorer's form asks for): its source, kind
     * (NUMERIC: a number; ORDINAL, CATEGORY: a string), the levels in ascending order or the listed categories,
     * and whether it may be left out (the model fills it).
     */
    public record Input(String source, String kind, List<String> choices, boolean fillable) {

        static List<Input> of(SegmentModel m) {
            return new FeatureEncoding(m).inputs().stream()
                    .map(i -> new Input(i.source(), i.kind().name(), i.choices(), i.fillable())).toList();
        }
    }

    /**
     * A centroid on one input, in real units: NUMERIC the value; ORDINAL the value (a level index) and the
     * level nearest it; CATEGORY the share of each one-hot dimension ({@code (other)} for the group's other bucket).
     */
    public record InputProfile(String source, String kind, Double value, String level, Map<String, Double> shares) {}

    public record Candidate(int k, double inertia, Double silhouette) {}

    public record Quality(int k, double inertia, double silhouette, List<Long> clusterSizes, List<Candidate> elbow) {}

    public record RfmCuts(List<Double> recency, List<Double> frequency, List<Double> monetary) {}

    /** {@code GET /model}. */
    public record Model(
            String name, long version, String trainedAt, String snapshotTime, long snapshotSize, Long previousVersion,
            List<Feature> features, List<Input> inputs, List<ModelSegment> segments, RfmCuts rfmCuts, Quality quality, Movement expectedMovement,
            Drift drift, Long shadowVersion, List<String> available, List<String> scored) {

        /**
         * @param shadow the candidate scored beside it (GET /models/{name}/shadow), or null
         * @param scored the models the app scores, the primary first (the explorer's model picker)
         */
        static Model of(SegmentModel m, List<String> available, io.segmenter.app.model.DriftWatch.Snapshot drift, SegmentModel shadow,
                List<String> scored) {
            List<Feature> features = m.getFeatures().stream()
                    .map(f -> new Feature(f.getName(), f.getTransform().name(), f.getMean(), f.getStd())).toList();
            List<ModelSegment> segments = m.getCentroids().stream()
                    .map(c -> new ModelSegment(c.getSegmentId(), c.getLabel(), centroid(m, c), profile(m, c), c.getSize())).toList();
            io.segmenter.avro.RfmCuts cuts = m.getRfmCuts();
            var q = m.getQuality();
            List<Candidate> elbow = q.getElbow().stream().map((KCandidate k) -> new Candidate(k.getK(), k.getInertia(), k.getSilhouette())).toList();
            return new Model(m.getName(), m.getVersion(), iso(m.getTrainedAt()), iso(m.getSnapshotTime()), m.getSnapshotSize(),
                    m.getPreviousVersion(), features, Input.of(m), segments,
                    cuts == null ? null : new RfmCuts(cuts.getRecency(), cuts.getFrequency(), cuts.getMonetary()),
                    new Quality(q.getK(), q.getInertia(), q.getSilhouette(), q.getClusterSizes(), elbow),
                    Movement.of(m.getExpectedMovement()), Drift.of(drift), shadow == null ? null : shadow.getVersion(), available, scored);
        }
    }

    /** How far this instance's customers have drifted from the model's training snapshot (the last periodic measure). */
    public record Drift(String measuredAt, long customers, double significantPsi, Map<String, Double> psi, List<SegmentShare> segments) {

        public record SegmentShare(String label, double liveShare, double trainingShare) {}

        static Drift of(io.segmenter.app.model.DriftWatch.Snapshot d) {
            if (d == null) {
                return null;
            }
            Map<String, Double> psi = new LinkedHashMap<>();
            d.psi().forEach((k, v) -> psi.put(k, Double.isFinite(v) ? v : null));
            List<SegmentShare> shares = d.trainingShares().entrySet().stream()
                    .map(e -> new SegmentShare(e.getKey(), d.liveShares().getOrDefault(e.getKey(), 0.0), e.getValue())).toList();
            return new Drift(iso(d.measuredAt()), d.customers(), io.segmenter.model.Drift.SIGNIFICANT, psi, shares);
        }
    }

    /** One published version in {@code GET /models/{name}/versions}. */
    public record ModelVersion(long version, String trainedAt, String snapshotTime, long snapshotSize, int k, double silhouette,
            Long previousVersion, Double movedShare, boolean inUse) {

        static ModelVersion of(SegmentModel m, boolean inUse) {
            var e = m.getExpectedMovement();
            return new ModelVersion(m.getVersion(), iso(m.getTrainedAt()), iso(m.getSnapshotTime()), m.getSnapshotSize(),
                    m.getQuality().getK(), m.getQuality().getSilhouette(), m.getPreviousVersion(),
                    e == null || e.getCustomers() == 0 ? null : (double) e.getMoved() / e.getCustomers(), inUse);
        }
    }

    /** What publishing the model changed against the one before it, on its training snapshot. */
    public record Movement(long comparedWithVersion, long customers, long moved, double share, List<Move> moves) {

        public record Move(int fromSegmentId, int toSegmentId, long customers) {}

        static Movement of(io.segmenter.avro.ExpectedMovement e) {
            if (e == null) {
                return null;
            }
            return new Movement(e.getComparedWithVersion(), e.getCustomers(), e.getMoved(),
                    e.getCustomers() == 0 ? 0.0 : (double) e.getMoved() / e.getCustomers(),
                    e.getMoves().stream().map(mv -> new Move(mv.getFromSegmentId(), mv.getToSegmentId(), mv.getCustomers())).toList());
        }
    }

    public record Distance(int segmentId, String label, double distance) {}

    /** {@code POST /predict}. */
    public record Prediction(
            ModelRef model, Segment segment, double distance, double margin, List<Distance> distances,
            Map<String, Double> features, Scores scores) {}

    /**
     * One customer of {@code GET /segments/{id}/customers}: the model's assignment, the R/F/M features when
     * the customer has them (this model's, else the primary's) with the primary's RFM segment, and the attributes.
     */
    public record Member(String customerId, Segment segment, double distance, double margin, Double recencyDays, Double frequency,
            Double monetary, String rfmSegment, Map<String, Object> attributes) {}

    /**
     * One instance's members in id order ({@code ?local=true}); {@code scannedTo}: every local customer after
     * the cursor up to and including this id was examined (null: every one was).
     */
    public record LocalMembers(List<Member> members, String scannedTo) {}

    /** {@code GET /segments/{id}/customers}: a page of members in id order; {@code next} is the cursor of the next page, null at the end. */
    public record Members(ModelRef model, Segment segment, String after, int limit, List<Member> customers, String next, int instances) {}

    /** Customers of one segment with one value, on one instance. */
    public record BreakdownCell(int segmentId, String label, String value, long customers) {}

    /** One instance's breakdown ({@code ?local=true}); approximate when it folded rare values into {@code (other)}. */
    public record LocalBreakdown(List<BreakdownCell> cells, boolean approximate) {}

    public record BreakdownSegment(int id, String label, long customers, Map<String, Long> counts) {}

    /**
     * {@code GET /segments/breakdown}: customers per segment and value of {@code by} (an attribute, or the
     * primary model's RFM segment), the most common values first and the rest as {@code (other)}.
     */
    public record Breakdown(ModelRef model, String by, List<String> values, Map<String, Long> totals, List<BreakdownSegment> segments,
            long customers, boolean approximate, int instances) {}

    /** The centroid on each of the model's inputs, in real units ({@link InputProfile}). */
    static List<InputProfile> profile(SegmentModel m, Centroid c) {
        List<FeatureSpec> features = m.getFeatures();
        Map<String, InputProfile> out = new LinkedHashMap<>();
        for (int i = 0; i < features.size(); i++) {
            FeatureSpec f = features.get(i);
            String source = FeatureEncoding.source(f);
            double x = c.getOriginal().get(i);
            FeatureKind kind = FeatureEncoding.kind(f);
            switch (kind) {
                case NUMERIC -> out.putIfAbsent(source, new InputProfile(source, kind.name(), x, null, null));
                case ORDINAL -> {
                    List<String> levels = f.getLevels() == null ? List.of() : f.getLevels();
                    String level = levels.isEmpty() ? null : levels.get((int) Math.max(0, Math.min(levels.size() - 1, Math.round(x))));
                    out.putIfAbsent(source, new InputProfile(source, kind.name(), x, level, null));
                }
                case CATEGORY -> out.computeIfAbsent(source, s -> new InputProfile(s, kind.name(), null, null, new LinkedHashMap<>()))
                        .shares().put(f.getCategory() == null ? FeatureEncoding.OTHER : f.getCategory(), x);
            }
        }
        return List.copyOf(out.values());
    }

    /** A centroid in original units by feature name. */
    static Map<String, Double> centroid(SegmentModel m, Centroid c) {
        Map<String, Double> out = new LinkedHashMap<>();
        List<FeatureSpec> features = m.getFeatures();
        for (int i = 0; i < features.size(); i++) {
            out.put(features.get(i).getName(), c.getOriginal().get(i));
        }
        return out;
    }

    /** Null for a profile the app's clock had no time for (attributes before the stream clock saw a transaction: time 0). */
    private static String updateTime(CustomerProfile p) {
        return p.getUpdatedAt().toEpochMilli() == 0 ? null : iso(p.getUpdatedAt());
    }

    static String iso(Instant t) {
        return t == null ? null : t.toString();
    }

    static String iso(long millis) {
        return Instant.ofEpochMilli(millis).toString();
    }
}
