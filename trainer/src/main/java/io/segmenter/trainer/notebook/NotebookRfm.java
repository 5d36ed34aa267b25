package io.segmenter.trainer.notebook;

import io.segmenter.avro.FeatureTransform;
import io.segmenter.model.RfmFeatures;
import io.segmenter.trainer.data.ByteCsvReader;
import io.segmenter.trainer.data.ByteKeys;
import io.segmenter.trainer.data.CsvFiles;
import io.segmenter.trainer.data.FeatureTable;
import io.segmenter.trainer.model.Encoding;
import io.segmenter.trainer.model.MissingValues;
import io.segmenter.trainer.model.QualityGates;
import io.segmenter.trainer.model.TrainerOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
                false, Map.of(), TrainerOptions.Stability.DEFAULT, Encoding.DEFAULT);
    }

    /**
     * Reads the file in one pass over its bytes ({@link ByteCsvReader}: no String or record per row; the
     * duplicate check hashes each row's unescaped fields, joined as {@code String.join("\u0001", values)}
     * would join them), with the notebook's steps in its order. Numbers and times take a fast path for the
     * plain forms Online Retail writes ({@code 6}, {@code 2.55}, {@code 2010-12-01 08:26:00}) that gives
     * exactly what {@code Long.parseLong}, {@code Double.parseDouble} and {@code LocalDateTime.parse} give;
     * anything else goes through them, with their errors.
     */
    public static Result read(Path file) throws IOException {
        long rows = 0;
        long withCustomer = 0;
        long deduplicated = 0;
        long positive = 0;
        ByteKeys seen = new ByteKeys();
        Customers customers = new Customers();
        long[] last = new long[256];
        long[] lines = new long[256];
        double[] monetary = new double[256];
        long maxTime = Long.MIN_VALUE;
        Times times = new Times();
        try (ByteCsvReader csv = ByteCsvReader.open(file)) {
            int customerColumn = csv.column("CustomerID");
            int quantityColumn = csv.column("Quantity");
            int dateColumn = csv.column("InvoiceDate");
            int priceColumn = csv.column("UnitPrice");
            while (csv.next()) {
                rows++;
                byte[] row = csv.buffer();
                int cs = field(csv, customerColumn, "CustomerID");
                int ce = csv.end(customerColumn);
                if (cs == ce) {
                    continue;
                }
                withCustomer++;
                if (!addRow(seen, csv, row)) {
                    continue;
                }
                deduplicated++;
                long quantity = parseLong(csv, field(csv, quantityColumn, "Quantity"), csv.end(quantityColumn), quantityColumn);
                if (quantity <= 0) {
                    continue;
                }
                positive++;
                long time = times.epochSecond(csv, field(csv, dateColumn, "InvoiceDate"), csv.end(dateColumn), dateColumn);
                maxTime = Math.max(maxTime, time);
                int c = customers.of(csv, customerColumn);
                if (c == last.length) {
                    last = Arrays.copyOf(last, c * 2);
                    lines = Arrays.copyOf(lines, c * 2);
                    monetary = Arrays.copyOf(monetary, c * 2);
                }
                last[c] = lines[c] == 0 ? time : Math.max(last[c], time); // lines[c] == 0: a new customer
                lines[c]++;
                monetary[c] += quantity * parseDouble(csv, field(csv, priceColumn, "UnitPrice"), csv.end(priceColumn), priceColumn);
            }
        }
        long snapshot = maxTime + 86_400;
        List<String> ids = customers.ids();
        double[][] table = new double[ids.size()][];
        for (int i = 0; i < ids.size(); i++) {
            table[i] = new double[] {Math.floorDiv(snapshot - last[i], 86_400L), lines[i], monetary[i]};
        }
        Steps steps = new Steps(rows, withCustomer, deduplicated, positive);
        List<String> notes = List.of(
                rows + " rows; " + withCustomer + " with CustomerID; " + deduplicated + " after dropping exact duplicates; "
                        + positive + " with Quantity > 0",
                "Recency = whole days from max InvoiceDate + 1 day to the last line; Frequency = lines; Monetary = sum Quantity x UnitPrice");
        return new Result(new FeatureTable(file.getFileName().toString(), ids, RfmFeatures.NAMES, table, notes), steps,
                snapshot * 1000);
    }

    /** Where a named field starts in the record; the errors commons-csv's {@code record.get(name)} gives. */
    private static int field(ByteCsvReader csv, int column, String name) {
        if (column < 0) {
            throw new IllegalArgumentException("Mapping for " + name + " not found, expected one of " + csv.header());
        }
        if (column >= csv.fields()) {
            throw new IllegalArgumentException("Index for header '" + name + "' is " + column + " but CSVRecord only has "
                    + csv.fields() + " values!");
        }
        return csv.start(column);
    }

    /**
     * Whether the row is new. Rows are compared as their fields' bytes; a row with non-ASCII bytes as its
     * fields decoded and encoded again, so two rows are the same exactly when their decoded values are.
     */
    private static boolean addRow(ByteKeys seen, ByteCsvReader csv, byte[] row) {
        if (csv.ascii()) {
            return seen.add(row, 0, csv.recordLength()) >= 0;
        }
        byte[] canonical = new String(row, 0, csv.recordLength(), StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
        return seen.add(canonical, 0, canonical.length) >= 0;
    }

    /** {@code Long.parseLong} of the field: directly for an optional sign and up to 18 ASCII digits. */
    static long parseLong(ByteCsvReader csv, int from, int to, int column) {
        byte[] b = csv.buffer();
        int i = from;
        boolean negative = false;
        if (i < to && (b[i] == '-' || b[i] == '+')) {
            negative = b[i] == '-';
            i++;
        }
        if (i < to && to - i <= 18) {
            long v = 0;
            for (; i < to; i++) {
                int d = b[i] - '0';
                if (d < 0 || d > 9) {
                    return Long.parseLong(csv.text(column));
                }
                v = v * 10 + d;
            }
            return negative ? -v : v;
        }
        return Long.parseLong(csv.text(column));
    }

    /**
     * {@code Double.parseDouble} of the field. For an optional minus, ASCII digits and at most one point,
     * with a significand below 2^53 and at most 22 decimals, the value is the significand divided by a power
     * of ten: both are exact doubles and IEEE division rounds correctly, as parseDouble does.
     */
    static double parseDouble(ByteCsvReader csv, int from, int to, int column) {
        byte[] b = csv.buffer();
        int i = from;
        boolean negative = i < to && b[i] == '-';
        if (negative) {
            i++;
        }
        long significand = 0;
        int digits = 0;
        int decimals = -1;
        for (; i < to; i++) {
            int d = b[i] - '0';
            if (d >= 0 && d <= 9) {
                if (++digits > 18) {
                    return Double.parseDouble(csv.text(column));
                }
                significand = significand * 10 + d;
                if (decimals >= 0) {
                    decimals++;
                }
            } else if (b[i] == '.' && decimals < 0) {
                decimals = 0;
            } else {
                return Double.parseDouble(csv.text(column));
            }
        }
        if (digits == 0 || significand > 1L << 53 || decimals > 22) {
            return Double.parseDouble(csv.text(column));
        }
        double v = decimals <= 0 ? significand : significand / POWERS_OF_TEN[decimals];
        return negative ? -v : v;
    }

    private static final double[] POWERS_OF_TEN = new double[23];

    static {
        double p = 1;
        for (int i = 0; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = p; // exact up to 1e22
            p *= 10;
        }
    }

    /**
     * Customer numbers in the order of their first line, by {@code CsvFiles.customerId} of the cell (so
     * {@code 17850.0} and {@code 17850} are one customer). A cell is decoded once per distinct raw value;
     * a row with the same raw cell as the row before (an invoice's lines come together) costs one compare.
     */
    private static final class Customers {
        private final ByteKeys raw = new ByteKeys();
        private int[] customerOfRaw = new int[256];
        private final Map<String, Integer> byId = new LinkedHashMap<>();
        private byte[] previous = new byte[32];
        private int previousLength = -1;
        private int previousCustomer;

        int of(ByteCsvReader csv, int column) {
            byte[] b = csv.buffer();
            int from = csv.start(column);
            int to = csv.end(column);
            int length = to - from;
            if (length == previousLength && Arrays.equals(b, from, to, previous, 0, length)) {
                return previousCustomer;
            }
            int r = raw.add(b, from, length);
            int c;
            if (r >= 0) {
                String id = CsvFiles.customerId(csv.text(column));
                Integer known = byId.putIfAbsent(id, byId.size());
                c = known != null ? known : byId.size() - 1;
                if (r == customerOfRaw.length) {
                    customerOfRaw = Arrays.copyOf(customerOfRaw, r * 2);
                }
                customerOfRaw[r] = c;
            } else {
                c = customerOfRaw[-r - 1];
            }
            if (length > previous.length) {
                previous = new byte[length];
            }
            System.arraycopy(b, from, previous, 0, length);
            previousLength = length;
            previousCustomer = c;
            return c;
        }

        List<String> ids() {
            return new ArrayList<>(byId.keySet());
        }
    }

    /** {@code LocalDateTime.parse(text, FORMAT).toEpochSecond(UTC)}, remembering the last time (rows come in time order). */
    private static final class Times {
        private final byte[] previous = new byte[19];
        private boolean hasPrevious;
        private long previousSecond;

        long epochSecond(ByteCsvReader csv, int from, int to, int column) {
            byte[] b = csv.buffer();
            if (to - from == 19) {
                if (hasPrevious && Arrays.equals(b, from, to, previous, 0, 19)) {
                    return previousSecond;
                }
                long s = plain(b, from);
                if (s != Long.MIN_VALUE) {
                    System.arraycopy(b, from, previous, 0, 19);
                    hasPrevious = true;
                    previousSecond = s;
                    return s;
                }
            }
            return LocalDateTime.parse(csv.text(column), FORMAT).toEpochSecond(ZoneOffset.UTC);
        }

        /** {@code yyyy-MM-dd HH:mm:ss} with a valid date and time; Long.MIN_VALUE for anything else. */
        private static long plain(byte[] b, int o) {
            if (b[o + 4] != '-' || b[o + 7] != '-' || b[o + 10] != ' ' || b[o + 13] != ':' || b[o + 16] != ':') {
                return Long.MIN_VALUE;
            }
            int year = digits(b, o, 4);
            int month = digits(b, o + 5, 2);
            int day = digits(b, o + 8, 2);
            int hour = digits(b, o + 11, 2);
            int minute = digits(b, o + 14, 2);
            int second = digits(b, o + 17, 2);
            if (year < 1 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                    || second < 0 || second > 59 || day > YearMonth.of(year, month).lengthOfMonth()) {
                return Long.MIN_VALUE; // the formatter resolves or refuses these
            }
            return LocalDate.of(year, month, day).toEpochDay() * 86_400L + hour * 3600L + minute * 60L + second;
        }

        /** The number written by n ASCII digits; -1 when one is not a digit. */
        private static int digits(byte[] b, int o, int n) {
            int v = 0;
            for (int i = 0; i < n; i++) {
                int d = b[o + i] - '0';
                if (d < 0 || d > 9) {
                    return -1;
                }
                v = v * 10 + d;
            }
            return v;
        }
    }
}
