package io.segmenter.trainer.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;

/** Opens a CSV file (optionally gzipped, by the {@code .gz} suffix) with a header row. */
public final class CsvFiles {

    private CsvFiles() {}

    public static CSVParser open(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        if (file.getFileName().toString().endsWith(".gz")) {
            in = new GZIPInputStream(in, 1 << 16);
        }
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
        return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader);
    }

    /** Parses a number, treating empty and unparsable cells as missing ({@code NaN}). */
    public static double number(String cell) {
        if (cell == null || cell.isBlank()) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(cell.strip());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** Customer ids such as {@code 17850.0} (written as floats by pandas) become {@code 17850}. */
    public static String customerId(String cell) {
        String s = cell.strip();
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }
}
