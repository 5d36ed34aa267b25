package io.segmenter.csv;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.DateTimeException;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalQueries;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVRecord;

/** Turns one CSV record into a {@link CsvTransactionReader.Line} following a {@link CsvMapping}. */
final class LineParser {

    private static final Pattern INTEGRAL_DECIMAL = Pattern.compile("-?\\d+\\.0+");

    private final CsvMapping mapping;
    private final int expectedFields;
    private final int transaction;
    private final int customer;
    private final int time;
    private final int quantity;
    private final int price;
    private final int amount;
    private final DateTimeFormatter formatter;

    LineParser(CsvMapping mapping, List<String> header) {
        this.mapping = mapping;
        this.transaction = index(mapping.transactionColumn(), header);
        this.customer = index(mapping.customerColumn(), header);
        this.time = index(mapping.timeColumn(), header);
        this.quantity = index(mapping.quantityColumn(), header);
        this.price = index(mapping.priceColumn(), header);
        this.amount = index(mapping.amountColumn(), header);
        int highest = Math.max(Math.max(transaction, customer), Math.max(time, Math.max(quantity, Math.max(price, amount))));
        this.expectedFields = header != null ? header.size() : highest + 1;
        this.formatter = CsvMapping.ISO.equalsIgnoreCase(mapping.timeFormat())
                ? DateTimeFormatter.ISO_DATE_TIME
                : DateTimeFormatter.ofPattern(mapping.timeFormat());
    }

    /** 0-based index of a column given by header name or 1-based number; -1 for no column. */
    private static int index(String column, List<String> header) {
        if (column == null) {
            return -1;
        }
        if (header != null) {
            int i = header.indexOf(column);
            if (i >= 0) {
                return i;
            }
        }
        if (CsvMapping.isColumnNumber(column)) {
            return Integer.parseInt(column) - 1;
        }
        throw new IllegalArgumentException("no column '" + column + "' in the header " + header);
    }

    CsvTransactionReader.Line parse(CSVRecord record, long line) throws BadRowException {
        boolean countOk = mapping.header() ? record.size() == expectedFields : record.size() >= expectedFields;
        if (!countOk) {
            throw new BadRowException("expected " + (mapping.header() ? "" : "at least ") + expectedFields
                    + " fields, found " + record.size());
        }
        String id = "";
        if (transaction >= 0) {
            id = record.get(transaction).trim();
            if (id.isEmpty()) {
                throw new BadRowException("empty transaction id");
            }
        }
        BigDecimal lineAmount = amount >= 0
                ? number(record, amount, "amount")
                : number(record, quantity, "quantity").multiply(number(record, price, "price"));
        return new CsvTransactionReader.Line(line, id, customerId(record.get(customer)), eventTime(record.get(time)),
                lineAmount);
    }

    static String customerId(String raw) {
        String value = raw.trim();
        if (INTEGRAL_DECIMAL.matcher(value).matches()) {
            return value.substring(0, value.indexOf('.'));
        }
        return value;
    }

    private BigDecimal number(CSVRecord record, int column, String what) throws BadRowException {
        String text = record.get(column).trim();
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new BadRowException("bad " + what + " '" + text + "'");
        }
    }

    private long eventTime(String raw) throws BadRowException {
        String text = raw.trim();
        try {
            TemporalAccessor parsed = formatter.parse(text);
            // a zone or offset in the text wins over the mapping's zone (checked without throwing: this runs per row)
            ZoneId zone = parsed.query(TemporalQueries.zone());
            return LocalDateTime.from(parsed).atZone(zone != null ? zone : mapping.zone()).toInstant().toEpochMilli();
        } catch (DateTimeException e) {
            throw new BadRowException("bad time '" + text + "' (expected " + mapping.timeFormat() + ")");
        }
    }

    /** A row that cannot be read; the message says why. */
    static final class BadRowException extends Exception {
        private static final long serialVersionUID = 1L;

        BadRowException(String message) {
            super(message, null, false, false);
        }
    }
}
