package io.segmenter.cli;

import io.segmenter.csv.CsvMapping;
import java.time.ZoneId;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The column-mapping flags of every command that reads a transaction CSV ({@code replay}, {@code report},
 * {@code demo}); the defaults fit the UCI Online Retail file. See {@link CsvMapping} for the rules.
 */
public final class CsvMappingOptions {

    /** Used when present; a file without it is read one transaction per row, with a note (not an error). */
    static final String DEFAULT_TRANSACTION_COLUMN = "InvoiceNo";

    // No picocli default: mapping() must tell the default (optional) from a column the user asked for (required).
    @Option(names = "--transaction-column",
            description = "Transaction id column; consecutive rows with the same id form one transaction (default: "
                    + DEFAULT_TRANSACTION_COLUMN + " when the file has it, else one transaction per row).")
    String transactionColumn;

    @Option(names = "--no-transaction-column",
            description = "Every row is its own transaction, with id <file name>:<line>.")
    boolean noTransactionColumn;

    @Option(names = "--customer-column", defaultValue = "CustomerID", description = "Customer id column (default: ${DEFAULT-VALUE}).")
    String customerColumn;

    @Option(names = "--time-column", defaultValue = "InvoiceDate", description = "Event time column (default: ${DEFAULT-VALUE}).")
    String timeColumn;

    @Option(names = "--time-format", defaultValue = "yyyy-MM-dd HH:mm:ss",
            description = "java.time pattern of the time column (e.g. dd/MM/yyyy HH:mm, yyyyMMdd: start of the day), "
                    + "ISO (dates, date-times with or without offset), epoch-s or epoch-ms (default: ${DEFAULT-VALUE}).")
    String timeFormat;

    @Option(names = "--time-zone", defaultValue = "UTC", description = "Zone of times without an offset (default: ${DEFAULT-VALUE}).")
    ZoneId timeZone;

    @Option(names = "--quantity-column", defaultValue = "Quantity", description = "Quantity column (default: ${DEFAULT-VALUE}).")
    String quantityColumn;

    @Option(names = "--price-column", defaultValue = "UnitPrice", description = "Unit price column, major units (default: ${DEFAULT-VALUE}).")
    String priceColumn;

    @Option(names = "--amount-column", description = "A single line-amount column (major units) instead of quantity x price.")
    String amountColumn;

    @Option(names = "--delimiter", defaultValue = ",", description = "Field delimiter; 'tab' for a tab (default: ${DEFAULT-VALUE}).")
    String delimiter;

    @Option(names = "--no-header", description = "The file has no header row; give every column by its 1-based number.")
    boolean noHeader;

    @Option(names = "--currency", defaultValue = "GBP", description = "ISO currency of the amounts (default: ${DEFAULT-VALUE}).")
    String currency;

    @Option(names = "--cancellation-prefix", defaultValue = "C",
            description = "Transaction id prefix of refunds; empty: the sign of the total decides (default: ${DEFAULT-VALUE}).")
    String cancellationPrefix;

    @Option(names = "--skip-prefix", split = ",", defaultValue = "A",
            description = "Transaction id prefixes that are not customer transactions (default: ${DEFAULT-VALUE}).")
    List<String> skipPrefixes;

    /** The mapping these flags describe. @throws IllegalArgumentException for contradictory flags */
    public CsvMapping mapping() {
        if (amountColumn != null && (!"Quantity".equals(quantityColumn) || !"UnitPrice".equals(priceColumn))) {
            throw new IllegalArgumentException("--amount-column replaces --quantity-column and --price-column");
        }
        if (noTransactionColumn && transactionColumn != null) {
            throw new IllegalArgumentException("give --transaction-column or --no-transaction-column, not both");
        }
        CsvMapping.Builder b = CsvMapping.builder()
                .delimiter(delimiterChar(delimiter))
                .header(!noHeader);
        if (noTransactionColumn) {
            b.transactionColumn(null);
        } else if (transactionColumn != null) {
            b.transactionColumn(transactionColumn);
        } else {
            b.transactionColumnIfPresent(DEFAULT_TRANSACTION_COLUMN);
        }
        b.customerColumn(customerColumn)
                .timeColumn(timeColumn)
                .timeFormat(timeFormat)
                .zone(timeZone)
                .quantityColumn(quantityColumn)
                .priceColumn(priceColumn)
                .currency(currency)
                .cancellationPrefix(cancellationPrefix)
                .skippedPrefixes(skipPrefixes.stream().filter(p -> !p.isBlank()).toList());
        if (amountColumn != null) {
            b.amountColumn(amountColumn);
        }
        return b.build();
    }

    static char delimiterChar(String text) {
        if (text.equalsIgnoreCase("tab") || text.equals("\\t")) {
            return '\t';
        }
        if (text.length() != 1) {
            throw new IllegalArgumentException("--delimiter must be one character (or 'tab'), not '" + text + "'");
        }
        return text.charAt(0);
    }
}
