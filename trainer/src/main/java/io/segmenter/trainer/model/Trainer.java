package io.segmenter.trainer.model;

import io.segmenter.avro.Centroid;
import io.segmenter.avro.FeatureKind;
import io.segmenter.avro.ModelQuality;
import io.segmenter.avro.RfmCuts;
import io.segmenter.avro.SegmentModel;
import io.segmenter.model.FeatureEncoding;
import io.segmenter.model.ModelValidator;
import io.segmenter.model.RfmFeatures;
import io.segmenter.model.Scorer;
import io.segmenter.trainer.data.FeatureTable;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * The modelling pipeline: preprocess, K-means over the k range, choose k, stable ids, labels, cut
 * points, quality gates. Pure computation: no I/O besides progress messages.
 */
public final class Trainer {

    private final Clock clock;
    private final Consumer<String> progress;

    /** @param progress receives a line per k fitted, for long snapshots */
    public Trainer(Clock clock, Consumer<String> progress) {
        this.clock = clock;
        this.progress = progress;
    }

    public Trainer() {
        this(Clock.systemUTC(), m -> {});
    }

    /**
     * @param snapshotMillis the "now" the features were computed at
     * @param previous the model currently published under this name (for stable ids), or null
     */
    public TrainingResult train(FeatureTable table, long snapshotMillis, SegmentModel previous, TrainerOptions o) {
        if (o.rfm() && !o.encoding().features().isEmpty() && !o.encoding().features().equals(RfmFeatures.NAMES)) {
            throw new IllegalArgumentException("the rfm model's features are " + RfmFeatures.NAMES + "; features " + o.encoding().features()
                    + " need a customer-level file or attributes from the profiles");
        }
        Prepared data = Preprocessor.prepare(table, o.missing(), o.transforms(), o.autoTransform(), o.encoding());
        int n = data.size();
        if (n < 2) {
            return new TrainingResult(o, data, List.of(), null, null, new int[0], new int[0],
                    List.of(new QualityGates.Failure(QualityGates.GATE_DATA, "only " + n + " customers to cluster")), null);
        }
        int kMax = Math.min(n, Math.max(o.kMax(), o.fixedK() == null ? 0 : o.fixedK()));
        List<KCandidate> candidates = KSearch.run(data.scaled(), 1, kMax, o.restarts(), o.seed(), o.silhouetteSample(),
                k -> progress.accept("fitting k = " + k + " of " + kMax + " on " + n + " customers"));
        List<KCandidate> range = candidates.stream().filter(c -> c.k() >= o.kMin() && c.k() <= o.kMax()).toList();
        KCandidate chosen = o.fixedK() != null
                ? candidates.stream().filter(c -> c.k() == o.fixedK()).findFirst().orElseThrow(
                        () -> new IllegalArgumentException("k = " + o.fixedK() + " needs at least that many customers"))
                : KSearch.choose(range, o.minShare());
        if (chosen == null) {
            return new TrainingResult(o, data, candidates, null, null, new int[0], new int[0],
                    List.of(new QualityGates.Failure(QualityGates.GATE_DATA,
                            "no k in " + o.kMin() + ".." + o.kMax() + " could be fitted on " + n + " customers")), null);
        }
        io.segmenter.trainer.kmeans.Clustering c = chosen.clustering();
        int k = c.k();
        double[][] originals = new double[k][data.names().size()];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < originals[0].length; j++) {
                originals[c.labels()[i]][j] += data.raw()[i][j] / c.sizes()[c.labels()[i]];
            }
        }
        SegmentMatcher.Match match = SegmentMatcher.match(c.centroids(), c.sizes(), data.specs(), previous);
        RfmCuts cuts = o.rfm() ? cuts(data) : null;
        String[] labels = match.labels().clone();
        PersonaLabeler.fill(originals, c.centroids(), data.names(), cuts, labels, match.ids(), oneHotShares(data));
        for (int i = 0; i < k; i++) {
            String override = o.labelOverrides().get(match.ids()[i]);
            if (override != null) {
                labels[i] = override;
            }
        }
        // Centroids in segment id order; remember where each cluster went.
        Integer[] order = IntStream.range(0, k).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingInt(i -> match.ids()[i]));
        int[] position = new int[k];
        List<Centroid> centroids = new ArrayList<>();
        List<Long> sizes = new ArrayList<>();
        for (int p = 0; p < k; p++) {
            int i = order[p];
            position[i] = p;
            centroids.add(Centroid.newBuilder().setSegmentId(match.ids()[i]).setLabel(labels[i])
                    .setScaled(boxed(c.centroids()[i])).setOriginal(boxed(originals[i])).setSize(c.sizes()[i]).build());
            sizes.add(c.sizes()[i]);
        }
        List<io.segmenter.avro.KCandidate> elbow = candidates.stream()
                .map(kc -> io.segmenter.avro.KCandidate.newBuilder().setK(kc.k()).setInertia(kc.clustering().inertia())
                        .setSilhouette(Double.isNaN(kc.silhouette()) ? null : kc.silhouette()).build())
                .toList();
        SegmentModel model = SegmentModel.newBuilder()
                .setName(o.modelName())
                .setVersion(previous == null ? 1 : previous.getVersion() + 1)
                .setTrainedAt(Instant.now(clock))
                .setSnapshotTime(Instant.ofEpochMilli(snapshotMillis))
                .setSnapshotSize(n)
                .setFeatures(data.specs())
                .setCentroids(centroids)
                .setRfmCuts(cuts)
                .setQuality(ModelQuality.newBuilder().setK(k).setInertia(c.inertia()).setSilhouette(chosen.silhouette())
                        .setClusterSizes(sizes).setElbow(elbow).build())
                .setPreviousVersion(match.previousVersion())
                .setTrainingDistribution(distribution(data))
                .build();
        // The training rows scored as the app scores a customer: the model's encoding of the inputs, then its scorer.
        // A model the validator refuses (e.g. a constant feature, std 0) cannot be scored: its rows keep their
        // K-means clusters, and the gates refuse it below.
        int[] clusterOfRow = new int[n];
        int[] segmentOfRow = new int[n];
        boolean scorable = ModelValidator.check(model, null).isEmpty();
        FeatureEncoding encoding = new FeatureEncoding(model);
        Scorer scorer = scorable ? new Scorer(model) : null;
        double[] raw = new double[encoding.dimensions()];
        double[] scratch = new double[encoding.dimensions()];
        for (int i = 0; i < n; i++) {
            if (scorer == null) {
                clusterOfRow[i] = position[c.labels()[i]];
            } else {
                String missing = encoding.encode(table.values(data.tableRows()[i]), raw);
                if (missing != null) {
                    throw new IllegalStateException("training row " + data.ids().get(i) + " cannot be encoded: " + missing + " is missing");
                }
                clusterOfRow[i] = scorer.score(raw, scratch, null).centroidIndex();
            }
            segmentOfRow[i] = centroids.get(clusterOfRow[i]).getSegmentId();
        }
        List<QualityGates.Failure> rejections = new ArrayList<>(
                new QualityGates(o.minSilhouette(), o.minShare(), o.rfm() ? RfmFeatures.NAMES : null).check(model));
        Movement movement = previous == null ? null : Movement.between(previous, data, segmentOfRow);
        if (movement != null) {
            model.setExpectedMovement(movement.toRecord(previous.getVersion()));
        }
        rejections.addAll(QualityGates.stability(movement, o.stability()));
        return new TrainingResult(o, data, candidates, chosen, model, segmentOfRow, clusterOfRow, List.copyOf(rejections), movement);
    }

    /**
     * The training share of each one-hot dimension in scaled units (0 elsewhere): one-hot dimensions are not
     * centred, so labels measure a segment's share against the population's rather than against 0.
     */
    static double[] oneHotShares(Prepared data) {
        double[] out = new double[data.names().size()];
        for (int j = 0; j < out.length; j++) {
            if (FeatureEncoding.kind(data.specs().get(j)) == FeatureKind.CATEGORY && data.size() > 0) {
                double sum = 0;
                for (double[] row : data.scaled()) {
                    sum += row[j];
                }
                out[j] = sum / data.size();
            }
        }
        return out;
    }

    /** Each feature's training deciles and shares, for the app to measure drift against. */
    static List<io.segmenter.avro.FeatureDistribution> distribution(Prepared data) {
        List<io.segmenter.avro.FeatureDistribution> out = new ArrayList<>();
        for (int j = 0; j < data.names().size(); j++) {
            double[] col = new double[data.size()];
            for (int i = 0; i < col.length; i++) {
                col[i] = data.raw()[i][j];
            }
            out.add(io.segmenter.model.Drift.of(data.names().get(j), col));
        }
        return out;
    }

    /** Quartile cut points of raw recency, frequency and monetary (pandas' linear interpolation). */
    public static RfmCuts cuts(Prepared data) {
        List<List<Double>> q = new ArrayList<>();
        for (int j = 0; j < 3; j++) {
            double[] col = new double[data.size()];
            for (int i = 0; i < col.length; i++) {
                col[i] = data.raw()[i][j];
            }
            double[] sorted = Stats.sortedFinite(col);
            q.add(List.of(Stats.quantile(sorted, 0.25), Stats.quantile(sorted, 0.5), Stats.quantile(sorted, 0.75)));
        }
        return RfmCuts.newBuilder().setRecency(q.get(0)).setFrequency(q.get(1)).setMonetary(q.get(2)).build();
    }

    static List<Double> boxed(double[] v) {
        return Arrays.stream(v).boxed().toList();
    }

    /** Label overrides from {@code id=Label,id=Label}. */
    public static Map<Integer, String> parseLabels(String spec) {
        Map<Integer, String> out = new java.util.LinkedHashMap<>();
        if (spec == null || spec.isBlank()) {
            return out;
        }
        for (String part : spec.split(",")) {
            String[] kv = part.split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("label override '" + part + "' is not id=Label");
            }
            out.put(Integer.parseInt(kv[0].strip()), kv[1].strip());
        }
        return out;
    }
}
