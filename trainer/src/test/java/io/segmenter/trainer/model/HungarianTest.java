package io.segmenter.trainer.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.segmenter.avro.RfmCuts;
import java.util.List;
import org.junit.jupiter.api.Test;

class HungarianTest {

    @Test
    void shouldFindMinimumCostAssignmentWhereGreedyFails() {
        // Greedy takes row 0 -> column 0 (cost 1) and then pays 100; the optimum is 2 + 3.
        double[][] cost = {{1, 2}, {3, 100}};
        assertArrayEquals(new int[] {1, 0}, Hungarian.assign(cost));
    }

    @Test
    void shouldLeaveExtraRowsUnassignedWhenRowsOutnumberColumns() {
        double[][] cost = {{5, 9}, {1, 9}, {9, 1}};
        assertArrayEquals(new int[] {-1, 0, 1}, Hungarian.assign(cost));
    }

    @Test
    void shouldUseEachColumnOnceWhenColumnsOutnumberRows() {
        double[][] cost = {{4, 1, 3}, {2, 0, 5}};
        int[] a = Hungarian.assign(cost);
        assertEquals(3.0, cost[0][a[0]] + cost[1][a[1]]);
    }

    @Test
    void shouldPlaceValuesOnQuartileLevels() {
        List<Double> cuts = List.of(10.0, 20.0, 40.0);
        assertEquals(1.0, PersonaLabeler.level(10, cuts), 1e-12);
        assertEquals(1.5, PersonaLabeler.level(15, cuts), 1e-12);
        assertEquals(3.0, PersonaLabeler.level(40, cuts), 1e-12);
        assertEquals(4.0, PersonaLabeler.level(1000, cuts), 1e-12);
        assertEquals(0.0, PersonaLabeler.level(-50, cuts), 1e-12);
        RfmCuts rfm = RfmCuts.newBuilder().setRecency(cuts).setFrequency(cuts).setMonetary(cuts).build();
        assertEquals(3.0, PersonaLabeler.levels(new double[] {10, 10, 10}, rfm)[0], 1e-12, "recent = high level");
    }
}
