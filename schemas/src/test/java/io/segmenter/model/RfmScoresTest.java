package io.segmenter.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class RfmScoresTest {

    @Test
    void theClassIsTheThreeScoresAsDigitsAndOneStringPerClass() {
        for (int r = 0; r <= 9; r++) {
            for (int f = 0; f <= 9; f++) {
                for (int m = 0; m <= 9; m++) {
                    assertEquals("" + r + f + m, new RfmScores(r, f, m).rfmClass());
                }
            }
        }
        assertSame(new RfmScores(1, 2, 4).rfmClass(), new RfmScores(1, 2, 4).rfmClass());
        assertEquals("1104", new RfmScores(1, 10, 4).rfmClass());
    }
}
