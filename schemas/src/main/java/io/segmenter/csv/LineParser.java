package io.segmenter.csv;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVRecord;

/**
 * Turns one CSV record into a {@link CsvTransactionReader.Line} following a {@link CsvMapping}. Columns
 * are found once, from the header; a mapped column the header lacks is an {@link IllegalArgumentException}
 * that names it, shows the header and the flag that fixes it.
 */
final class LineParser {

    private static final Pattern INTEGRAL_DECIMAL = Pattern.compile("-?\\d+\\.0+");
    private static final int HEADER_NAMES_SHOWN = 10;
    private static final String OTHER_DELIMITERS = ",;\t|";

    private final CsvMapping mapping;
    private final int expectedFields;
    private final int transaction;
    private final int customer;
    private final int time;
    private final int quantity;
    private final int price;
    private final int amount;
    private final EventTimeFormat timeFormat;
    /** Why the optional transaction column is not used; null when it is used or not asked for. */
    private final String transactionColumnMissing;

    LineParser(CsvMapping mapping, List<String> header) {
        if (header != null && header.isEmpty()) {
            throw new IllegalArgumentException("the file is empty: no header line, no rows");
        }
        this.mapping = mapping;
        String transactionColumn = mapping.transactionColumn();
        if (transactionColumn != null && mapping.transactionColumnOptional() && locate(transactionColumn, header) < 0) {
            this.transaction = -1;
            this.transactionColumnMissing = header == null
                    ? "the file has no header, so no column '" + transactionColumn + "'"
                    : "column '" + transactionColumn + "' not found (" + describe(header) + ")";
        } else {
            this.transaction = index(transactionColumn, header, "--transaction-column",
                    ", or --no-transaction-column for one transaction per row");
            this.transactionColumnMissing = null;
        }
        this.customer = index(mapping.customerColumn(), header, "--customer-column", "");
        this.time = index(mapping.timeColumn(), header, "--time-column", "");
        String single = ", or --amount-column for a single line-amount column";
        this.quantity = index(mapping.quantityColumn(), header, "--quantity-column", single);
        this.price = index(mapping.priceColumn(), header, "--price-column", single);
        this.amount = index(mapping.amountColumn(), header, "--amount-column", "");
        int highest = Math.max(Math.max(transaction, customer), Math.max(time, Math.max(quantity, Math.max(price, amount))));
        this.expectedFields = header != null ? header.size() : highest + 1;
        this.timeFormat = EventTimeFormat.of(mapping.timeFormat(), mapping.zone());
    }

    /** Whether rows are grouped by a transaction column (false: every row is its own transaction). */
    boolean groupsRows() {
        return transaction >= 0;
    }

    /** A one-line note when the optional transaction column is absent and every row is a transaction; else null. */
    String transactionFallbackNote(String sourceName) {
        return transactionColumnMissing == null ? null
                : transactionColumnMissing + ": every row is its own transaction, id " + sourceName
                        + ":<line>; set --transaction-column to group rows into transactions";
    }

    /** 0-based index of a mapped column; -1 for no column. @throws IllegalArgumentException when the file lacks it */
    private int index(String column, List<String> header, String flag, String alternative) {
        if (column == null) {
            return -1;
        }
        int i = locate(column, header);
        if (i >= 0) {
            return i;
        }
        String why = "column '" + column + "' not found (" + describe(header) + ")";
        char likely = likelyDelimiter(header);
        if (likely != 0) {
            throw new IllegalArgumentException(why + ": the header has a single column, so the delimiter is probably '"
                    + (likely == '\t' ? "tab" : String.valueOf(likely)) + "'; set --delimiter");
        }
        throw new IllegalArgumentException(why + "; set " + flag + alternative);
    }

    /**
     * 0-based index of a column given by header name (exactly, else the one name equal ignoring case and
     * surrounding spaces) or 1-based number; -1 when there is none.
     */
    private static int locate(String column, List<String> header) {
        if (header != null) {
            int exact = header.indexOf(column);
            if (exact >= 0) {
                if (header.lastIndexOf(column) != exact) {
                    throw new IllegalArgumentException("column '" + column + "' appears more than once in the header ("
                            + describe(header) + "); give it by its 1-based number instead");
                }
                return exact;
            }
            int loose = -1;
            for (int i = 0; i < header.size(); i++) {
                if (header.get(i).strip().equalsIgnoreCase(column.strip())) {
                    if (loose >= 0) {
                        return -1; // two candidates: refuse to guess
                    }
                    loose = i;
                }
            }
            if (loose >= 0) {
                return loose;
            }
        }
        if (CsvMapping.isColumnNumber(column)) {
            int i = Integer.parseInt(column) - 1;
            return header == null || i < header.size() ? i : -1;
        }
        return -1;
    }

    /** "header: a, b, c" with at most {@value #HEADER_NAMES_SHOWN} names, for messages. */
    static String describe(List<String> header) {
        if (header == null) {
            return "no header";
        }
        String shown = String.join(", ", header.subList(0, Math.min(header.size(), HEADER_NAMES_SHOWN)));
        return "header: " + shown + (header.size() > HEADER_NAMES_SHOWN ? ", ... (" + header.size() + " columns)" : "");
    }

    /** The delimiter a single-column header seems to use instead of the mapping's; 0 when none. */
    private char likelyDelimiter(List<String> header) {
        if (header == null || header.size() != 1) {
            return 0;
        }
        for (char c : OTHER_DELIMITERS.toCharArray()) {
            if (c != mapping.delimiter() && header.getFirst().indexOf(c) >= 0) {
                return c;
            }
        }
        return 0;
    }

    CsvTransactionReader.Line parse(CSVRecord record, long line) throws BadRowException {
        boolean countOk = mapping.header() ? record.size() == expectedFields : record.size() >= expectedFields;
        if (!countOk) {
            throw new BadRowException("wrong field count", "expected " + (mapping.header() ? "" : "at least ")
                    + expectedFields + " fields, found " + record.size());
        }
        String id = "";
        if (transaction >= 0) {
            id = record.get(transaction).trim();
            if (id.isEmpty()) {
                throw new BadRowException("empty transaction id", "empty transaction id");
            }
        }
        BigDecimal lineAmount = amount >= 0
                ? number(record, amount, "amount")
                : number(record, quantity, "quantity").multiply(number(record, price, "price"));
        return new CsvTransactionReader.Line(line, id, customerId(record.get(customer)), eventTime(record.get(time)),
                lineAmount, record);
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
            throw new BadRowException("bad " + what, "bad " + what + " '" + text + "'");
        }
    }

    private long eventTime(String raw) throws BadRowException {
        String text = raw.trim();
        try {
            return timeFormat.toEpochMilli(text);
        } catch (DateTimeException e) {
            throw new BadRowException("bad time", "bad time '" + text + "' (expected " + timeFormat.description() + ")");
        }
    }

    /** A row that cannot be read; the message says why, the reason is a fixed label. */
    static final class BadRowException extends Exception {
        private static final long serialVersionUID = 1L;

        private final String reason;

        BadRowException(String reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }

        String reason() {
            return reason;
        }
    }
}
