package io.segmenter.csv;

import java.time.ZoneId;
import java.util.Currency;
import java.util.List;
import java.util.Objects;

/**
 * How the columns of a transaction-level CSV map onto {@link io.segmenter.avro.Transaction} fields.
 * {@link #onlineRetail()} fits the UCI Online Retail file; {@link #builder()} starts from the same
 * defaults. A column is named by its header name or, always allowed and required with
 * {@code header = false}, by its 1-based column number ("1", "2", ...). A header name also matches
 * ignoring case and surrounding spaces when exactly one name does. Messages about the mapping name the
 * command-line flags that set it ({@code --time-format}, {@code --customer-column}...).
 *
 * @param delimiter field separator
 * @param header whether the first record is a header with column names
 * @param transactionColumn invoice or transaction id column; null: every row is its own transaction
 *     with id {@code <file name>:<line>}
 * @param transactionColumnOptional when the file has no {@code transactionColumn}, read every row as its own
 *     transaction (reported in {@link CsvReadStats#notes()}) instead of refusing the file; for a default
 *     column the user did not ask for
 * @param customerColumn customer id column
 * @param timeColumn event time column
 * @param timeFormat {@link java.time.format.DateTimeFormatter} pattern of the time column (date-only
 *     patterns give the start of the day), {@code ISO} (dates, local or offset date-times), {@code epoch-s}
 *     or {@code epoch-ms} (seconds or milliseconds since the epoch)
 * @param zone zone of times written without an offset
 * @param quantityColumn quantity column (used with {@code priceColumn}); null when {@code amountColumn} is set
 * @param priceColumn unit price column, in major units (e.g. pounds)
 * @param amountColumn line amount column in major units; when set, quantity and price are not used
 * @param currency ISO 4217 code written on every transaction; its default fraction digits give the
 *     minor units
 * @param cancellationPrefix prefix of a transaction id that marks a refund (e.g. {@code C}); null or
 *     empty: the sign of the total decides the kind
 * @param skippedPrefixes transaction id prefixes that are not customer transactions (e.g. {@code A},
 *     bad-debt adjustments); such transactions are reported as skipped
 */
public record CsvMapping(
        char delimiter,
        boolean header,
        String transactionColumn,
        boolean transactionColumnOptional,
        String customerColumn,
        String timeColumn,
        String timeFormat,
        ZoneId zone,
        String quantityColumn,
        String priceColumn,
        String amountColumn,
        String currency,
        String cancellationPrefix,
        List<String> skippedPrefixes) {

    /** {@link #timeFormat()} for ISO-8601 dates and date-times, with or without offset. */
    public static final String ISO = "ISO";
    /** {@link #timeFormat()} for seconds since 1970-01-01T00:00Z, decimals allowed. */
    public static final String EPOCH_SECONDS = "epoch-s";
    /** {@link #timeFormat()} for milliseconds since 1970-01-01T00:00Z. */
    public static final String EPOCH_MILLIS = "epoch-ms";

    public CsvMapping {
        Objects.requireNonNull(customerColumn, "customerColumn");
        Objects.requireNonNull(timeColumn, "timeColumn");
        Objects.requireNonNull(timeFormat, "timeFormat");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(currency, "currency");
        skippedPrefixes = skippedPrefixes == null ? List.of() : List.copyOf(skippedPrefixes);
        if (amountColumn == null && (quantityColumn == null || priceColumn == null)) {
            throw new IllegalArgumentException("need an amount column, or a quantity and a price column");
        }
        if (!header) {
            // an optional transaction column named in words is simply absent from a file without header
            String transaction = transactionColumnOptional ? null : transactionColumn;
            for (String column : new String[] {transaction, customerColumn, timeColumn, quantityColumn,
                priceColumn, amountColumn}) {
                if (column != null && !isColumnNumber(column)) {
                    throw new IllegalArgumentException(
                            "without a header, columns are given by number (1-based), not '" + column + "'");
                }
            }
        }
        EventTimeFormat.of(timeFormat, zone); // fail early, naming the flag, on a bad pattern
        try {
            Currency.getInstance(currency);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--currency '" + currency + "' is not an ISO 4217 code (e.g. GBP, EUR, USD)");
        }
    }

    /** The UCI Online Retail layout: invoices, C-prefixed cancellations, A-prefixed adjustments skipped, GBP, UTC. */
    public static CsvMapping onlineRetail() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder()
                .delimiter(delimiter)
                .header(header)
                .transactionColumn(transactionColumn, transactionColumnOptional)
                .customerColumn(customerColumn)
                .timeColumn(timeColumn)
                .timeFormat(timeFormat)
                .zone(zone)
                .quantityColumn(quantityColumn)
                .priceColumn(priceColumn)
                .amountColumn(amountColumn)
                .currency(currency)
                .cancellationPrefix(cancellationPrefix)
                .skippedPrefixes(skippedPrefixes);
    }

    static boolean isColumnNumber(String column) {
        return !column.isEmpty() && column.chars().allMatch(Character::isDigit) && Integer.parseInt(column) > 0;
    }

    /** Builder whose defaults are the Online Retail layout. */
    public static final class Builder {
        private char delimiter = ',';
        private boolean header = true;
        private String transactionColumn = "InvoiceNo";
        private boolean transactionColumnOptional;
        private String customerColumn = "CustomerID";
        private String timeColumn = "InvoiceDate";
        private String timeFormat = "yyyy-MM-dd HH:mm:ss";
        private ZoneId zone = ZoneId.of("UTC");
        private String quantityColumn = "Quantity";
        private String priceColumn = "UnitPrice";
        private String amountColumn;
        private String currency = "GBP";
        private String cancellationPrefix = "C";
        private List<String> skippedPrefixes = List.of("A");

        private Builder() {}

        public Builder delimiter(char value) { delimiter = value; return this; }
        public Builder header(boolean value) { header = value; return this; }

        /** The transaction id column, required when not null; null: every row is its own transaction. */
        public Builder transactionColumn(String value) {
            return transactionColumn(value, false);
        }

        /** The transaction id column when the file has it; otherwise every row is its own transaction, with a note. */
        public Builder transactionColumnIfPresent(String value) {
            return transactionColumn(value, true);
        }

        private Builder transactionColumn(String value, boolean optional) {
            transactionColumn = value;
            transactionColumnOptional = optional && value != null;
            return this;
        }

        public Builder customerColumn(String value) { customerColumn = value; return this; }
        public Builder timeColumn(String value) { timeColumn = value; return this; }
        public Builder timeFormat(String value) { timeFormat = value; return this; }
        public Builder zone(ZoneId value) { zone = value; return this; }
        public Builder quantityColumn(String value) { quantityColumn = value; return this; }
        public Builder priceColumn(String value) { priceColumn = value; return this; }

        /** Sets a single line-amount column and clears quantity and price. */
        public Builder amountColumn(String value) {
            amountColumn = value;
            if (value != null) {
                quantityColumn = null;
                priceColumn = null;
            }
            return this;
        }

        public Builder currency(String value) { currency = value; return this; }
        public Builder cancellationPrefix(String value) { cancellationPrefix = value; return this; }
        public Builder skippedPrefixes(List<String> value) { skippedPrefixes = value; return this; }

        public CsvMapping build() {
            return new CsvMapping(delimiter, header, transactionColumn, transactionColumnOptional, customerColumn,
                    timeColumn, timeFormat, zone, quantityColumn, priceColumn, amountColumn, currency, cancellationPrefix,
                    skippedPrefixes);
        }
    }
}
