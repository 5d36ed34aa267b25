package io.segmenter.cli.compose;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/**
 * A small stand-in for {@code datasets/online_retail.csv.gz}: the UCI Online Retail columns and formats
 * (one line per invoice, lines in time order, {@code InvoiceDate} as {@code 2011-12-09 12:50:00}), about 150
 * customers of four well-separated kinds over eight days, so that {@code replay --speedup 86400} (a day a
 * second) takes about eight seconds and the trainer finds the kinds apart and passes its quality gates.
 */
public final class OnlineRetailFile {

    /** One kind of customer: invoices, hours between them, hours from their last invoice to the end, line price. */
    private record Kind(String name, int invoices, int hoursApart, int hoursBeforeEnd, int price) {}

    private static final List<Kind> KINDS = List.of(
            new Kind("frequent", 10, 16, 2, 90),
            new Kind("lapsed", 1, 1, 180, 8),
            new Kind("regular", 4, 24, 84, 30),
            new Kind("big spender", 2, 12, 8, 300));
    private static final int PER_KIND = 38;
    private static final LocalDateTime END = LocalDateTime.of(2011, 12, 9, 12, 50);
    private static final DateTimeFormatter INVOICE_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private record Line(LocalDateTime at, String customer, int quantity, String price) {}

    /** The customers of the file, one list per kind. */
    public record Customers(List<List<String>> byKind) {

        public int count() {
            return byKind.stream().mapToInt(List::size).sum();
        }

        /** The first {@code n} customers of every kind. */
        public List<String> sample(int n) {
            return byKind.stream().flatMap(k -> k.stream().limit(n)).toList();
        }
    }

    private OnlineRetailFile() {}

    /** Writes the gzip file and returns its customers. */
    public static Customers write(Path file) throws IOException {
        SplittableRandom random = new SplittableRandom(11);
        List<Line> lines = new ArrayList<>();
        List<List<String>> byKind = new ArrayList<>();
        for (int k = 0; k < KINDS.size(); k++) {
            Kind kind = KINDS.get(k);
            List<String> customers = new ArrayList<>();
            for (int i = 0; i < PER_KIND; i++) {
                String customer = Integer.toString(12_000 + k * 1000 + i);
                customers.add(customer);
                LocalDateTime at = END.minusHours(kind.hoursBeforeEnd() + random.nextInt(6)).minusMinutes(random.nextInt(60));
                for (int n = 0; n < kind.invoices(); n++) {
                    String price = (kind.price() + random.nextInt(5)) + ".50";
                    lines.add(new Line(at, customer, 1 + random.nextInt(3), price));
                    at = at.minusHours(kind.hoursApart());
                }
            }
            byKind.add(List.copyOf(customers));
        }
        lines.sort(Comparator.comparing(Line::at));
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file));
                Writer csv = new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8)) {
            csv.write("InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n");
            int invoice = 581_000;
            for (Line l : lines) {
                csv.write(invoice++ + ",85123A,WHITE HANGING HEART T-LIGHT HOLDER," + l.quantity() + "," + INVOICE_DATE.format(l.at()) + ","
                        + l.price() + "," + l.customer() + ",United Kingdom\n");
            }
        }
        return new Customers(List.copyOf(byKind));
    }
}
