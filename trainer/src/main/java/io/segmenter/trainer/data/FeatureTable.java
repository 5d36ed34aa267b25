package io.segmenter.trainer.data;

import java.util.List;

/**
 * One row per customer, one column per feature, in original units; {@code NaN} marks a missing value.
 *
 * @param source where the rows came from (a file name or a topic), for the report
 * @param notes what the reader did to the input (rows skipped and why), for the report
 */
public record FeatureTable(String source, List<String> ids, List<String> names, double[][] rows, List<String> notes) {

    public FeatureTable {
        if (ids.size() != rows.length) {
            throw new IllegalArgumentException(ids.size() + " ids for " + rows.length + " rows");
        }
        for (double[] row : rows) {
            if (row.length != names.size()) {
                throw new IllegalArgumentException("a row has " + row.length + " values for " + names.size() + " features");
            }
        }
    }

    public int size() {
        return rows.length;
    }

    public int dimensions() {
        return names.size();
    }

    public double[] column(int j) {
        double[] c = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            c[i] = rows[i][j];
        }
        return c;
    }
}
