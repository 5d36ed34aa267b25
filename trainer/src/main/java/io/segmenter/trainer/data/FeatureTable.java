package io.segmenter.trainer.data;

import java.util.List;

/**
 * One row per customer: numeric columns in original units ({@code NaN} marks a missing value) and
 * categorical columns as text ({@code null} marks a missing value).
 *
 * @param source where the rows came from (a file name or a topic), for the report
 * @param names the numeric columns, in the order of {@code rows}' values
 * @param notes what the reader did to the input (rows skipped and why), for the report
 * @param text the categorical columns
 * @param columns every column (numeric and categorical) in input order: the features when none are chosen
 */
public record FeatureTable(String source, List<String> ids, List<String> names, double[][] rows, List<String> notes,
        List<TextColumn> text, List<String> columns) {

    /** A categorical column: one value per row, null when missing. */
    public record TextColumn(String name, String[] values) {}

    public FeatureTable {
        if (ids.size() != rows.length) {
            throw new IllegalArgumentException(ids.size() + " ids for " + rows.length + " rows");
        }
        for (double[] row : rows) {
            if (row.length != names.size()) {
                throw new IllegalArgumentException("a row has " + row.length + " values for " + names.size() + " features");
            }
        }
        for (TextColumn t : text) {
            if (t.values().length != ids.size()) {
                throw new IllegalArgumentException("column " + t.name() + " has " + t.values().length + " values for " + ids.size() + " rows");
            }
        }
        if (columns.size() != names.size() + text.size()) {
            throw new IllegalArgumentException(columns.size() + " columns for " + names.size() + " numeric and " + text.size() + " categorical");
        }
    }

    /** A table of numeric columns only. */
    public FeatureTable(String source, List<String> ids, List<String> names, double[][] rows, List<String> notes) {
        this(source, ids, names, rows, notes, List.of(), names);
    }

    public int size() {
        return rows.length;
    }

    /** Numeric columns. */
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

    /** The categorical column of this name, or null. */
    public TextColumn textColumn(String name) {
        for (TextColumn t : text) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        return null;
    }

    /**
     * Row {@code i} as {@link io.segmenter.model.FeatureEncoding} reads it: a Double for a numeric column, a String for a
     * categorical one, null when missing or when there is no such column.
     */
    public java.util.function.Function<String, Object> values(int i) {
        return column -> {
            int j = names.indexOf(column);
            if (j >= 0) {
                return Double.isFinite(rows[i][j]) ? rows[i][j] : null;
            }
            TextColumn t = textColumn(column);
            return t == null ? null : t.values()[i];
        };
    }
}
