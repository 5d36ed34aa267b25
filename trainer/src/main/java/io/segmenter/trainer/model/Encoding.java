package io.segmenter.trainer.model;

import io.segmenter.model.ModelValidator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the trainer encodes categorical and ordinal inputs, and which inputs it uses.
 *
 * @param features the inputs to use, in this order; empty = every column of the input
 * @param ordinals ordinal inputs and their levels in ascending order; every other text input is nominal (one-hot)
 * @param maxCategories the most frequent values of a nominal input that keep their own dimension; the rest share {@code (other)}
 * @param missingCategory a missing nominal value: its own category {@code (missing)}, or imputed with the most frequent value
 * @param categoryWeight W: two customers differing in one nominal input are W^2 apart (squared, scaled space)
 */
public record Encoding(List<String> features, Map<String, List<String>> ordinals, int maxCategories, MissingCategory missingCategory,
        double categoryWeight) {

    public enum MissingCategory { OWN, MODE }

    public static final int DEFAULT_MAX_CATEGORIES = 20;
    public static final double DEFAULT_CATEGORY_WEIGHT = 1.0;
    /** Most {@code --max-categories}: with {@code (other)} and {@code (missing)} a source stays within the validator's bound. */
    public static final int MAX_CATEGORIES = ModelValidator.MAX_CATEGORIES - 2;
    public static final Encoding DEFAULT = new Encoding(List.of(), Map.of(), DEFAULT_MAX_CATEGORIES, MissingCategory.OWN,
            DEFAULT_CATEGORY_WEIGHT);

    public Encoding {
        features = List.copyOf(features);
        ordinals = Map.copyOf(ordinals);
        if (maxCategories < 1 || maxCategories > MAX_CATEGORIES) {
            throw new IllegalArgumentException("max categories must be between 1 and " + MAX_CATEGORIES + ", not " + maxCategories);
        }
        if (!(categoryWeight > 0) || !Double.isFinite(categoryWeight)) {
            throw new IllegalArgumentException("the category weight must be a positive number, not " + categoryWeight);
        }
        if (features.size() != features.stream().distinct().count()) {
            throw new IllegalArgumentException("features " + features + " name an input twice");
        }
        for (Map.Entry<String, List<String>> e : ordinals.entrySet()) {
            List<String> levels = e.getValue();
            if (levels.size() < 2 || levels.size() != levels.stream().distinct().count() || levels.size() > ModelValidator.MAX_CATEGORIES) {
                throw new IllegalArgumentException("ordinal " + e.getKey() + " needs between 2 and " + ModelValidator.MAX_CATEGORIES
                        + " distinct levels, not " + levels);
            }
        }
    }

    /** The standard deviation of a one-hot dimension: sqrt(2) / W (its mean is 0: one-hot dimensions are not centred). */
    public double oneHotStd() {
        return Math.sqrt(2) / categoryWeight;
    }

    public Encoding withOrdinals(Map<String, List<String>> o) {
        return new Encoding(features, o, maxCategories, missingCategory, categoryWeight);
    }

    public Encoding withWeight(double w) {
        return new Encoding(features, ordinals, maxCategories, missingCategory, w);
    }

    public Encoding withFeatures(List<String> f) {
        return new Encoding(f, ordinals, maxCategories, missingCategory, categoryWeight);
    }

    /** Ordinal inputs from specs such as {@code Spending_Score=Low<Average<High}. */
    public static Map<String, List<String>> parseOrdinals(List<String> specs) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String spec : specs) {
            String[] kv = spec.split("=", 2);
            if (kv.length != 2 || kv[0].isBlank()) {
                throw new IllegalArgumentException("ordinal '" + spec + "' is not NAME=Low<Middle<High");
            }
            List<String> levels = new ArrayList<>();
            for (String level : kv[1].split("<", -1)) {
                levels.add(level.strip());
            }
            if (levels.stream().anyMatch(String::isEmpty)) {
                throw new IllegalArgumentException("ordinal '" + spec + "' has an empty level");
            }
            if (out.put(kv[0].strip(), levels) != null) {
                throw new IllegalArgumentException("ordinal " + kv[0].strip() + " is given twice");
            }
        }
        return out;
    }

    /** Feature names from {@code a,b,c}; empty for null or blank. */
    public static List<String> parseFeatures(String spec) {
        if (spec == null || spec.isBlank()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String f : spec.split(",")) {
            if (!f.isBlank()) {
                out.add(f.strip());
            }
        }
        return out;
    }
}
