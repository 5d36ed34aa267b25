package io.segmenter.trainer.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a customer-level file (one row per customer, such as CC GENERAL or the demographic file): the id
 * column names the customer; every other column is a feature, numeric when every non-empty cell is a number,
 * categorical otherwise (a column with no value at all is skipped). Empty cells are missing values. A later
 * row with the same id replaces the earlier one (keeping the earlier one's place), as a later attributes
 * record replaces an earlier one in the app.
 */
public final class CustomerLevelCsv {

    private CustomerLevelCsv() {}

    /** The id column name that means the file's first column (the replay's default too). */
    public static final String FIRST_COLUMN = "";

    public static FeatureTable read(Path file, String idColumnOrFirst) throws IOException {
        Map<String, String[]> byId = new LinkedHashMap<>();
        List<String> header;
        long replaced = 0;
        long withoutId = 0;
        String idColumn = idColumnOrFirst;
        try (CSVParser parser = CsvFiles.open(file)) {
            header = parser.getHeaderNames();
            if (idColumn.equals(FIRST_COLUMN) && !header.isEmpty()) {
                idColumn = header.getFirst();
            }
            if (!header.contains(idColumn)) {
                throw new IllegalArgumentException("no column " + idColumn + " in " + file + " (columns: " + header + ")");
            }
            int idIndex = header.indexOf(idColumn);
            for (CSVRecord r : parser) {
                // ids as the attributes replay sends them: 17850.0 is 17850, a row without one is skipped
                String id = idIndex < r.size() ? CsvFiles.customerId(r.get(idIndex)) : "";
                if (id.isEmpty()) {
                    withoutId++;
                } else if (byId.put(id, r.values()) != null) {
                    replaced++;
                }
            }
        }
        List<String> ids = new ArrayList<>(byId.keySet());
        List<String[]> cells = new ArrayList<>(byId.values());
        List<Integer> numericColumns = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<FeatureTable.TextColumn> text = new ArrayList<>();
        List<String> columns = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        if (replaced > 0) {
            notes.add(String.format(Locale.ROOT, "%,d rows replaced earlier rows of the same id", replaced));
        }
        if (withoutId > 0) {
            notes.add(String.format(Locale.ROOT, "%,d rows without a customer id skipped", withoutId));
        }
        for (int j = 0; j < header.size(); j++) {
            if (header.get(j).equals(idColumn)) {
                continue;
            }
            boolean numeric = true;
            boolean any = false;
            for (String[] row : cells) {
                String cell = cell(row, j);
                if (cell != null) {
                    any = true;
                    if (Double.isNaN(CsvFiles.number(cell))) {
                        numeric = false;
                        break;
                    }
                }
            }
            if (!any) {
                notes.add("column " + header.get(j) + " skipped: no values");
            } else if (numeric) {
                numericColumns.add(j);
                names.add(header.get(j));
                columns.add(header.get(j));
            } else {
                String[] values = new String[cells.size()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = cell(cells.get(i), j);
                }
                text.add(new FeatureTable.TextColumn(header.get(j), values));
                columns.add(header.get(j));
            }
        }
        double[][] rows = new double[cells.size()][names.size()];
        for (int i = 0; i < cells.size(); i++) {
            String[] row = cells.get(i);
            for (int c = 0; c < numericColumns.size(); c++) {
                rows[i][c] = CsvFiles.number(cell(row, numericColumns.get(c)));
            }
        }
        notes.add(String.format(Locale.ROOT, "%d customers, %d numeric and %d categorical feature columns", cells.size(), names.size(),
                text.size()));
        return new FeatureTable(file.getFileName().toString(), ids, names, rows, notes, List.copyOf(text), List.copyOf(columns));
    }

    /** The stripped cell, or null when it is absent or blank. */
    private static String cell(String[] row, int j) {
        if (j >= row.length || row[j] == null || row[j].isBlank()) {
            return null;
        }
        return row[j].strip();
    }
}
