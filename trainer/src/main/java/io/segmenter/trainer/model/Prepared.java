package io.segmenter.trainer.model;

import io.segmenter.avro.FeatureSpec;
import java.util.List;

/**
 * Training data after preprocessing.
 *
 * @param names dimension names: a number's or ordinal's own name, {@code Source=value} for a one-hot dimension
 * @param raw rows in original units after imputation (0/1 on one-hot dimensions, the level index for ordinals) (what the model's {@code original} centroids average)
 * @param scaled rows transformed and standardised with {@code specs}
 * @param missingByFeature missing values found per feature, in feature order
 * @param skewness per feature, before the transform
 * @param notes what preprocessing did, for the report
 * @param tableRows the row of the input table each prepared row comes from
 */
public record Prepared(
        List<String> ids,
        List<String> names,
        double[][] raw,
        double[][] scaled,
        List<FeatureSpec> specs,
        long[] missingByFeature,
        int rowsDropped,
        double[] skewness,
        List<String> notes,
        int[] tableRows) {

    public int size() {
        return raw.length;
    }
}
