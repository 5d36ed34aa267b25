package io.segmenter.cli.replay;

import io.segmenter.app.config.SegmenterConfig;
import io.segmenter.avro.CustomerAttributes;
import io.segmenter.trainer.data.CsvFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A customer-level CSV (one row per customer or per snapshot of one) as CustomerAttributes records, in file
 * order: a later row of the same id replaces the earlier one downstream. A column is numeric when every
 * non-empty cell is a number (the trainer's rule for customer-level files), categorical otherwise or when
 * named in {@code categorical}; an empty cell is sent as null, which removes that attribute.
 */
public final class AttributesCsv {

    /** Attribute records and what the file held. */
    public record Read(List<CustomerAttributes> records, List<String> numeric, List<String> categorical, int customers, int replaced,
            int withoutId) {}

    /** The app's limits on one customer's attributes (its {@code id.max.chars} and {@code attributes.max.*}). */
    public record Limits(int maxIdChars, int maxCount, int maxNameChars, int maxValueChars) {
        public static final Limits APP_DEFAULTS = new Limits(SegmenterConfig.ID_MAX_CHARS_DEFAULT, SegmenterConfig.ATTRIBUTES_MAX_COUNT_DEFAULT,
                SegmenterConfig.ATTRIBUTES_MAX_NAME_CHARS_DEFAULT, SegmenterConfig.ATTRIBUTES_MAX_VALUE_CHARS_DEFAULT);
    }

    private AttributesCsv() {}

    /**
     * The first thing in {@code read} the app would dead-letter under {@code limits}, said as what to do, or
     * null: checked before anything is sent, so a file is not half accepted.
     */
    public static String beyond(Read read, Limits limits) {
        int columns = read.numeric().size() + read.categorical().size();
        if (columns > limits.maxCount()) {
            return "the file has " + columns + " attribute columns, but the app keeps at most " + limits.maxCount()
                    + " per customer (attributes.max.count) and would dead-letter every row; choose some with --columns, or set --max-attributes to the app's value";
        }
        for (String name : names(read)) {
            if (name.isEmpty() || name.length() > limits.maxNameChars()) {
                return "column '" + name + "' has a name of " + name.length() + " characters; the app accepts 1 to " + limits.maxNameChars()
                        + " (attributes.max.name.chars); rename it, or set --max-name-chars to the app's value";
            }
        }
        for (CustomerAttributes a : read.records()) {
            if (a.getCustomerId().length() > limits.maxIdChars()) {
                return "a customer id of " + a.getCustomerId().length() + " characters; the app accepts at most " + limits.maxIdChars()
                        + " (id.max.chars); fix the id column, or set --max-id-chars to the app's value";
            }
            for (Map.Entry<String, String> c : a.getCategories().entrySet()) {
                if (c.getValue() != null && c.getValue().length() > limits.maxValueChars()) {
                    return "customer " + a.getCustomerId() + ": " + c.getKey() + " has a value of " + c.getValue().length() + " characters; the app accepts at most "
                            + limits.maxValueChars() + " (attributes.max.value.chars); shorten it, leave the column out with --columns, or set --max-value-chars to the app's value";
                }
            }
        }
        return null;
    }

    private static List<String> names(Read read) {
        List<String> names = new ArrayList<>(read.numeric());
        names.addAll(read.categorical());
        return names;
    }

    /**
     * @param idColumn the customer id column, or null for the first column
     * @param columns the attribute columns to send, or empty for every other column
     * @param categorical columns to send as categories even when they hold numbers
     * @param eventTime the event time of every record (rows of one id keep their file order)
     * @throws IllegalArgumentException naming a column the file lacks, with the header
     */
    public static Read read(Path csv, String idColumn, List<String> columns, Set<String> categorical, Instant eventTime) throws IOException {
        List<String[]> rows = new ArrayList<>();
        List<String> header;
        try (CSVParser parser = CsvFiles.open(csv)) {
            header = parser.getHeaderNames();
            for (CSVRecord r : parser) {
                rows.add(r.values());
            }
        }
        if (header.isEmpty()) {
            throw new IllegalArgumentException(csv + " has no header row");
        }
        String id = idColumn == null ? header.getFirst() : idColumn;
        int idIndex = indexOf(header, id, "--id-column");
        List<String> names = new ArrayList<>();
        if (columns.isEmpty()) {
            header.stream().filter(h -> !h.equals(id)).forEach(names::add);
        } else {
            for (String c : columns) {
                indexOf(header, c, "--columns");
                names.add(c);
            }
        }
        for (String c : categorical) {
            if (!names.contains(c)) {
                throw new IllegalArgumentException("--categorical names " + c + ", which is not an attribute column (columns: " + names + ")");
            }
        }
        int[] index = new int[names.size()];
        boolean[] numeric = new boolean[names.size()];
        List<String> numericNames = new ArrayList<>();
        List<String> categoricalNames = new ArrayList<>();
        for (int c = 0; c < names.size(); c++) {
            index[c] = header.indexOf(names.get(c));
            numeric[c] = !categorical.contains(names.get(c)) && allNumbers(rows, index[c]);
            (numeric[c] ? numericNames : categoricalNames).add(names.get(c));
        }
        List<CustomerAttributes> records = new ArrayList<>(rows.size());
        Set<String> seen = new HashSet<>();
        int replaced = 0;
        int withoutId = 0;
        for (String[] row : rows) {
            String customer = idIndex < row.length ? CsvFiles.customerId(row[idIndex]) : "";
            if (customer.isEmpty()) {
                withoutId++;
                continue;
            }
            if (!seen.add(customer)) {
                replaced++;
            }
            Map<String, Double> numbers = new LinkedHashMap<>();
            Map<String, String> categories = new LinkedHashMap<>();
            for (int c = 0; c < names.size(); c++) {
                String cell = index[c] < row.length ? row[index[c]].strip() : "";
                if (numeric[c]) {
                    numbers.put(names.get(c), cell.isEmpty() ? null : CsvFiles.number(cell));
                } else {
                    categories.put(names.get(c), cell.isEmpty() ? null : cell);
                }
            }
            records.add(new CustomerAttributes(customer, new HashMap<>(numbers), new HashMap<>(categories), eventTime));
        }
        return new Read(records, numericNames, categoricalNames, seen.size(), replaced, withoutId);
    }

    private static int indexOf(List<String> header, String column, String flag) {
        int i = header.indexOf(column);
        if (i < 0) {
            throw new IllegalArgumentException("no column " + column + " in the file (columns: " + String.join(", ", header) + "); set " + flag);
        }
        return i;
    }

    private static boolean allNumbers(List<String[]> rows, int column) {
        boolean any = false;
        for (String[] row : rows) {
            String cell = column < row.length ? row[column].strip() : "";
            if (!cell.isEmpty()) {
                if (!Double.isFinite(CsvFiles.number(cell))) {
                    return false;
                }
                any = true;
            }
        }
        return any;
    }
}
