package io.segmenter.app.query;

import static io.segmenter.app.Fixtures.DAY;
import static io.segmenter.app.Fixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.segmenter.app.Fixtures;
import io.segmenter.app.state.SegmentHistory;
import io.segmenter.app.state.StoreNames;
import io.segmenter.app.TopologyHarness;
import io.segmenter.avro.FeatureKind;
import io.segmenter.avro.FeatureSpec;
import io.segmenter.avro.FeatureTransform;
import io.segmenter.avro.SegmentAssignment;
import io.segmenter.avro.SegmentModel;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/** What the API reads from the topology's stores: every valid model by name, the latest evaluation, the segment history. */
class QueryStoresTopologyTest {

    private static SegmentModel otherModel(String name, long version, List<String> features) {
        SegmentModel m = Fixtures.model(version);
        m.setName(name);
        m.setRfmCuts(null);
        m.setFeatures(features.stream().map(f -> new FeatureSpec(f, FeatureTransform.NONE, 0.0, 1.0, FeatureKind.NUMERIC, null, null, null, null)).toList());
        return m;
    }

    @Test
    void shouldKeepEveryValidModelByNameWhileScoringOnlyWithTheConfiguredOne() {
        try (TopologyHarness h = new TopologyHarness()) {
            h.publish(Fixtures.model(1));
            h.publish(otherModel("ccgeneral", 4, List.of("balance", "purchases", "credit_limit")));
            SegmentModel broken = otherModel("broken", 1, List.of("a", "b", "c"));
            broken.getFeatures().getFirst().setStd(0.0);
            h.publish(broken);
            h.publish(otherModel("rfm", 2, List.of("balance", "purchases", "credit_limit"))); // rfm must keep the RFM features
            KeyValueStore<String, SegmentModel> models = h.driver.getKeyValueStore(StoreNames.MODELS);
            assertEquals(4, models.get("ccgeneral").getVersion());
            assertNull(models.get("broken"));
            assertEquals(1, models.get("rfm").getVersion());

            h.send(Fixtures.purchase("t1", "c1", T0, 100_00));
            assertEquals("rfm", h.assignment("c1").getModelName());
        }
    }

    @Test
    void shouldKeepTheLatestEvaluationAndTheSegmentHistoryAndEraseThem() {
        try (TopologyHarness h = new TopologyHarness()) {
            h.publish(Fixtures.model(1));
            h.send(Fixtures.purchase("t1", "c1", T0, 20_00));
            h.send(Fixtures.purchase("clock", "c2", T0.plusMillis(200 * DAY), 20_00)); // ages c1 into Lapsed on the next look
            h.send(Fixtures.purchase("t2", "c1", T0.plusMillis(1 * DAY), 20_00)); // a late purchase: still Lapsed, no emission
            SegmentAssignment stored = h.assignment("c1");
            assertEquals(2.0, stored.getFeatures().get("frequency")); // the store has the latest evaluation
            SegmentHistory history = h.state("c1").history();
            assertNotNull(history);
            assertEquals(stored.getSegmentId(), history.changes().getLast().segmentId());
            assertEquals(stored.getAssignedAt().toEpochMilli(), history.changes().getLast().at());

            h.erasures.pipeInput("c1", new byte[0]);
            assertNull(h.state("c1"), "the history goes with the state");
        }
    }
}
