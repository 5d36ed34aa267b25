package io.segmenter.app.query;

import com.fasterxml.jackson.databind.JsonNode;
import io.segmenter.avro.Centroid;
import io.segmenter.avro.FeatureSpec;
import io.segmenter.avro.SegmentModel;
import io.segmenter.model.RfmFeatures;
import io.segmenter.model.RfmScores;
import io.segmenter.model.Scorer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code POST /predict}: scores given feature values with a published model and explains the answer
 * (distance to every centroid, margin, R/F/M scores when the model has cut points). Two request shapes:
 * {@code {"recency_days": 10, "frequency": 5, "monetary": 500.0}} for the scoring model, or
 * {@code {"model": NAME, "features": {...}}} for any model in the global store.
 */
public final class PredictionService {

    private final ModelCatalog models;
    private final Map<String, Scorer> scorers = new ConcurrentHashMap<>();

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
                throw QueryException.badRequest("'features' must be an object of feature values by name");
            }
        }
        SegmentModel model = name.equals(models.scoringModelName()) ? models.scoring() : models.get(name);
        if (model == null) {
            throw QueryException.notFound("unknown model '" + name + "'; published models: " + models.names());
        }
        double[] raw = values(model, features);
        return explain(model, raw);
    }

    private static double[] values(SegmentModel model, JsonNode given) {
        List<String> names = model.getFeatures().stream().map(FeatureSpec::getName).toList();
        for (Iterator<String> it = given.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!names.contains(field)) {
                throw QueryException.badRequest("unknown feature '" + field + "'; model '" + model.getName() + "' expects " + names);
            }
        }
        double[] raw = new double[names.size()];
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i);
            JsonNode v = given.get(n);
            if (v == null || v.isNull()) {
                throw QueryException.badRequest("missing feature '" + n + "'; model '" + model.getName() + "' expects " + names);
            }
            if (!v.isNumber()) {
                throw QueryException.badRequest("feature '" + n + "' must be a number");
            }
            double x = v.asDouble();
            if (!Double.isFinite(x)) {
                throw QueryException.badRequest("feature '" + n + "' must be a finite number");
            }
            if (x < 0) {
                throw QueryException.badRequest("feature '" + n + "' must not be negative");
            }
            raw[i] = x;
        }
        return raw;
    }

    private Views.Prediction explain(SegmentModel model, double[] raw) {
        Scorer scorer = scorers.compute(model.getName(), (k, s) -> s != null && s.model().getVersion() == model.getVersion() ? s : new Scorer(model));
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
