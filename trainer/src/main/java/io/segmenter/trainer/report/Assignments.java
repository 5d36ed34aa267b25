package io.segmenter.trainer.report;

import io.segmenter.avro.Centroid;
import io.segmenter.avro.FeatureKind;
import io.segmenter.avro.FeatureSpec;
import io.segmenter.avro.SegmentModel;
import io.segmenter.model.FeatureEncoding;
import io.segmenter.model.Scorer;
import io.segmenter.trainer.data.FeatureTable;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Per-customer assignments of a report: every customer of the input scored with the model's own
 * {@link FeatureEncoding} and {@link Scorer}, as the app would score them. One row per customer:
 * {@code customer_id,segment_id,segment_label,distance,margin}, then the value of each input the model
 * used, in original units (a missing value as it was filled: the imputed number, level or category).
 */
public final class Assignments {

    /** How many customers were written, and how many could not be scored, by the input they lack. */
    public record Summary(Path file, long written, Map<String, Long> unscorable) {
        public String describe() {
            return String.format(java.util.Locale.ROOT, "%,d customers", written)
                    + (unscorable.isEmpty() ? "" : "; not scored (a missing input without a fill): " + unscorable);
        }
    }

    public static final List<String> HEADER = List.of("customer_id", "segment_id", "segment_label", "distance", "margin");

    private Assignments() {}

    public static Summary write(Path out, SegmentModel model, FeatureTable table) throws IOException {
        FeatureEncoding encoding = new FeatureEncoding(model);
        Scorer scorer = new Scorer(model);
        List<Centroid> centroids = model.getCentroids();
        List<FeatureEncoding.Input> inputs = encoding.inputs();
        List<String> header = new ArrayList<>(HEADER);
        inputs.forEach(in -> header.add(in.source()));
        double[] raw = new double[encoding.dimensions()];
        double[] scratch = new double[encoding.dimensions()];
        Map<String, Long> unscorable = new TreeMap<>();
        long written = 0;
        if (out.toAbsolutePath().getParent() != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
        }
        try (Writer csv = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            print(csv, new ArrayList<>(header));
            List<Object> row = new ArrayList<>(header.size());
            for (int i = 0; i < table.size(); i++) {
                Function<String, Object> values = table.values(i);
                String missing = encoding.encode(values, raw);
                if (missing != null) {
                    unscorable.merge(missing, 1L, Long::sum);
                    continue;
                }
                Scorer.Result r = scorer.score(raw, scratch, null);
                Centroid c = centroids.get(r.centroidIndex());
                row.clear();
                row.add(table.ids().get(i));
                row.add(c.getSegmentId());
                row.add(c.getLabel());
                row.add(r.distance());
                row.add(r.margin());
                for (FeatureEncoding.Input in : inputs) {
                    row.add(used(model, in, values.apply(in.source()), raw));
                }
                print(csv, row);
                written++;
            }
        }
        return new Summary(out, written, unscorable);
    }

    /** The value of one input as the model used it, in original units. */
    private static Object used(SegmentModel model, FeatureEncoding.Input in, Object given, double[] raw) {
        List<FeatureSpec> features = model.getFeatures();
        for (int d = 0; d < features.size(); d++) {
            FeatureSpec f = features.get(d);
            if (!FeatureEncoding.source(f).equals(in.source())) {
                continue;
            }
            if (in.kind() == FeatureKind.NUMERIC) {
                return raw[d];
            }
            if (in.kind() == FeatureKind.ORDINAL) {
                return f.getLevels().get((int) raw[d]);
            }
            if (given != null) {
                return given; // a category, listed or in (other)
            }
            if (raw[d] == 1.0) {
                return f.getCategory() == null ? FeatureEncoding.OTHER : f.getCategory();
            }
        }
        return "";
    }

    /** One CSV record (RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled). */
    private static void print(Writer w, List<Object> fields) throws IOException {
        for (int f = 0; f < fields.size(); f++) {
            if (f > 0) {
                w.write(',');
            }
            String v = String.valueOf(fields.get(f));
            if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
                v = '"' + v.replace("\"", "\"\"") + '"';
            }
            w.write(v);
        }
        w.write('\n');
    }
}
