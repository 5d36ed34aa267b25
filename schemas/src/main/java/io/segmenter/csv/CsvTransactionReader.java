package io.segmenter.csv;

import io.segmenter.avro.Transaction;
import io.segmenter.avro.TransactionKind;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import java.util.zip.GZIPInputStream;
import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams a transaction-level CSV (plain, or gzip when the file name ends in {@code .gz}) as
 * {@link Transaction} records, holding only the lines of the transaction being assembled. The same
 * rules serve the replay tool and the batch computations that must agree with the streaming app, so
 * they are spelled out here:
 *
 * <ol>
 *   <li><b>Grouping.</b> Consecutive rows with the same transaction id (e.g. InvoiceNo) form one
 *       transaction whose id is that value. Files sorted by time keep an invoice's lines together; if
 *       an id turns up again after other ids (not contiguous), that later group is a separate
 *       transaction with id {@code <id>#2} ({@code #3}, ...) and is counted in
 *       {@link CsvReadStats#splitTransactions()}. Without a transaction column every row is a
 *       transaction with the deterministic id {@code <file name>:<line>}, so a replay of the same
 *       file yields the same ids. A transaction column that is only optional
 *       ({@link CsvMapping#transactionColumnOptional()}) and missing from the header gives the same,
 *       with a note in {@link CsvReadStats#notes()}, also logged as a warning when reading starts
 *       ({@link #onNotes}).</li>
 *   <li><b>Amount.</b> The exact decimal sum over the transaction's lines of quantity &times; unit price
 *       (or of the amount column), converted to minor units of the currency (its ISO default fraction
 *       digits; GBP: pence) and rounded half-even once per transaction. {@code amountMinor} is its
 *       absolute value; {@code lineCount} is the number of lines summed. Every readable line counts,
 *       including a line identical to another one (the file is taken as written).</li>
 *   <li><b>Kind.</b> With a cancellation prefix (default {@code C}) and a transaction column: an id
 *       with the prefix is a REFUND and must have a negative total; any other id is a PURCHASE and must
 *       have a positive total. A transaction whose total contradicts this, or is zero after rounding
 *       (e.g. Online Retail's non-C invoices of stock write-offs with Quantity &lt;= 0 or price 0), is
 *       not emitted and is reported as {@link CsvProblem.Kind#SKIPPED}. Without a prefix or without a
 *       transaction column the sign decides: positive PURCHASE, negative REFUND, zero skipped.</li>
 *   <li><b>Skipped prefixes.</b> Ids starting with a skipped prefix (default {@code A}: Online Retail's
 *       three "Adjust bad debt" entries, which are accounting, not customer, transactions) are
 *       reported as skipped.</li>
 *   <li><b>Customer.</b> Taken from the first line. A value like {@code 17850.0} becomes {@code 17850}
 *       (an integral decimal loses its zero fraction); other values are trimmed and kept. An empty
 *       customer is still emitted with {@code customerId = ""} so the app's validation rejects and
 *       counts it. A later line of the same transaction with a different non-empty customer is
 *       reported unreadable and left out.</li>
 *   <li><b>Time.</b> The earliest time of the transaction's lines, parsed with the mapping's time
 *       format (a pattern, ISO, epoch seconds or milliseconds), in its zone when the text carries no
 *       offset; a date without a time of day is the start of that day.</li>
 *   <li><b>Unreadable rows</b> (wrong column count, bad number, bad or empty time, empty transaction
 *       id) are reported as {@link CsvProblem.Kind#UNREADABLE} with their line and left out; the rest
 *       of their transaction is still emitted. A CSV syntax error the parser cannot get past ends the
 *       read, reported at the line where it happened. Nothing is dropped without a problem report.</li>
 * </ol>
 *
 * <p>Lines are physical file lines with the header as line 1. A UTF-8 byte order mark is ignored. A mapped
 * column the header lacks is an {@link IllegalArgumentException} at open that names the column, shows
 * the header and the flag to set. Not thread-safe; close it when done.
 */
public final class CsvTransactionReader implements Iterator<Transaction>, Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(CsvTransactionReader.class);
    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private final CsvMapping mapping;
    private final String sourceName;
    private final Consumer<CsvProblem> problems;
    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final CountingInputStream counter;
    private final long totalBytes;
    private final LineParser lineParser;
    /** Whether rows are grouped by a transaction column; false: one transaction per row. */
    private final boolean grouped;
    private final List<String> notes = new ArrayList<>();
    private final int fractionDigits;
    private final Map<String, Integer> groupsSeen = new HashMap<>();

    private final List<Line> group = new ArrayList<>();
    private Transaction nextTransaction;
    private boolean started;
    private boolean exhausted;

    private long rows;
    private long purchases;
    private long refunds;
    private long withoutCustomer;
    private long unreadableRows;
    private long skippedTransactions;
    private long splitTransactions;

    private Consumer<String> noteSink = note -> LOG.warn("{}", note);
    private Consumer<CsvRowOutcome> tracer;
    private long traceRowsLeft;
    private long tracedUpToLine;
    private CsvProblem lastSkip;

    /** Reads CSV text from {@code reader}; {@code sourceName} names the ids of rows without a transaction column. */
    public CsvTransactionReader(Reader reader, String sourceName, CsvMapping mapping, Consumer<CsvProblem> problems)
            throws IOException {
        this(reader, sourceName, mapping, problems, null, -1);
    }

    private CsvTransactionReader(Reader reader, String sourceName, CsvMapping mapping, Consumer<CsvProblem> problems,
            CountingInputStream counter, long totalBytes) throws IOException {
        this.mapping = mapping;
        this.sourceName = sourceName;
        this.problems = problems;
        this.counter = counter;
        this.totalBytes = totalBytes;
        this.fractionDigits = Math.max(0, Currency.getInstance(mapping.currency()).getDefaultFractionDigits());
        CSVFormat.Builder format = CSVFormat.RFC4180.builder()
                .setDelimiter(mapping.delimiter())
                .setIgnoreEmptyLines(true)
                .setTrim(false)
                .setDuplicateHeaderMode(DuplicateHeaderMode.ALLOW_ALL); // only a mapped duplicate is an error
        if (mapping.header()) {
            format.setHeader().setSkipHeaderRecord(true);
        }
        try {
            this.parser = CSVParser.builder().setReader(withoutByteOrderMark(reader)).setFormat(format.get()).get();
        } catch (CSVException e) {
            throw new IllegalArgumentException("line 1: the header is not valid CSV (" + e.getMessage() + ")");
        }
        this.records = parser.iterator();
        this.lineParser = new LineParser(mapping, mapping.header() ? parser.getHeaderNames() : null);
        this.grouped = lineParser.groupsRows();
        String note = lineParser.transactionFallbackNote(sourceName);
        if (note != null) {
            notes.add(note);
        }
    }

    /** Skips the byte order mark spreadsheet programs put at the start of UTF-8 files (it would join the first column name). */
    private static Reader withoutByteOrderMark(Reader reader) throws IOException {
        Reader marked = reader.markSupported() ? reader : new BufferedReader(reader);
        marked.mark(1);
        if (marked.read() != BYTE_ORDER_MARK) {
            marked.reset();
        }
        return marked;
    }

    /** Opens {@code file} (gzip when its name ends in {@code .gz}), UTF-8. */
    public static CsvTransactionReader open(Path file, CsvMapping mapping, Consumer<CsvProblem> problems)
            throws IOException {
        InputStream raw = Files.newInputStream(file);
        try {
            CountingInputStream counter = new CountingInputStream(new BufferedInputStream(raw, 1 << 16));
            InputStream data = file.getFileName().toString().endsWith(".gz")
                    ? new GZIPInputStream(counter, 1 << 16)
                    : counter;
            Reader reader = new BufferedReader(new InputStreamReader(data, StandardCharsets.UTF_8), 1 << 16);
            return new CsvTransactionReader(reader, file.getFileName().toString(), mapping, problems, counter,
                    Files.size(file));
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /** Reads the whole file into a list; problems are added to {@code problems}. For tests and small files. */
    public static List<Transaction> readAll(Path file, CsvMapping mapping, List<CsvProblem> problems)
            throws IOException {
        try (CsvTransactionReader reader = open(file, mapping, problems::add)) {
            List<Transaction> all = new ArrayList<>();
            reader.forEachRemaining(all::add);
            return all;
        }
    }

    /** The remaining transactions as a sequential stream; closing the stream closes this reader. */
    public Stream<Transaction> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(this, Spliterator.ORDERED | Spliterator.NONNULL),
                false).onClose(() -> {
                    try {
                        close();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }

    /** Bytes of the file read so far (compressed bytes for .gz); -1 when reading from a {@link Reader}. */
    public long bytesRead() {
        return counter == null ? -1 : counter.count();
    }

    /** Size of the file in bytes; -1 when reading from a {@link Reader}. */
    public long totalBytes() {
        return totalBytes;
    }

    /** Counts of the read so far, with the notes on how the file is read (known from the open). */
    public CsvReadStats stats() {
        return new CsvReadStats(rows, purchases, refunds, withoutCustomer, unreadableRows, skippedTransactions,
                splitTransactions, notes);
    }

    /**
     * Where the {@link CsvReadStats#notes() notes} go when reading starts; by default they are logged as
     * warnings, so callers that only print counts still show them. Call before reading.
     */
    public void onNotes(Consumer<String> sink) {
        this.noteSink = sink;
    }

    /**
     * Reports what becomes of each of the next {@code rows} rows to {@code listener} (once per row, as
     * soon as it is known: when its transaction is complete), so a dry run can show how the columns map.
     * Call before reading; rows after those are not traced, so the read stays as cheap as without.
     */
    public void traceFirstRows(int rows, Consumer<CsvRowOutcome> listener) {
        this.tracer = listener;
        this.traceRowsLeft = rows;
    }

    @Override
    public boolean hasNext() {
        while (nextTransaction == null && !exhausted) {
            advance();
        }
        return nextTransaction != null;
    }

    @Override
    public Transaction next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Transaction t = nextTransaction;
        nextTransaction = null;
        return t;
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }

    /** Reads one row; completes the current group when the row starts another one or the file ends. */
    private void advance() {
        if (!started) {
            started = true;
            notes.forEach(noteSink); // at the first read, not at open: a header check stays silent
        }
        long line = parser.getCurrentLineNumber() + 1;
        CSVRecord record;
        try {
            if (!records.hasNext()) {
                exhausted = true;
                flushGroup();
                return;
            }
            record = records.next();
        } catch (UncheckedIOException | IllegalStateException e) {
            exhausted = true;
            CsvProblem problem = new CsvProblem(line, CsvProblem.Kind.UNREADABLE, "CSV syntax error",
                    "CSV syntax error, rest of the file not read: " + e.getMessage());
            unreadableRows++;
            problems.accept(problem);
            if (tracer != null && traceRowsLeft > 0) {
                tracer.accept(new CsvRowOutcome(line, List.of(), null, problem));
            }
            flushGroup();
            return;
        }
        rows++;
        if (traceRowsLeft > 0) {
            traceRowsLeft--;
            tracedUpToLine = line;
        }
        Line parsed;
        try {
            parsed = lineParser.parse(record, line);
        } catch (LineParser.BadRowException e) {
            unreadable(line, record, e.reason(), e.getMessage());
            return;
        }
        String id = grouped ? parsed.transactionId() : sourceName + ":" + line;
        if (!group.isEmpty() && !group.getFirst().transactionId().equals(id)) {
            flushGroup();
        }
        if (!group.isEmpty() && !parsed.customerId().isEmpty()
                && !parsed.customerId().equals(group.getFirst().customerId())) {
            unreadable(line, record, "customer differs within a transaction", "customer '" + parsed.customerId()
                    + "' differs from the transaction's first line ('" + group.getFirst().customerId() + "')");
            return;
        }
        group.add(parsed.withTransactionId(id));
    }

    private void unreadable(long line, CSVRecord record, String reason, String message) {
        CsvProblem problem = new CsvProblem(line, CsvProblem.Kind.UNREADABLE, reason, message);
        unreadableRows++;
        problems.accept(problem);
        if (tracer != null && line <= tracedUpToLine) {
            tracer.accept(new CsvRowOutcome(line, record.toList(), null, problem));
        }
    }

    private void flushGroup() {
        if (group.isEmpty()) {
            return;
        }
        Line first = group.getFirst();
        String id = first.transactionId();
        int occurrence = groupsSeen.merge(id, 1, Integer::sum);
        if (grouped && occurrence > 1) {
            splitTransactions++;
            id = id + "#" + occurrence;
        }
        nextTransaction = toTransaction(id, first);
        if (tracer != null && first.line() <= tracedUpToLine) {
            for (Line l : group) {
                if (l.line() <= tracedUpToLine) {
                    tracer.accept(new CsvRowOutcome(l.line(), l.record().toList(), nextTransaction,
                            nextTransaction == null ? lastSkip : null));
                }
            }
        }
        group.clear();
    }

    private Transaction toTransaction(String id, Line first) {
        for (String prefix : mapping.skippedPrefixes()) {
            if (!prefix.isEmpty() && grouped && first.transactionId().startsWith(prefix)) {
                return skip(first, "skipped prefix", "transaction " + id + " has the skipped prefix '" + prefix + "'");
            }
        }
        BigDecimal total = BigDecimal.ZERO;
        long earliest = Long.MAX_VALUE;
        for (Line l : group) {
            total = total.add(l.amount());
            earliest = Math.min(earliest, l.eventTimeMillis());
        }
        long minor = total.movePointRight(fractionDigits).setScale(0, RoundingMode.HALF_EVEN).longValueExact();
        TransactionKind kind = kindOf(first.transactionId(), minor);
        if (kind == null) {
            return skip(first, minor == 0 ? "zero total" : "total against its kind",
                    "transaction " + id + " has total " + minor + " minor units, which does not fit its kind");
        }
        if (kind == TransactionKind.PURCHASE) {
            purchases++;
        } else {
            refunds++;
        }
        if (first.customerId().isEmpty()) {
            withoutCustomer++;
        }
        return Transaction.newBuilder()
                .setTransactionId(id)
                .setCustomerId(first.customerId())
                .setEventTime(java.time.Instant.ofEpochMilli(earliest))
                .setAmountMinor(Math.abs(minor))
                .setCurrency(mapping.currency())
                .setKind(kind)
                .setLineCount(group.size())
                .setChannel(null)
                .build();
    }

    /** The kind for a total in minor units, or null when the transaction is to be skipped. */
    private TransactionKind kindOf(String rawId, long minor) {
        String prefix = mapping.cancellationPrefix();
        if (prefix != null && !prefix.isEmpty() && grouped) {
            boolean cancellation = rawId.startsWith(prefix);
            if (cancellation) {
                return minor < 0 ? TransactionKind.REFUND : null;
            }
            return minor > 0 ? TransactionKind.PURCHASE : null;
        }
        return minor > 0 ? TransactionKind.PURCHASE : minor < 0 ? TransactionKind.REFUND : null;
    }

    private Transaction skip(Line first, String reason, String message) {
        skippedTransactions++;
        lastSkip = new CsvProblem(first.line(), CsvProblem.Kind.SKIPPED, reason, message);
        problems.accept(lastSkip);
        return null;
    }

    /** One readable row; {@code record} is kept (no copy) for {@link #traceFirstRows}. */
    record Line(long line, String transactionId, String customerId, long eventTimeMillis, BigDecimal amount,
            CSVRecord record) {
        Line withTransactionId(String id) {
            return id.equals(transactionId) ? this : new Line(line, id, customerId, eventTimeMillis, amount, record);
        }
    }
}
