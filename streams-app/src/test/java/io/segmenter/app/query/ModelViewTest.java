package io.segmenter.app.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.segmenter.app.Fixtures;
import io.segmenter.avro.Centroid;
import io.segmenter.avro.ExpectedMovement;
import io.segmenter.avro.FeatureKind;
import io.segmenter.avro.FeatureSpec;
import io.segmenter.avro.FeatureTransform;
import io.segmenter.avro.SegmentModel;
import io.segmenter.avro.SegmentMove;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code GET /model} shows what publishing the model changed: the trainer's expected movement. */
class ModelViewTest {

    @Test
    void shouldShowTheExpectedMovementAgainstThePreviousModel() {
        SegmentModel m = Fixtures.model(2);
        m.setExpectedMovement(ExpectedMovement.newBuilder().setComparedWithVersion(1).setCustomers(400).setMoved(30)
                .setMoves(List.of(new SegmentMove(0, 1, 20L), new SegmentMove(2, 1, 10L))).build());

        JsonNode json = new ObjectMapper().valueToTree(Views.Model.of(m, List.of("rfm"), null, null, List.of("rfm")));

        JsonNode movement = json.path("expectedMovement");
        assertEquals(1, movement.path("comparedWithVersion").asLong());
        assertEquals(30, movement.path("moved").asLong());
        assertEquals(0.075, movement.path("share").asDouble(), 1e-12);
        assertEquals(20, movement.path("moves").get(0).path("customers").asLong());
        assertEquals(1, movement.path("moves").get(0).path("toSegmentId").asInt());
    }

    @Test
    void aFirstModelHasNoMovement() {
        assertNull(Views.Model.of(Fixtures.model(1), List.of("rfm"), null, null, List.of("rfm")).expectedMovement());
    }

    @Test
    void shouldListTheInputsAndProfileEachSegmentInRealUnitsWithCategoryShares() {
        SegmentModel m = Fixtures.demographic(1);
        m.setCentroids(List.of(
                new Centroid(1, "Young men", List.of(2.5, 0.62, 0.38, 0.0), List.of(25.0, 0.62, 0.38, 0.0), 10L),
                new Centroid(2, "Older women", List.of(6.0, 0.1, 0.85, 0.05), List.of(60.0, 0.1, 0.85, 0.05), 10L)));

        JsonNode json = new ObjectMapper().valueToTree(Views.Model.of(m, List.of("demographic", "rfm"), null, null, List.of("rfm", "demographic")));

        JsonNode inputs = json.path("inputs");
        assertEquals(2, inputs.size(), inputs.toString());
        assertEquals("Age", inputs.get(0).path("source").asText());
        assertEquals("NUMERIC", inputs.get(0).path("kind").asText());
        assertEquals("Gender", inputs.get(1).path("source").asText());
        assertEquals("CATEGORY", inputs.get(1).path("kind").asText());
        assertEquals(List.of("Male", "Female"), List.of(inputs.get(1).path("choices").get(0).asText(), inputs.get(1).path("choices").get(1).asText()));
        assertEquals("rfm", json.path("scored").get(0).asText());

        JsonNode profile = json.path("segments").get(0).path("profile");
        assertEquals(25.0, profile.get(0).path("value").asDouble());
        JsonNode shares = profile.get(1).path("shares");
        assertEquals(0.62, shares.path("Male").asDouble());
        assertEquals(0.38, shares.path("Female").asDouble());
        assertEquals(0.0, shares.path("(other)").asDouble());
    }

    @Test
    void shouldNameTheOrdinalLevelNearestTheCentroid() {
        SegmentModel m = Fixtures.demographic(1);
        m.setFeatures(List.of(new FeatureSpec("Education", FeatureTransform.NONE, 0.0, 1.0, FeatureKind.ORDINAL, null, null,
                List.of("school", "bachelor", "master", "doctorate"), null)));
        m.setCentroids(List.of(new Centroid(1, "a", List.of(1.6), List.of(1.6), 1L), new Centroid(2, "b", List.of(7.0), List.of(7.0), 1L)));

        List<Views.InputProfile> low = Views.profile(m, m.getCentroids().get(0));
        assertEquals("master", low.getFirst().level());
        assertEquals(1.6, low.getFirst().value());
        assertEquals("doctorate", Views.profile(m, m.getCentroids().get(1)).getFirst().level(), "beyond the last level: the last");
        assertEquals(List.of("school", "bachelor", "master", "doctorate"), Views.Input.of(m).getFirst().choices());
    }
}
