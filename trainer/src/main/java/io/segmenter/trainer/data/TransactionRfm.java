package io.segmenter.trainer.data;

import io.segmenter.model.RfmFeatures;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The project's default RFM pipeline over a line-level transaction file, with the streaming app's
 * definitions: lines are grouped into one transaction per (customer, invoice) with the amount summed in
 * minor units; an invoice with the cancellation prefix is a refund (it lowers monetary and is not a
 * purchase); recency is whole days from the last purchase to "now" ({@link RfmFeatures#recencyDays});
 * frequency counts purchases and monetary is net of refunds, both over the horizon.
 */
public final class TransactionRfm {

    private TransactionRfm() {}

    private record Invoice(long timeMillis, long amountMinor, boolean refund) {}

    /** The customers' features and the clock they were computed at. */
    public record Result(FeatureTable table, long nowMillis) {}

    public static Result read(Path file, TransactionCsvOptions o) throws IOException {
        DateTimeFormatter format = DateTimeFormatter.ofPattern(o.timeFormat());
        Map<String, Map<String, long[]>> byCustomer = new LinkedHashMap<>();
        long lines = 0;
        long noCustomer = 0;
        long unparsable = 0;
        long maxTime = Long.MIN_VALUE;
        try (CSVParser parser = CsvFiles.open(file)) {
            for (CSVRecord r : parser) {
                lines++;
                String customer = r.get(o.customerColumn());
                if (customer == null || customer.isBlank()) {
                    noCustomer++;
                    continue;
                }
                double amount;
                long time;
                try {
                    amount = o.amountColumn() != null
                            ? Double.parseDouble(r.get(o.amountColumn()))
                            : Double.parseDouble(r.get(o.quantityColumn())) * Double.parseDouble(r.get(o.priceColumn()));
                    time = LocalDateTime.parse(r.get(o.timeColumn()), format).atZone(o.zone()).toInstant().toEpochMilli();
                } catch (NumberFormatException | DateTimeParseException e) {
                    unparsable++;
                    continue;
                }
                if (!Double.isFinite(amount)) {
                    unparsable++;
                    continue;
                }
                maxTime = Math.max(maxTime, time);
                // [time, amount in hundredths of a minor unit] summed per invoice; rounded to minor units at the end.
                long[] acc = byCustomer.computeIfAbsent(CsvFiles.customerId(customer), c -> new HashMap<>())
                        .computeIfAbsent(r.get(o.invoiceColumn()), i -> new long[] {Long.MIN_VALUE, 0});
                acc[0] = Math.max(acc[0], time);
                acc[1] += Math.round(amount * 10_000);
            }
        }
        long now = o.nowMillis() != null ? o.nowMillis() : maxTime;
        long windowStart = o.horizonDays() <= 0 ? Long.MIN_VALUE : now - o.horizonDays() * RfmFeatures.DAY_MILLIS;
        List<String> ids = new ArrayList<>();
        List<double[]> rows = new ArrayList<>();
        long invoices = 0;
        long refunds = 0;
        long emptyPurchases = 0;
        long noPurchase = 0;
        for (Map.Entry<String, Map<String, long[]>> e : byCustomer.entrySet()) {
            long last = Long.MIN_VALUE;
            long count = 0;
            long money = 0;
            for (Map.Entry<String, long[]> inv : e.getValue().entrySet()) {
                invoices++;
                Invoice i = new Invoice(inv.getValue()[0], Math.round(inv.getValue()[1] / 100.0),
                        o.cancelPrefix() != null && !o.cancelPrefix().isEmpty() && inv.getKey().startsWith(o.cancelPrefix()));
                if (i.refund()) {
                    refunds++;
                    if (i.timeMillis() > windowStart) {
                        money -= Math.abs(i.amountMinor());
                    }
                } else if (i.amountMinor() <= 0) {
                    emptyPurchases++;
                } else {
                    last = Math.max(last, i.timeMillis());
                    if (i.timeMillis() > windowStart) {
                        count++;
                        money += i.amountMinor();
                    }
                }
            }
            if (last == Long.MIN_VALUE) {
                noPurchase++;
                continue;
            }
            ids.add(e.getKey());
            rows.add(new double[] {RfmFeatures.recencyDays(last, now), count, money / 100.0});
        }
        List<String> notes = List.of(
                lines + " lines read; " + noCustomer + " without customer and " + unparsable + " unparsable skipped",
                invoices + " invoices (" + refunds + " refunds, " + emptyPurchases + " purchases with a non-positive total ignored)",
                noPurchase + " customers with refunds only dropped (no recency without a purchase)",
                "features at now = " + Instant.ofEpochMilli(now) + (o.nowMillis() == null ? " (largest event time in the file)" : "")
                        + ", horizon " + (o.horizonDays() <= 0 ? "lifetime" : o.horizonDays() + " days"));
        return new Result(new FeatureTable(file.getFileName().toString(), ids, RfmFeatures.NAMES,
                rows.toArray(double[][]::new), notes), now);
    }
}
