package io.segmenter.trainer.notebook;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.segmenter.trainer.Datasets;
import io.segmenter.trainer.data.CsvFiles;
import io.segmenter.trainer.data.FeatureTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link NotebookRfm#read} (bytes, fast paths) gives exactly what the straightforward reading gives:
 * commons-csv records, {@code String.join} for duplicates, {@code Long.parseLong}, {@code Double.parseDouble}
 * and {@code LocalDateTime.parse} ({@link #reference}, the reader before it was made fast).
 */
class NotebookRfmTest {

    private static final String HEADER = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n";

    @Test
    void shouldReadOnlineRetailExactlyAsTheReferenceReading() throws IOException {
        Path csv = Datasets.file("online_retail.csv.gz");
        assertSame(reference(csv), NotebookRfm.read(csv));
    }

    @Test
    void shouldReadUnusualCellsAsTheReferenceReading(@TempDir Path tmp) throws IOException {
        String rows = HEADER
                + "1,A,plain,6,2010-12-01 08:26:00,2.55,17850.0,UK\n"
                + "1,A,plain,6,2010-12-01 08:26:00,2.55,17850.0,UK\n" // exact duplicate
                + "1,A,\"plain\",6,2010-12-01 08:26:00,2.55,17850.0,UK\r\n" // the same values, quoted: a duplicate too
                + "2,B,\"with, comma\nand line\",+3,2010-12-01 09:00:00,\" 1.5 \",17850,UK\n" // 17850 is 17850.0
                + "3,C,x,2,2011-02-30 10:00:00,1e2,12346.0,UK\n" // Feb 30 resolves to Feb 28, as the formatter does
                + "4,D,x,1,2011-12-09 12:50:00,0.1234567890123456789,12347.0,UK\n"
                + "5,E,x,-4,2011-12-09 12:50:00,3,12347.0,UK\n"
                + "6,F,x,0,2011-12-09 12:51:00,3,12347.0,UK\n"
                + "7,G,x,1,2011-12-09 12:52:00,-0.0,,UK\n" // no customer
                + "8,H,café,2,2011-06-01 00:00:00,.5,12348.0,Ünïted\n"
                + "8,H,café,2,2011-06-01 00:00:00,.5,12348.0,Ünïted\n"
                + "9,I,x,007,2011-06-01 23:59:59,5.,12348.0,UK\n"
                + "10,J,x,1,2011-06-01 23:59:59,9007199254740993,12349.0,UK\n"
                + "11,K,x,12,2011-07-01 01:02:03,123456789.125,12349.0,UK";
        Path csv = tmp.resolve("unusual.csv");
        Files.writeString(csv, rows, StandardCharsets.UTF_8);
        NotebookRfm.Result result = NotebookRfm.read(csv);
        assertSame(reference(csv), result);
        assertEquals(new NotebookRfm.Steps(14, 13, 10, 8), result.steps());
    }

    @Test
    void shouldFailAsTheReferenceReadingOnABadCell(@TempDir Path tmp) throws IOException {
        Path quantity = tmp.resolve("quantity.csv");
        Files.writeString(quantity, HEADER + "1,A,x,six,2010-12-01 08:26:00,2.55,17850.0,UK\n");
        assertEquals(message(() -> reference(quantity)), message(() -> NotebookRfm.read(quantity)));
        Path time = tmp.resolve("time.csv");
        Files.writeString(time, HEADER + "1,A,x,6,2010-13-01 08:26:00,2.55,17850.0,UK\n");
        assertEquals(message(() -> reference(time)), message(() -> NotebookRfm.read(time)));
        Path price = tmp.resolve("price.csv");
        Files.writeString(price, HEADER + "1,A,x,6,2010-12-01 08:26:00,2.5.5,17850.0,UK\n");
        assertEquals(message(() -> reference(price)), message(() -> NotebookRfm.read(price)));
        Path shortRow = tmp.resolve("short.csv");
        Files.writeString(shortRow, HEADER + "1,A,x\n");
        assertEquals(message(() -> reference(shortRow)), message(() -> NotebookRfm.read(shortRow)));
        Path noColumn = tmp.resolve("nocolumn.csv");
        Files.writeString(noColumn, "InvoiceNo,Quantity\n1,2\n");
        assertEquals(message(() -> reference(noColumn)), message(() -> NotebookRfm.read(noColumn)));
    }

    private interface Read {
        Object run() throws IOException;
    }

    private static String message(Read read) {
        Exception e = assertThrows(Exception.class, read::run);
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private static void assertSame(Reference expected, NotebookRfm.Result actual) {
        FeatureTable t = actual.table();
        assertEquals(expected.steps(), actual.steps());
        assertEquals(expected.snapshotMillis(), actual.snapshotMillis());
        assertEquals(expected.ids(), t.ids());
        assertEquals(expected.rows().size(), t.size());
        for (int i = 0; i < t.size(); i++) {
            assertArrayEquals(expected.rows().get(i), t.rows()[i], "customer " + t.ids().get(i)); // exact: delta 0
        }
    }

    private record Reference(NotebookRfm.Steps steps, List<String> ids, List<double[]> rows, long snapshotMillis) {}

    /** The reading as it was before the byte reader: one commons-csv record and one joined String per row. */
    private static Reference reference(Path file) throws IOException {
        DateTimeFormatter format = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
        long rows = 0;
        long withCustomer = 0;
        long deduplicated = 0;
        long positive = 0;
        Set<String> seen = new HashSet<>();
        Map<String, double[]> acc = new LinkedHashMap<>();
        long maxTime = Long.MIN_VALUE;
        try (CSVParser parser = CsvFiles.open(file)) {
            for (CSVRecord r : parser) {
                rows++;
                String customer = r.get("CustomerID");
                if (customer == null || customer.isEmpty()) {
                    continue;
                }
                withCustomer++;
                if (!seen.add(String.join("\u0001", r.values()))) {
                    continue;
                }
                deduplicated++;
                long quantity = Long.parseLong(r.get("Quantity"));
                if (quantity <= 0) {
                    continue;
                }
                positive++;
                long time = LocalDateTime.parse(r.get("InvoiceDate"), format).toEpochSecond(ZoneOffset.UTC);
                maxTime = Math.max(maxTime, time);
                double[] a = acc.computeIfAbsent(CsvFiles.customerId(customer), c -> new double[] {Long.MIN_VALUE, 0, 0});
                a[0] = Math.max(a[0], time);
                a[1] += 1;
                a[2] += quantity * Double.parseDouble(r.get("UnitPrice"));
            }
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
        long snapshot = maxTime + 86_400;
        List<double[]> table = new ArrayList<>();
        for (double[] a : acc.values()) {
            table.add(new double[] {Math.floorDiv(snapshot - (long) a[0], 86_400L), a[1], a[2]});
        }
        return new Reference(new NotebookRfm.Steps(rows, withCustomer, deduplicated, positive), new ArrayList<>(acc.keySet()),
                table, snapshot * 1000);
    }
}
