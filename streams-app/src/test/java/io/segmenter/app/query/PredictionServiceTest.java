package io.segmenter.app.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.segmenter.app.Fixtures;
import io.segmenter.app.model.ModelsInUse;
import io.segmenter.avro.Centroid;
import io.segmenter.avro.FeatureKind;
import io.segmenter.avro.FeatureSpec;
import io.segmenter.avro.FeatureTransform;
import io.segmenter.avro.SegmentModel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PredictionServiceTest {

    private static PredictionService service() {
        ModelsInUse models = new ModelsInUse("rfm");
        models.accept(Fixtures.model(1));
        return new PredictionService(new ModelCatalog(models));
    }

    @Test
    void shouldAnswerA400NamingTheFieldForAValueBeyondTheModelsRange() throws Exception {
        QueryException e = assertThrows(QueryException.class, () -> service().predict(new ObjectMapper()
                .readTree("{\"recency_days\":1e300,\"frequency\":1e300,\"monetary\":1e300}")));
        assertEquals(400, e.status());
        assertTrue(e.getMessage().contains("'recency_days'"), e.getMessage());
    }

    @Test
    void shouldScoreLargeButInRangeValuesWithFiniteDistances() throws Exception {
        Views.Prediction p = service().predict(new ObjectMapper().readTree("{\"recency_days\":900000,\"frequency\":1,\"monetary\":5}"));
        assertEquals("Lapsed", p.segment().label());
        assertTrue(Double.isFinite(p.distance()) && Double.isFinite(p.margin()));
    }

    private static PredictionService withDemographic() {
        ModelsInUse models = new ModelsInUse(List.of("rfm", "demographic"));
        models.accept(Fixtures.model(1));
        models.accept(Fixtures.demographic(1));
        return new PredictionService(new ModelCatalog(models));
    }

    private static QueryException refused(PredictionService s, String body) {
        return assertThrows(QueryException.class, () -> s.predict(new ObjectMapper().readTree(body)));
    }

    @Test
    void shouldScoreACategoricalModelFromValuesBySource() throws Exception {
        PredictionService s = withDemographic();
        Views.Prediction p = s.predict(new ObjectMapper().readTree("{\"model\": \"demographic\", \"features\": {\"Age\": 58, \"Gender\": \"Female\"}}"));
        assertEquals("Older women", p.segment().label());
        assertEquals(Map.of("Age", 58.0, "Gender=Male", 0.0, "Gender=Female", 1.0, "Gender=(other)", 0.0), p.features());
        assertNull(p.scores());
        Views.Prediction other = s.predict(new ObjectMapper().readTree("{\"model\": \"demographic\", \"features\": {\"Age\": 25, \"Gender\": \"Diverse\"}}"));
        assertEquals(1.0, other.features().get("Gender=(other)"), "an unlisted category is the other bucket, as in scoring");
    }

    @Test
    void shouldKeepTheFlatRfmShapeForThePrimaryModel() throws Exception {
        Views.Prediction p = withDemographic().predict(new ObjectMapper().readTree("{\"recency_days\": 12, \"frequency\": 4, \"monetary\": 90}"));
        assertEquals("rfm", p.model().name());
        assertEquals("Active", p.segment().label());
        assertNotNull(p.scores());
    }

    @Test
    void shouldAnswerA400ListingTheInputsForAMissingInputOrAnUnknownModel() {
        PredictionService s = withDemographic();
        QueryException missing = refused(s, "{\"model\": \"demographic\", \"features\": {\"Age\": 30}}");
        assertEquals(400, missing.status());
        assertEquals("missing feature 'Gender'; model 'demographic' expects Age (a number), Gender (one of [Male, Female] or another string)",
                missing.getMessage());
        QueryException unknown = refused(s, "{\"model\": \"nope\", \"features\": {}}");
        assertEquals(400, unknown.status());
        assertTrue(unknown.getMessage().startsWith("unknown model 'nope'; published models: [demographic, rfm]"), unknown.getMessage());
        QueryException number = refused(s, "{\"model\": \"demographic\", \"features\": {\"Age\": 30, \"Gender\": 1}}");
        assertEquals("feature 'Gender' must be a string, e.g. one of [Male, Female]", number.getMessage());
        QueryException text = refused(s, "{\"model\": \"demographic\", \"features\": {\"Age\": \"old\", \"Gender\": \"Male\"}}");
        assertEquals("feature 'Age' must be a number", text.getMessage());
    }

    @Test
    void shouldTakeOrdinalLevelsByNameAndLeaveFillableInputsOut() throws Exception {
        SegmentModel m = Fixtures.demographic(1);
        m.setName("education");
        m.setFeatures(List.of(
                new FeatureSpec("Age", FeatureTransform.NONE, 0.0, 10.0, FeatureKind.NUMERIC, null, null, null, 40.0),
                new FeatureSpec("Education", FeatureTransform.NONE, 0.0, 1.0, FeatureKind.ORDINAL, null, null, List.of("school", "bachelor", "master"), null)));
        m.setCentroids(List.of(new Centroid(1, "Schooled", List.of(3.0, 0.0), List.of(30.0, 0.0), 1L),
                new Centroid(2, "Masters", List.of(4.0, 2.0), List.of(40.0, 2.0), 1L)));
        ModelsInUse models = new ModelsInUse("rfm");
        models.accept(m);
        PredictionService s = new PredictionService(new ModelCatalog(models));

        Views.Prediction p = s.predict(new ObjectMapper().readTree("{\"model\": \"education\", \"features\": {\"Education\": \"master\"}}"));
        assertEquals("Masters", p.segment().label());
        assertEquals(40.0, p.features().get("Age"), "Age left out: the model's fill");
        assertEquals(2.0, p.features().get("Education"), "the level's index");
        QueryException level = refused(s, "{\"model\": \"education\", \"features\": {\"Education\": \"phd\"}}");
        assertEquals("feature 'Education' must be one of the levels [school, bachelor, master]", level.getMessage());
        QueryException none = refused(s, "{\"model\": \"education\", \"features\": {}}");
        assertTrue(none.getMessage().contains("Age (a number, optional), Education (one of the levels [school, bachelor, master])"), none.getMessage());
    }
}
