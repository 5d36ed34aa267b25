package io.segmenter.trainer.data;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * Column mapping of a transaction-level (line-level) CSV file. The defaults fit Online Retail:
 * {@code InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country}.
 *
 * @param amountColumn when set, the line's amount is read from it and quantity and unit price are ignored
 * @param cancelPrefix invoice ids starting with it are refunds (Online Retail: {@code C})
 * @param horizonDays frequency and monetary cover {@code (now - horizon, now]}; 0 = lifetime
 * @param nowMillis the clock the features are computed at; null = the largest event time in the file
 *     (the stream clock)
 */
public record TransactionCsvOptions(
        String customerColumn,
        String timeColumn,
        String timeFormat,
        ZoneId zone,
        String invoiceColumn,
        String quantityColumn,
        String priceColumn,
        String amountColumn,
        String cancelPrefix,
        int horizonDays,
        Long nowMillis) {

    public static TransactionCsvOptions onlineRetail() {
        return new TransactionCsvOptions("CustomerID", "InvoiceDate", "yyyy-MM-dd HH:mm:ss", ZoneId.of("UTC"),
                "InvoiceNo", "Quantity", "UnitPrice", null, "C", 0, null);
    }

    public DateTimeFormatter formatter() {
        return DateTimeFormatter.ofPattern(timeFormat).withZone(zone);
    }
}
