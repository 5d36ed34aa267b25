package io.segmenter.trainer.report;

import io.segmenter.avro.Centroid;
import io.segmenter.avro.FeatureKind;
import io.segmenter.avro.SegmentModel;
import io.segmenter.model.FeatureEncoding;
import io.segmenter.trainer.model.KCandidate;
import io.segmenter.trainer.model.TrainingResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * PNG charts of a training run (XChart, headless): elbow curve, silhouette by k, segment sizes, and two
 * scatter plots of customers coloured by segment (recency-frequency and frequency-monetary for RFM;
 * otherwise the three features that separate the centroids most, 1-2 and 2-3), on at most 5,000 seeded sample points, frequency and monetary on
 * log axes (values below 1 drawn at 1); for transaction files also revenue by segment.
 */
public final class Charts {

    private static final int W = 800;
    private static final int H = 560;
    private static final int SCATTER_POINTS = 5000;

    private Charts() {}

    public static List<Path> write(TrainingResult r, Path dir, String prefix) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Files.createDirectories(dir);
        List<Path> out = new ArrayList<>();
        List<KCandidate> cs = r.candidates();
        if (cs.isEmpty()) {
            return out; // nothing was fitted
        }
        XYChart elbow = new XYChartBuilder().width(W).height(H).title("Elbow: inertia by k").xAxisTitle("k")
                .yAxisTitle("inertia (scaled space)").build();
        elbow.addSeries("inertia", cs.stream().mapToDouble(KCandidate::k).toArray(),
                cs.stream().mapToDouble(c -> c.clustering().inertia()).toArray());
        elbow.getStyler().setLegendVisible(false);
        out.add(save(elbow, dir.resolve(prefix + "elbow.png")));

        List<KCandidate> withSil = cs.stream().filter(c -> !Double.isNaN(c.silhouette())).toList();
        if (!withSil.isEmpty()) {
            XYChart sil = new XYChartBuilder().width(W).height(H).title("Silhouette by k").xAxisTitle("k")
                    .yAxisTitle("mean silhouette").build();
            sil.addSeries("silhouette", withSil.stream().mapToDouble(KCandidate::k).toArray(),
                    withSil.stream().mapToDouble(KCandidate::silhouette).toArray());
            sil.getStyler().setLegendVisible(false);
            out.add(save(sil, dir.resolve(prefix + "silhouette.png")));
        }
        SegmentModel model = r.model();
        if (model == null) {
            return out;
        }
        CategoryChart sizes = new CategoryChartBuilder().width(W).height(H).title("Segment sizes").xAxisTitle("segment")
                .yAxisTitle("customers").build();
        sizes.addSeries("customers", model.getCentroids().stream().map(c -> c.getSegmentId() + " " + c.getLabel()).toList(),
                model.getCentroids().stream().map(c -> (Number) c.getSize()).toList());
        sizes.getStyler().setLegendVisible(false);
        sizes.getStyler().setXAxisLabelRotation(20);
        out.add(save(sizes, dir.resolve(prefix + "sizes.png")));

        List<String> names = r.prepared().names();
        if (names.size() >= 2) {
            boolean rfm = model.getRfmCuts() != null;
            int[] f = rfm ? new int[] {0, 1, 2} : mostSeparating(r);
            out.add(save(scatter(r, f[0], f[1], rfm), dir.resolve(prefix + (rfm ? "scatter-rf.png" : "scatter-1.png"))));
            if (names.size() >= 3) {
                out.add(save(scatter(r, f[1], f[2], rfm), dir.resolve(prefix + (rfm ? "scatter-fm.png" : "scatter-2.png"))));
            }
        }
        return out;
    }

    /** {@code revenue.png}: each segment's revenue (net spend over the features' horizon). */
    public static Path revenue(SegmentRevenue revenue, Path dir, String prefix) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Files.createDirectories(dir);
        CategoryChart chart = new CategoryChartBuilder().width(W).height(H).title("Revenue by segment").xAxisTitle("segment")
                .yAxisTitle("net spend over the horizon").build();
        chart.addSeries("revenue", revenue.segments().stream().map(s -> s.id() + " " + s.label()).toList(),
                revenue.segments().stream().map(s -> (Number) s.revenue()).toList());
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setXAxisLabelRotation(20);
        return save(chart, dir.resolve(prefix + "revenue.png"));
    }

    /** Feature indices ordered by how far apart the centroids are on them (size-weighted variance, scaled space). */
    private static int[] mostSeparating(TrainingResult r) {
        List<Centroid> cs = r.model().getCentroids();
        int d = r.prepared().names().size();
        double[] spread = new double[d];
        for (Centroid c : cs) {
            for (int j = 0; j < d; j++) {
                spread[j] += c.getSize() * c.getScaled().get(j) * c.getScaled().get(j);
            }
        }
        // a scatter of 0/1 one-hot values says little: numbers and ordinals first when there are two of them
        java.util.function.IntPredicate oneHot = j -> FeatureEncoding.kind(r.model().getFeatures().get(j))
                == FeatureKind.CATEGORY;
        boolean numbersFirst = java.util.stream.IntStream.range(0, d).filter(oneHot.negate()).count() >= 2;
        return java.util.stream.IntStream.range(0, d).boxed()
                .sorted((a, b) -> numbersFirst && oneHot.test(a) != oneHot.test(b) ? (oneHot.test(a) ? 1 : -1)
                        : Double.compare(spread[b], spread[a]))
                .mapToInt(Integer::intValue).toArray();
    }

    private static XYChart scatter(TrainingResult r, int a, int b, boolean rfm) {
        List<String> names = r.prepared().names();
        XYChart chart = new XYChartBuilder().width(W).height(H).title(names.get(a) + " vs " + names.get(b) + " by segment")
                .xAxisTitle(names.get(a)).yAxisTitle(names.get(b)).build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(4);
        boolean logA = rfm ? a > 0 : r.prepared().specs().get(a).getTransform() == io.segmenter.avro.FeatureTransform.LOG1P;
        boolean logB = rfm ? b > 0 : r.prepared().specs().get(b).getTransform() == io.segmenter.avro.FeatureTransform.LOG1P;
        chart.getStyler().setXAxisLogarithmic(logA);
        chart.getStyler().setYAxisLogarithmic(logB);
        double[][] raw = r.prepared().raw();
        int n = raw.length;
        boolean[] take = new boolean[n];
        SplittableRandom rnd = new SplittableRandom(7);
        for (int i = 0; i < n; i++) {
            take[i] = n <= SCATTER_POINTS || rnd.nextInt(n) < SCATTER_POINTS;
        }
        List<Centroid> centroids = r.model().getCentroids();
        for (int c = 0; c < centroids.size(); c++) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (take[i] && r.clusterOfRow()[i] == c) {
                    xs.add(logA ? Math.max(1, raw[i][a]) : raw[i][a]);
                    ys.add(logB ? Math.max(1, raw[i][b]) : raw[i][b]);
                }
            }
            if (!xs.isEmpty()) {
                XYSeries s = chart.addSeries(centroids.get(c).getSegmentId() + " " + centroids.get(c).getLabel(), xs, ys);
                s.setMarker(SeriesMarkers.CIRCLE);
            }
        }
        return chart;
    }

    private static Path save(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart, Path file) throws IOException {
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
        return file;
    }
}
