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
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A customer-level CSV (one row per customer or per snapshot of one) as CustomerAttributes records, in file
 * order: a later row of the same id replaces the earlier one downstream. A column is numeric when every
 * non-empty cell is a number (the trainer's rule for customer-level files), categorical otherwise or when
 * named in {@code categorical}; an empty cell is sent as null, which removes that attribute.
 *
 * <p>Two passes, so a file of any length is read in constant memory but for its customer ids (kept to count
 * customers): {@link #scan} decides the column kinds and checks the app's limits, {@link #records} then
 * streams the rows as records.
 */
public final class AttributesCsv {

    /** The app's limits on one customer's attributes (its {@code id.max.chars} and {@code attributes.max.*}). */
    public record Limits(int maxIdChars, int maxCount, int maxNameChars, int maxValueChars) {
        /** The limits an app with {@code config} applies. */
        public static Limits of(SegmenterConfig config) {
            return new Limits(config.getInt(SegmenterConfig.ID_MAX_CHARS), config.getInt(SegmenterConfig.ATTRIBUTES_MAX_COUNT),
                    config.getInt(SegmenterConfig.ATTRIBUTES_MAX_NAME_CHARS), config.getInt(SegmenterConfig.ATTRIBUTES_MAX_VALUE_CHARS));
        }
    }

    /**
     * What the first pass found: the attribute columns and their kinds, the counts, and {@code beyond}, the
     * first thing the app would dead-letter said as what to do (null when nothing).
     */
    public record Layout(Path csv, int idIndex, List<String> names, int[] index, boolean[] numeric, List<String> numericNames,
            List<String> categoricalNames, long records, long customers, long replaced, long withoutId, String beyond) {}

    private AttributesCsv() {}

    /**
     * @param idColumn the customer id column, or null for the first column
     * @param columns the attribute columns to send, or empty for every other column
     * @param categorical columns to send as categories even when they hold numbers
     * @throws IllegalArgumentException naming a column the file lacks, with the header
     */
    public static Layout scan(Path csv, String idColumn, List<String> columns, Set<String> categorical, Limits limits) throws IOException {
        try (CSVParser parser = CsvFiles.open(csv)) {
            List<String> header = parser.getHeaderNames();
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
            int[] index = names.stream().mapToInt(header::indexOf).toArray();
            boolean[] anyNumber = new boolean[names.size()];
            boolean[] notNumber = new boolean[names.size()];
            String[] longValue = new String[names.size()]; // the first over-long value's description, per column
            String longId = null;
            Set<String> seen = new HashSet<>();
            long records = 0;
            long withoutId = 0;
            for (CSVRecord r : parser) {
                String customer = CsvFiles.customerId(cell(r, idIndex));
                if (customer.isEmpty()) {
                    withoutId++;
                    continue;
                }
                records++;
                seen.add(customer);
                if (longId == null && customer.length() > limits.maxIdChars()) {
                    longId = "a customer id of " + customer.length() + " characters (line " + (r.getRecordNumber() + 1) + "); the app accepts at most "
                            + limits.maxIdChars() + " (id.max.chars); fix the id column, or set --max-id-chars to the app's value";
                }
                for (int c = 0; c < index.length; c++) {
                    String v = cell(r, index[c]);
                    if (!v.isEmpty()) {
                        if (Double.isFinite(CsvFiles.number(v))) {
                            anyNumber[c] = true;
                        } else {
                            notNumber[c] = true;
                        }
                        if (longValue[c] == null && v.length() > limits.maxValueChars()) {
                            longValue[c] = "customer " + customer + ": " + names.get(c) + " has a value of " + v.length() + " characters; the app accepts at most "
                                    + limits.maxValueChars() + " (attributes.max.value.chars); shorten it, leave the column out with --columns, or set"
                                    + " --max-value-chars to the app's value";
                        }
                    }
                }
            }
            boolean[] numeric = new boolean[names.size()];
            List<String> numericNames = new ArrayList<>();
            List<String> categoricalNames = new ArrayList<>();
            String beyondValue = null;
            for (int c = 0; c < names.size(); c++) {
                numeric[c] = !categorical.contains(names.get(c)) && anyNumber[c] && !notNumber[c];
                (numeric[c] ? numericNames : categoricalNames).add(names.get(c));
                if (!numeric[c] && longValue[c] != null && beyondValue == null) {
                    beyondValue = longValue[c]; // columns in file order: the first offending column
                }
            }
            String beyond = Stream.of(beyond(names, limits), longId, beyondValue).filter(Objects::nonNull).findFirst().orElse(null);
            return new Layout(csv, idIndex, List.copyOf(names), index, numeric, List.copyOf(numericNames), List.copyOf(categoricalNames), records,
                    seen.size(), records - seen.size(), withoutId, beyond);
        }
    }

    private static String beyond(List<String> names, Limits limits) {
        if (names.size() > limits.maxCount()) {
            return "the file has " + names.size() + " attribute columns, but the app keeps at most " + limits.maxCount()
                    + " per customer (attributes.max.count) and would dead-letter every row; choose some with --columns, or set --max-attributes to the app's value";
        }
        for (String name : names) {
            if (name.isEmpty() || name.length() > limits.maxNameChars()) {
                return "column '" + name + "' has a name of " + name.length() + " characters; the app accepts 1 to " + limits.maxNameChars()
                        + " (attributes.max.name.chars); rename it, or set --max-name-chars to the app's value";
            }
        }
        return null;
    }

    /**
     * The second pass: each row with an id as a record, in file order, to {@code sink} until it returns false.
     *
     * @param eventTime the event time of every record (rows of one id keep their file order)
     */
    public static void records(Layout layout, Instant eventTime, Predicate<CustomerAttributes> sink) throws IOException {
        try (CSVParser parser = CsvFiles.open(layout.csv())) {
            for (CSVRecord r : parser) {
                String customer = CsvFiles.customerId(cell(r, layout.idIndex()));
                if (customer.isEmpty()) {
                    continue;
                }
                Map<String, Double> numbers = new HashMap<>();
                Map<String, String> categories = new HashMap<>();
                for (int c = 0; c < layout.names().size(); c++) {
                    String v = cell(r, layout.index()[c]);
                    if (layout.numeric()[c]) {
                        numbers.put(layout.names().get(c), v.isEmpty() ? null : CsvFiles.number(v));
                    } else {
                        categories.put(layout.names().get(c), v.isEmpty() ? null : v);
                    }
                }
                if (!sink.test(new CustomerAttributes(customer, numbers, categories, eventTime))) {
                    return;
                }
            }
        }
    }

    private static String cell(CSVRecord r, int index) {
        return index < r.size() ? r.get(index).strip() : "";
    }

    private static int indexOf(List<String> header, String column, String flag) {
        int i = header.indexOf(column);
        if (i < 0) {
            throw new IllegalArgumentException("no column " + column + " in the file (columns: " + String.join(", ", header) + "); set " + flag);
        }
        return i;
    }
}
