package io.segmenter.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segmenter.avro.Centroid;
import io.segmenter.avro.FeatureKind;
import io.segmenter.avro.FeatureSpec;
import io.segmenter.avro.FeatureTransform;
import io.segmenter.avro.ModelQuality;
import io.segmenter.avro.SegmentModel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Encoding of numeric, ordinal and one-hot inputs against a hand-computed small model, and the validator's refusals. */
class FeatureEncodingTest {

    private static FeatureSpec category(String source, String category, Double fill) {
        return FeatureSpec.newBuilder().setName(FeatureEncoding.dimensionName(source, category)).setTransform(FeatureTransform.NONE)
                .setMean(0.0).setStd(Math.sqrt(2)).setKind(FeatureKind.CATEGORY).setSource(source).setCategory(category).setFill(fill)
                .build();
    }

    /**
     * Profession: Artist, Doctor, (other), (missing) with missing its own category; Spending_Score ordinal Low &lt;
     * Average &lt; High, missing = Low (the mode, index 0); Age numeric, missing = 40; Gender: Male, Female, no other
     * bucket and no fill.
     */
    static List<FeatureSpec> specs() {
        return List.of(
                category("Profession", "Artist", 0.0),
                category("Profession", "Doctor", 0.0),
                category("Profession", null, 0.0),
                category("Profession", FeatureEncoding.MISSING, 1.0),
                FeatureSpec.newBuilder().setName("Spending_Score").setTransform(FeatureTransform.NONE).setMean(0.5).setStd(0.5)
                        .setKind(FeatureKind.ORDINAL).setLevels(List.of("Low", "Average", "High")).setFill(0.0).build(),
                FeatureSpec.newBuilder().setName("Age").setTransform(FeatureTransform.NONE).setMean(40.0).setStd(10.0).setFill(40.0).build(),
                category("Gender", "Male", null),
                category("Gender", "Female", null));
    }

    static SegmentModel model(List<FeatureSpec> features) {
        int d = features.size();
        List<Double> zero = new ArrayList<>(Collections.nCopies(d, 0.0));
        List<Double> one = new ArrayList<>(Collections.nCopies(d, 0.0));
        one.set(d - 1, 1.0);
        return SegmentModel.newBuilder().setName("demo").setVersion(1).setTrainedAt(Instant.EPOCH).setSnapshotTime(Instant.EPOCH)
                .setSnapshotSize(2).setFeatures(features)
                .setCentroids(List.of(new Centroid(0, "A", zero, zero, 1L), new Centroid(1, "B", one, one, 1L)))
                .setRfmCuts(null).setQuality(new ModelQuality(2, 1.0, 0.5, List.of(1L, 1L), List.of())).setPreviousVersion(null).build();
    }

    private static double[] encode(FeatureEncoding e, Map<String, Object> values) {
        double[] raw = new double[e.dimensions()];
        assertNull(e.encode(values::get, raw), "every input present or fillable");
        return raw;
    }

    private static Map<String, Object> values(Object profession, Object score, Object age, Object gender) {
        Map<String, Object> m = new HashMap<>();
        m.put("Profession", profession);
        m.put("Spending_Score", score);
        m.put("Age", age);
        m.put("Gender", gender);
        return m;
    }

    @Test
    void shouldEncodeListedOtherAndMissingCategoriesOrdinalLevelsAndNumbers() {
        SegmentModel model = model(specs());
        assertTrue(ModelValidator.check(model, null).isEmpty(), () -> ModelValidator.check(model, null).toString());
        FeatureEncoding e = new FeatureEncoding(model);
        assertArrayEquals(new double[] {0, 1, 0, 0, 2, 30, 0, 1}, encode(e, values("Doctor", "High", 30.0, "Female")));
        // an unlisted profession goes to (other); a missing score and age take their fills; an unlisted gender is all zeros
        assertArrayEquals(new double[] {0, 0, 1, 0, 0, 40, 0, 0}, encode(e, values("Engineer", null, null, "Other")));
        // a missing profession is its own category; an unknown level counts as missing; a NaN is missing
        assertArrayEquals(new double[] {0, 0, 0, 1, 0, 40, 1, 0}, encode(e, values(null, "Very High", Double.NaN, "Male")));
        assertArrayEquals(new double[] {1, 0, 0, 0, 1, 55, 1, 0}, encode(e, values("Artist", "Average", 55, "Male")));
    }

    @Test
    void shouldNameTheFirstMissingSourceWithoutAFill() {
        FeatureEncoding e = new FeatureEncoding(model(specs()));
        assertEquals("Gender", e.encode(values("Doctor", "High", 30.0, null)::get, new double[e.dimensions()]));
    }

    @Test
    void shouldListTheInputsInFirstUseOrderWithTheirChoices() {
        FeatureEncoding e = new FeatureEncoding(model(specs()));
        assertEquals(List.of(
                new FeatureEncoding.Input("Profession", FeatureKind.CATEGORY, List.of("Artist", "Doctor"), true),
                new FeatureEncoding.Input("Spending_Score", FeatureKind.ORDINAL, List.of("Low", "Average", "High"), true),
                new FeatureEncoding.Input("Age", FeatureKind.NUMERIC, List.of(), true),
                new FeatureEncoding.Input("Gender", FeatureKind.CATEGORY, List.of("Male", "Female"), false)), e.inputs());
    }

    @Test
    void shouldScoreTheEncodedVectorWithTheUnchangedScorer() {
        SegmentModel model = model(specs());
        FeatureEncoding e = new FeatureEncoding(model);
        Scorer scorer = new Scorer(model);
        // Female sets the last dimension to 1: (1 - 0) / sqrt(2) in scaled space, nearer centroid B (1.0) than A (0.0)
        assertEquals(1, scorer.score(encode(e, values("Doctor", "Average", 40.0, "Female"))).centroidIndex());
        assertEquals(0, scorer.score(encode(e, values("Doctor", "Average", 40.0, "Male"))).centroidIndex());
    }

    @Test
    void shouldReadAVersionOneModelAsNumericFeaturesOfTheirOwnName() {
        List<FeatureSpec> rfm = RfmFeatures.NAMES.stream()
                .map(n -> FeatureSpec.newBuilder().setName(n).setTransform(FeatureTransform.NONE).setMean(0.0).setStd(1.0).build()).toList();
        FeatureEncoding e = new FeatureEncoding(model(rfm));
        assertEquals(RfmFeatures.NAMES, e.inputs().stream().map(FeatureEncoding.Input::source).toList());
        assertEquals("recency_days", e.encode(Map.<String, Object>of()::get, new double[3]), "no fill: a missing value is unscorable");
        assertArrayEquals(new double[] {3, 2, 100}, encode(e, Map.of("recency_days", 3L, "frequency", 2, "monetary", 100.0)));
    }

    private static String refusal(UnaryOperator<List<FeatureSpec>> change) {
        List<FeatureSpec> specs = new ArrayList<>();
        specs().forEach(f -> specs.add(FeatureSpec.newBuilder(f).build()));
        return ModelValidator.problem(model(change.apply(specs)), null).orElse(null);
    }

    @Test
    void shouldRefuseInconsistentEncodings() {
        assertTrue(refusal(s -> {
            s.get(0).setSource(null);
            return s;
        }).contains("must name its source"));
        assertTrue(refusal(s -> {
            s.get(4).setLevels(List.of("Low"));
            return s;
        }).contains("at least 2 levels"));
        assertTrue(refusal(s -> {
            s.get(5).setSource("Profession");
            return s;
        }).contains("read as both"));
        assertTrue(refusal(s -> {
            s.get(5).setFill(Double.NaN);
            return s;
        }).contains("non-finite fill"));
        assertTrue(refusal(s -> {
            s.get(1).setCategory("Artist");
            return s;
        }).contains("twice"));
        assertTrue(refusal(s -> {
            s.get(0).setTransform(FeatureTransform.LOG1P);
            return s;
        }).contains("transform NONE"));
        assertTrue(refusal(s -> {
            s.get(4).setFill(5.0);
            return s;
        }).contains("not a level index"));
        assertTrue(refusal(s -> {
            for (int i = 0; i < ModelValidator.MAX_CATEGORIES; i++) {
                s.add(category("Var_1", "Cat_" + i, 0.0));
            }
            s.add(category("Var_1", null, 0.0));
            return s;
        }).contains("more than " + ModelValidator.MAX_CATEGORIES));
    }
}
