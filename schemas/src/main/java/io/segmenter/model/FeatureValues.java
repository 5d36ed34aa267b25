package io.segmenter.model;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * An assignment's feature values as an immutable map in the model's feature order, over the model's name
 * array and one {@code double[]}. A customer's current assignment is kept live in the state cache and
 * replaced at every transaction, so what it holds survives into the old generation; a LinkedHashMap of three
 * boxed doubles was about 300 bytes of that, this is about 60. Equal to any map with the same entries.
 */
public final class FeatureValues extends AbstractMap<String, Double> {

    private final String[] names;
    private final double[] values;

    /** {@code names} is shared, never changed; {@code values} is taken as is, one per name. */
    public FeatureValues(String[] names, double[] values) {
        if (names.length != values.length) {
            throw new IllegalArgumentException(names.length + " feature names for " + values.length + " values");
        }
        this.names = names;
        this.values = values;
    }

    @Override
    public int size() {
        return names.length;
    }

    @Override
    public Double get(Object key) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(key)) {
                return values[i];
            }
        }
        return null;
    }

    @Override
    public boolean containsKey(Object key) {
        return Arrays.asList(names).contains(key);
    }

    @Override
    public Set<Map.Entry<String, Double>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public int size() {
                return names.length;
            }

            @Override
            public Iterator<Map.Entry<String, Double>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < names.length;
                    }

                    @Override
                    public Map.Entry<String, Double> next() {
                        if (next >= names.length) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return new SimpleImmutableEntry<>(names[i], values[i]);
                    }
                };
            }
        };
    }
}
