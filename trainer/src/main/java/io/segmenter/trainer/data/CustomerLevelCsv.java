package io.segmenter.trainer.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a customer-level file (one row per customer, such as CC GENERAL): the id column names the
 * customer, every other column is a feature when at least one of its cells is a number; other columns
 * are skipped and named in the notes. Empty cells become missing values.
 */
public final class CustomerLevelCsv {

    private CustomerLevelCsv() {}

    public static FeatureTable read(Path file, String idColumn) throws IOException {
        List<String> ids = new ArrayList<>();
        List<String[]> cells = new ArrayList<>();
        List<String> header;
        try (CSVParser parser = CsvFiles.open(file)) {
            header = parser.getHeaderNames();
            if (!header.contains(idColumn)) {
                throw new IllegalArgumentException("no column " + idColumn + " in " + file + " (columns: " + header + ")");
            }
            for (CSVRecord r : parser) {
                ids.add(r.get(idColumn));
                cells.add(r.values());
            }
        }
        List<Integer> columns = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (int j = 0; j < header.size(); j++) {
            if (header.get(j).equals(idColumn)) {
                continue;
            }
            boolean numeric = false;
            for (String[] row : cells) {
                if (j < row.length && !Double.isNaN(CsvFiles.number(row[j]))) {
                    numeric = true;
                    break;
                }
            }
            if (numeric) {
                columns.add(j);
                names.add(header.get(j));
            } else {
                notes.add("column " + header.get(j) + " skipped: not numeric");
            }
        }
        double[][] rows = new double[cells.size()][names.size()];
        for (int i = 0; i < cells.size(); i++) {
            String[] row = cells.get(i);
            for (int c = 0; c < columns.size(); c++) {
                int j = columns.get(c);
                rows[i][c] = j < row.length ? CsvFiles.number(row[j]) : Double.NaN;
            }
        }
        notes.add(cells.size() + " customers, " + names.size() + " numeric feature columns");
        return new FeatureTable(file.getFileName().toString(), ids, names, rows, notes);
    }
}
