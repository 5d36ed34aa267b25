package io.segmenter.trainer.report;

import io.segmenter.avro.Centroid;
import io.segmenter.avro.FeatureSpec;
import io.segmenter.avro.SegmentModel;
import io.segmenter.trainer.model.KCandidate;
import io.segmenter.trainer.model.KSearch;
import io.segmenter.trainer.model.Prepared;
import io.segmenter.trainer.model.TrainingResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The report of one training run as a JSON-ready tree (maps, lists, numbers). Keys shared with the
 * notebook reproduction: {@code customers}, {@code quantiles}, {@code named_segments},
 * {@code inertia_by_k}, {@code clusters} ({@code k}, {@code sizes}, {@code silhouette}).
 */
public final class BatchReport {

    private BatchReport() {}

    public static Map<String, Object> of(String preset, TrainingResult r) {
        Map<String, Object> out = new LinkedHashMap<>();
        Prepared data = r.prepared();
        out.put("preset", preset);
        out.put("customers", data.size());
        out.put("notes", data.notes());
        List<Map<String, Object>> features = new ArrayList<>();
        for (int j = 0; j < data.names().size(); j++) {
            FeatureSpec f = data.specs().get(j);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", f.getName());
            m.put("missing", data.missingByFeature()[j]);
            m.put("skewness", finite(data.skewness()[j]));
            m.put("transform", f.getTransform().name().toLowerCase(java.util.Locale.ROOT));
            m.put("kind", io.segmenter.model.FeatureEncoding.kind(f).name().toLowerCase(java.util.Locale.ROOT));
            m.put("source", io.segmenter.model.FeatureEncoding.source(f));
            if (f.getCategory() != null) {
                m.put("category", f.getCategory());
            }
            if (f.getLevels() != null) {
                m.put("levels", f.getLevels());
            }
            m.put("fill", f.getFill());
            m.put("mean", finite(f.getMean()));
            m.put("std", finite(f.getStd()));
            features.add(m);
        }
        out.put("features", features);
        out.put("rows_dropped", data.rowsDropped());
        SegmentModel model = r.model();
        if (model != null && model.getRfmCuts() != null) {
            Map<String, Object> q = new LinkedHashMap<>();
            q.put("recency", model.getRfmCuts().getRecency());
            q.put("frequency", model.getRfmCuts().getFrequency());
            q.put("monetary", model.getRfmCuts().getMonetary());
            out.put("quantiles", q);
            out.put("named_segments", RfmSegmentCounts.notebook(data.raw(), model.getRfmCuts()));
            out.put("rfm_segments", RfmSegmentCounts.exclusive(data.raw(), model.getRfmCuts()));
        }
        Map<String, Object> inertia = new LinkedHashMap<>();
        Map<String, Object> silhouette = new LinkedHashMap<>();
        for (KCandidate c : r.candidates()) {
            inertia.put(Integer.toString(c.k()), c.clustering().inertia());
            if (!Double.isNaN(c.silhouette())) {
                silhouette.put(Integer.toString(c.k()), c.silhouette());
            }
        }
        out.put("inertia_by_k", inertia);
        out.put("silhouette_by_k", silhouette);
        out.put("k_rule", r.options().fixedK() != null ? "fixed k = " + r.options().fixedK()
                : "highest silhouette in k = " + r.options().kMin() + ".." + r.options().kMax()
                        + " among k whose smallest cluster holds >= " + r.options().minShare() * 100
                        + " % of customers; silhouettes within " + KSearch.TIE + " tie to the smaller k");
        if (model != null) {
            Map<String, Object> clusters = new LinkedHashMap<>();
            clusters.put("k", model.getQuality().getK());
            clusters.put("sizes", model.getQuality().getClusterSizes());
            clusters.put("silhouette", model.getQuality().getSilhouette());
            clusters.put("inertia", model.getQuality().getInertia());
            clusters.put("silhouette_points", r.options().silhouetteSample() <= 0
                    ? data.size() : Math.min(data.size(), r.options().silhouetteSample()));
            out.put("clusters", clusters);
            List<Map<String, Object>> segments = new ArrayList<>();
            for (Centroid c : model.getCentroids()) {
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("id", c.getSegmentId());
                s.put("label", c.getLabel());
                s.put("size", c.getSize());
                s.put("share", (double) c.getSize() / data.size());
                Map<String, Object> centre = new LinkedHashMap<>();
                for (int j = 0; j < data.names().size(); j++) {
                    centre.put(data.names().get(j), c.getOriginal().get(j));
                }
                s.put("centroid", centre);
                if (SegmentProfiles.encoded(model)) {
                    s.put("profile", SegmentProfiles.of(model, c));
                }
                segments.add(s);
            }
            out.put("segments", segments);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", model.getName());
            m.put("version", model.getVersion());
            m.put("previous_version", model.getPreviousVersion());
            m.put("snapshot_time", model.getSnapshotTime().toString());
            m.put("trained_at", model.getTrainedAt().toString());
            out.put("model", m);
        }
        Map<String, Object> gates = new LinkedHashMap<>();
        gates.put("passed", r.publishable());
        gates.put("min_silhouette", r.options().minSilhouette());
        gates.put("min_share", r.options().minShare());
        gates.put("max_movement", r.options().stability().maxMovement());
        gates.put("forced", r.options().stability().force());
        gates.put("reasons", r.rejections());
        out.put("gates", gates);
        if (r.movement() != null) {
            Map<String, Object> movement = new LinkedHashMap<>();
            movement.put("customers", r.movement().customers());
            movement.put("moved", r.movement().moved());
            movement.put("share", r.movement().share());
            movement.put("moves", r.movement().largest(Integer.MAX_VALUE).stream()
                    .map(mv -> Map.of("from", mv.from(), "to", mv.to(), "customers", mv.customers())).toList());
            out.put("movement", movement);
        }
        return out;
    }

    private static Object finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
