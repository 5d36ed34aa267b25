package io.segmenter.app.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.segmenter.app.Fixtures;
import io.segmenter.avro.ExpectedMovement;
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

        JsonNode json = new ObjectMapper().valueToTree(Views.Model.of(m, List.of("rfm"), null, null));

        JsonNode movement = json.path("expectedMovement");
        assertEquals(1, movement.path("comparedWithVersion").asLong());
        assertEquals(30, movement.path("moved").asLong());
        assertEquals(0.075, movement.path("share").asDouble(), 1e-12);
        assertEquals(20, movement.path("moves").get(0).path("customers").asLong());
        assertEquals(1, movement.path("moves").get(0).path("toSegmentId").asInt());
    }

    @Test
    void aFirstModelHasNoMovement() {
        assertNull(Views.Model.of(Fixtures.model(1), List.of("rfm"), null, null).expectedMovement());
    }
}
