package io.segmenter.trainer.notebook;

import io.segmenter.avro.FeatureTransform;
import io.segmenter.model.RfmFeatures;
import io.segmenter.trainer.data.CsvFiles;
import io.segmenter.trainer.data.FeatureTable;
import io.segmenter.trainer.model.MissingValues;
import io.segmenter.trainer.model.QualityGates;
import io.segmenter.trainer.model.TrainerOptions;
import java.io.IOException;
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

/**
 * The reference notebook's RFM definitions over Online Retail ({@code --preset notebook}): drop rows
 * without CustomerID, drop exact duplicate rows, keep Quantity &gt; 0; per customer Frequency = number of
 * lines, Monetary = sum of Quantity x UnitPrice, Recency = whole days from (max InvoiceDate + 1 day) to
 * the customer's last line. Clustering: raw R, F, M standardised (population std), k = 3, silhouette
 * on every point.
 */
public final class NotebookRfm {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** Row counts after each cleaning step, for the report. */
    public record Steps(long rows, long withCustomer, long deduplicated, long positiveQuantity) {}

    public record Result(FeatureTable table, Steps steps, long snapshotMillis) {}

    private NotebookRfm() {}

    public static TrainerOptions options() {
        return new TrainerOptions("rfm", true, 1, 10, 3, QualityGates.DEFAULT_MIN_SILHOUETTE,
                QualityGates.DEFAULT_MIN_SHARE, 42L, 0, 50, MissingValues.DROP_ROWS,
                Map.of(RfmFeatures.RECENCY, FeatureTransform.NONE, RfmFeatures.FREQUENCY, FeatureTransform.NONE,
                        RfmFeatures.MONETARY, FeatureTransform.NONE),
                false, Map.of(), TrainerOptions.Stability.DEFAULT);
    }

    public static Result read(Path file) throws IOException {
        long rows = 0;
        long withCustomer = 0;
        long deduplicated = 0;
        long positive = 0;
        Set<String> seen = new HashSet<>();
        // customer -> {last line time (epoch seconds), lines, monetary}
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
                long time = LocalDateTime.parse(r.get("InvoiceDate"), FORMAT).toEpochSecond(ZoneOffset.UTC);
                maxTime = Math.max(maxTime, time);
                double[] a = acc.computeIfAbsent(CsvFiles.customerId(customer), c -> new double[] {Long.MIN_VALUE, 0, 0});
                a[0] = Math.max(a[0], time);
                a[1] += 1;
                a[2] += quantity * Double.parseDouble(r.get("UnitPrice"));
            }
        }
        long snapshot = maxTime + 86_400;
        List<String> ids = new ArrayList<>(acc.keySet());
        double[][] table = new double[ids.size()][];
        for (int i = 0; i < ids.size(); i++) {
            double[] a = acc.get(ids.get(i));
            table[i] = new double[] {Math.floorDiv(snapshot - (long) a[0], 86_400L), a[1], a[2]};
        }
        Steps steps = new Steps(rows, withCustomer, deduplicated, positive);
        List<String> notes = List.of(
                rows + " rows; " + withCustomer + " with CustomerID; " + deduplicated + " after dropping exact duplicates; "
                        + positive + " with Quantity > 0",
                "Recency = whole days from max InvoiceDate + 1 day to the last line; Frequency = lines; Monetary = sum Quantity x UnitPrice");
        return new Result(new FeatureTable(file.getFileName().toString(), ids, RfmFeatures.NAMES, table, notes), steps,
                snapshot * 1000);
    }
}
