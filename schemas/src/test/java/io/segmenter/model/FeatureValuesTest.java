package io.segmenter.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FeatureValuesTest {

    private static final String[] NAMES = {"recency", "frequency", "monetary"};

    @Test
    void isTheMapOfItsNamesAndValuesInTheModelsOrder() {
        FeatureValues f = new FeatureValues(NAMES, new double[] {12.0, 3.0, -0.0});
        Map<String, Double> expected = new LinkedHashMap<>();
        expected.put("recency", 12.0);
        expected.put("frequency", 3.0);
        expected.put("monetary", -0.0);
        assertEquals(expected, f);
        assertEquals(f, expected);
        assertEquals(expected.hashCode(), f.hashCode());
        assertEquals(List.copyOf(expected.keySet()), new ArrayList<>(f.keySet()));
        assertEquals(3.0, f.get("frequency"));
        assertNull(f.get("tenure"));
        assertTrue(f.containsKey("monetary"));
        assertFalse(f.containsKey("tenure"));
        assertEquals(expected.toString(), f.toString());
    }

    @Test
    void differsFromAMapWithAnotherValue() {
        Map<String, Double> other = new LinkedHashMap<>(new FeatureValues(NAMES, new double[] {1, 2, 3}));
        other.put("monetary", 4.0);
        assertFalse(new FeatureValues(NAMES, new double[] {1, 2, 3}).equals(other));
    }

    @Test
    void cannotBeChangedNorBuiltWithTooFewValues() {
        FeatureValues f = new FeatureValues(NAMES, new double[] {1, 2, 3});
        assertThrows(UnsupportedOperationException.class, () -> f.put("recency", 5.0));
        assertThrows(UnsupportedOperationException.class, () -> f.entrySet().iterator().next().setValue(5.0));
        assertThrows(IllegalArgumentException.class, () -> new FeatureValues(NAMES, new double[2]));
    }
}
