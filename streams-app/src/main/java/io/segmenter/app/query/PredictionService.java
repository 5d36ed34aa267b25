package io.segmenter.app.query;

import com.fasterxml.jackson.databind.JsonNode;
import io.segmenter.avro.Centroid;
import io.segmenter.avro.FeatureSpec;
import io.segmenter.avro.FeatureTransform;
import io.segmenter.avro.SegmentModel;
import io.segmenter.model.FeatureEncoding;
import io.segmenter.model.RfmFeatures;
import io.segmenter.model.RfmScores;
import io.segmenter.model.Scorer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code POST /predict}: scores given input values with a published model and explains the answer
 * (distance to every centroid, margin, R/F/M scores when the model has cut points). Two request shapes:
 * {@code {"recency_days": 10, "frequency": 5, "monetary": 500.0}} for the primary scoring model, or
 * {@code {"model": NAME, "features": {"Age": 30, "Gender": "Male"}}} for any model in the global store.
 * Values are by input source ({@link FeatureEncoding#inputs()}): a number for a NUMERIC input, a string for
 * ORDINAL (one of its levels) and CATEGORY (a category the model does not list counts as its other bucket,
 * as in scoring); an input the model fills may be left out. They are encoded by {@link FeatureEncoding}, as the
 * stream encodes a customer's, and scored by {@link Scorer}.
 */
public final class PredictionService {

    /** A model version's encoder and scorer, built once. */
    private record Compiled(SegmentModel model, FeatureEncoding encoding, Scorer scorer) {}

    private final ModelCatalog models;
    private final Map<String, Compiled> compiled = new ConcurrentHashMap<>();

    public PredictionService(ModelCatalog models) {
        this.models = models;
    }

    public Views.Prediction predict(JsonNode request) {
        if (request == null || !request.isObject()) {
            throw QueryException.badRequest("the request body must be a JSON object");
        }
        String name = models.scoringModelName();
        JsonNode features = request;
        if (request.has("features") || request.has("model")) {
            for (Iterator<String> it = request.fieldNames(); it.hasNext(); ) {
                String field = it.next();
                if (!field.equals("model") && !field.equals("features")) {
                    throw QueryException.badRequest("unknown field '" + field + "'; expected 'model' and 'features'");
                }
            }
            JsonNode m = request.get("model");
            if (m != null && !m.isNull()) {
                if (!m.isTextual() || m.asText().isBlank()) {
                    throw QueryException.badRequest("'model' must be a model name");
                }
                name = m.asText();
            }
            features = request.get("features");
            if (features == null || !features.isObject()) {
                throw QueryException.badRequest("'features' must be an object of input values by source name");
            }
        }
        SegmentModel model = name.equals(models.scoringModelName()) ? models.scoring() : models.get(name);
        if (model == null) {
            throw QueryException.badRequest("unknown model '" + name + "'; published models: " + models.names()
                    + " (a request is {\"model\": NAME, \"features\": {INPUT: VALUE, ...}}; GET /model?name=NAME lists its inputs)");
        }
        Compiled c = compiled.compute(model.getName(), (k, old) -> old != null && old.model().getVersion() == model.getVersion() ? old
                : new Compiled(model, new FeatureEncoding(model), new Scorer(model)));
        return explain(c, values(c, features));
    }

    /** The raw dimension values for {@code given} (input values by source); 400 naming the input and what it expects otherwise. */
    private static double[] values(Compiled c, JsonNode given) {
        SegmentModel model = c.model();
        Map<String, FeatureEncoding.Input> inputs = new LinkedHashMap<>();
        c.encoding().inputs().forEach(i -> inputs.put(i.source(), i));
        for (Iterator<String> it = given.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!inputs.containsKey(field)) {
                throw QueryException.badRequest("unknown feature '" + field + "'; " + expects(model, c.encoding()));
            }
        }
        Map<String, Object> values = new HashMap<>();
        for (FeatureEncoding.Input in : inputs.values()) {
            String n = in.source();
            JsonNode v = given.get(n);
            if (v == null || v.isNull()) {
                if (!in.fillable()) {
                    throw QueryException.badRequest("missing feature '" + n + "'; " + expects(model, c.encoding()));
                }
                continue; // the model's fill, as in scoring
            }
            switch (in.kind()) {
                case NUMERIC -> {
                    if (!v.isNumber()) {
                        throw QueryException.badRequest("feature '" + n + "' must be a number");
                    }
                    double x = v.asDouble();
                    if (!Double.isFinite(x)) {
                        throw QueryException.badRequest("feature '" + n + "' must be a finite number");
                    }
                    if (x < 0 && nonNegative(model, n)) {
                        throw QueryException.badRequest("feature '" + n + "' must not be negative");
                    }
                    values.put(n, x);
                }
                case ORDINAL -> {
                    if (!v.isTextual() || !in.choices().contains(v.asText())) {
                        throw QueryException.badRequest("feature '" + n + "' must be one of the levels " + in.choices());
                    }
                    values.put(n, v.asText());
                }
                case CATEGORY -> {
                    if (!v.isTextual()) {
                        throw QueryException.badRequest("feature '" + n + "' must be a string, e.g. one of " + in.choices());
                    }
                    values.put(n, v.asText());
                }
            }
        }
        double[] raw = new double[c.encoding().dimensions()];
        String missing = c.encoding().encode(values::get, raw);
        if (missing != null) { // only an input without fill, refused above
            throw QueryException.badRequest("missing feature '" + missing + "'; " + expects(model, c.encoding()));
        }
        return raw;
    }

    /** The R/F/M inputs, and any the model takes log1p of (which would clamp a negative value to 0 silently), must not be negative. */
    private static boolean nonNegative(SegmentModel model, String source) {
        return RfmFeatures.NAMES.contains(source) || model.getFeatures().stream()
                .anyMatch(f -> FeatureEncoding.source(f).equals(source) && f.getTransform() == FeatureTransform.LOG1P);
    }

    /** What the model expects, for error messages: each input with its kind and choices. */
    static String expects(SegmentModel model, FeatureEncoding encoding) {
        StringBuilder b = new StringBuilder("model '").append(model.getName()).append("' expects ");
        String sep = "";
        for (FeatureEncoding.Input in : encoding.inputs()) {
            b.append(sep).append(in.source()).append(" (");
            b.append(switch (in.kind()) {
                case NUMERIC -> "a number";
                case ORDINAL -> "one of the levels " + in.choices();
                case CATEGORY -> "one of " + in.choices() + " or another string";
            });
            b.append(in.fillable() ? ", optional)" : ")");
            sep = ", ";
        }
        return b.toString();
    }

    private static Views.Prediction explain(Compiled compiled, double[] raw) {
        SegmentModel model = compiled.model();
        Scorer scorer = compiled.scorer();
        int out = scorer.outOfRange(raw);
        if (out >= 0) {
            FeatureSpec f = model.getFeatures().get(out);
            throw QueryException.badRequest("feature '" + f.getName() + "' = " + raw[out] + " is out of the range of model '"
                    + model.getName() + "' (standardised, it is beyond +-" + Scorer.MAX_SCALED + ")");
        }
        List<Centroid> centroids = model.getCentroids();
        double[] distances = new double[centroids.size()];
        Scorer.Result r = scorer.score(raw, new double[raw.length], distances);
        List<Views.Distance> all = new ArrayList<>(centroids.size());
        for (int c = 0; c < centroids.size(); c++) {
            all.add(new Views.Distance(centroids.get(c).getSegmentId(), centroids.get(c).getLabel(), distances[c]));
        }
        Centroid best = centroids.get(r.centroidIndex());
        Map<String, Double> features = new LinkedHashMap<>();
        List<FeatureSpec> specs = model.getFeatures();
        for (int i = 0; i < specs.size(); i++) {
            features.put(specs.get(i).getName(), raw[i]);
        }
        return new Views.Prediction(new Views.ModelRef(model.getName(), model.getVersion()),
                new Views.Segment(best.getSegmentId(), best.getLabel()), r.distance(), r.margin(), all, features, scores(model, features));
    }

    /** R/F/M scores when the model has cut points and the RFM features; null otherwise. */
    private static Views.Scores scores(SegmentModel model, Map<String, Double> features) {
        if (model.getRfmCuts() == null || !features.keySet().containsAll(RfmFeatures.NAMES)) {
            return null;
        }
        RfmScores s = RfmScores.of(model.getRfmCuts(), features.get(RfmFeatures.RECENCY), features.get(RfmFeatures.FREQUENCY),
                features.get(RfmFeatures.MONETARY));
        return new Views.Scores(s.recency(), s.frequency(), s.monetary(), s.rfmClass(), s.segmentName());
    }
}
