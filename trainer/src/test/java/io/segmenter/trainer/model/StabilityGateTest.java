package io.segmenter.trainer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segmenter.avro.SegmentModel;
import io.segmenter.trainer.data.FeatureTable;
import org.junit.jupiter.api.Test;

/**
 * The stability gate: a refit is compared, customer by customer on the same snapshot, with the model in
 * use, and refused when it would move more than the allowed share to another segment.
 */
class StabilityGateTest {

    private static final long NOW = 1_700_000_000_000L;

    private static TrainingResult train(FeatureTable t, SegmentModel previous, TrainerOptions o) {
        return new Trainer().train(t, NOW, previous, o);
    }

    @Test
    void aRefitOnTheSameDataMovesAlmostNobodyAndPasses() {
        FeatureTable data = StableSegmentIdsTest.groups(1, 0);
        SegmentModel inUse = train(data, null, TrainerOptions.rfmDefaults().withK(4)).model();

        TrainingResult refit = train(data, inUse, TrainerOptions.rfmDefaults().withK(4).withSeed(99));

        assertNotNull(refit.movement());
        assertEquals(data.size(), refit.movement().customers());
        assertTrue(refit.movement().share() < 0.01, refit.movement().describe());
        assertTrue(refit.publishable(), refit.rejections().toString());
        // the model carries it, for GET /model
        assertEquals(inUse.getVersion(), refit.model().getExpectedMovement().getComparedWithVersion());
        assertEquals(refit.movement().moved(), refit.model().getExpectedMovement().getMoved());
    }

    @Test
    void aRefitWithAnotherKIsRefusedNamingTheMovementUnlessForced() {
        FeatureTable data = StableSegmentIdsTest.groups(1, 0);
        SegmentModel inUse = train(data, null, TrainerOptions.rfmDefaults().withK(4)).model();

        // k = 2 merges the four groups pairwise: a large share of customers changes segment
        TrainingResult merged = train(data, inUse, TrainerOptions.rfmDefaults().withK(2).withGates(0.0, 0.0));

        assertTrue(merged.movement().share() > TrainerOptions.Stability.DEFAULT_MAX_MOVEMENT, merged.movement().describe());
        assertFalse(merged.publishable());
        assertEquals(java.util.List.of(QualityGates.GATE_STABILITY), merged.failedGates());
        String reason = merged.rejections().getFirst();
        assertTrue(reason.startsWith("would move ") && reason.contains("->") && reason.contains("--force"), reason);
        Movement.Move largest = merged.movement().largest(1).getFirst();
        assertEquals(merged.movement().moves().get(largest.from()).get(largest.to()), largest.customers());

        TrainingResult forced = train(data, inUse, TrainerOptions.rfmDefaults().withK(2).withGates(0.0, 0.0)
                .withStability(new TrainerOptions.Stability(TrainerOptions.Stability.DEFAULT_MAX_MOVEMENT, true)));
        assertTrue(forced.publishable(), forced.rejections().toString());
        assertEquals(merged.movement().moved(), forced.movement().moved(), "forcing publishes, the movement is still reported");
    }

    @Test
    void theFirstModelHasNothingToBeComparedWith() {
        TrainingResult first = train(StableSegmentIdsTest.groups(1, 0), null, TrainerOptions.rfmDefaults().withK(4));
        assertNull(first.movement());
        assertTrue(first.publishable());
    }
}
