package io.segmenter.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segmenter.avro.Transaction;
import io.segmenter.avro.TransactionKind;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTransactionReaderTest {

    private static final String HEADER = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n";

    private final List<CsvProblem> problems = new ArrayList<>();

    private List<Transaction> read(String csv, CsvMapping mapping) throws IOException {
        try (CsvTransactionReader reader = new CsvTransactionReader(new StringReader(csv), "test.csv", mapping, problems::add)) {
            List<Transaction> all = new ArrayList<>();
            reader.forEachRemaining(all::add);
            return all;
        }
    }

    private List<Transaction> read(String csv) throws IOException {
        return read(HEADER + csv, CsvMapping.onlineRetail());
    }

    @Test
    void shouldGroupConsecutiveLinesOfAnInvoiceIntoOnePurchase() throws IOException {
        List<Transaction> out = read("""
                536365,85123A,HEART,6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom
                536365,71053,LANTERN,6,2010-12-01 08:26:00,3.39,17850.0,United Kingdom
                536366,22633,WARMER,6,2010-12-01 08:28:00,1.85,17850.0,United Kingdom
                """);
        assertEquals(2, out.size());
        Transaction first = out.getFirst();
        assertEquals("536365", first.getTransactionId());
        assertEquals("17850", first.getCustomerId());
        assertEquals(Instant.parse("2010-12-01T08:26:00Z"), first.getEventTime());
        assertEquals(3564, first.getAmountMinor()); // 6 x 2.55 + 6 x 3.39 = 35.64
        assertEquals("GBP", first.getCurrency());
        assertEquals(TransactionKind.PURCHASE, first.getKind());
        assertEquals(2, first.getLineCount());
        assertEquals(1110, out.get(1).getAmountMinor());
        assertTrue(problems.isEmpty(), problems::toString);
    }

    @Test
    void shouldRoundTheInvoiceTotalHalfEvenOnceNotPerLine() throws IOException {
        // 0.125 + 0.125 = 0.25 exactly (per-line rounding would give 0.24 or 0.26); 0.125 alone rounds to 0.12
        List<Transaction> out = read("""
                1,a,x,1,2011-01-01 10:00:00,0.125,1.0,UK
                1,b,x,1,2011-01-01 10:00:00,0.125,1.0,UK
                2,a,x,1,2011-01-01 10:00:00,0.125,1.0,UK
                3,a,x,1,2011-01-01 10:00:00,0.135,1.0,UK
                """);
        assertEquals(List.of(25L, 12L, 14L), out.stream().map(Transaction::getAmountMinor).toList());
    }

    @Test
    void shouldEmitCancellationInvoicesAsRefundsWithAbsoluteAmount() throws IOException {
        List<Transaction> out = read("""
                C536379,D,Discount,-1,2010-12-01 09:41:00,27.5,14527.0,United Kingdom
                C536383,35004C,LIGHTS,-1,2010-12-01 09:49:00,4.65,15311.0,United Kingdom
                """);
        assertEquals(2, out.size());
        assertEquals(TransactionKind.REFUND, out.getFirst().getKind());
        assertEquals("C536379", out.getFirst().getTransactionId());
        assertEquals(2750, out.getFirst().getAmountMinor());
        assertEquals(465, out.get(1).getAmountMinor());
    }

    @Test
    void shouldSkipPurchaseInvoicesWithNonPositiveTotalAndReportThem() throws IOException {
        List<Transaction> out = read("""
                536414,22139,,56,2010-12-01 11:52:00,0,,United Kingdom
                536415,22139,lost,-5,2010-12-01 11:53:00,1.0,,United Kingdom
                536416,22139,ok,1,2010-12-01 11:54:00,1.0,12.0,United Kingdom
                C536417,22139,odd,1,2010-12-01 11:55:00,1.0,12.0,United Kingdom
                """);
        assertEquals(List.of("536416"), out.stream().map(Transaction::getTransactionId).toList());
        assertEquals(List.of(2L, 3L, 5L), problems.stream().map(CsvProblem::line).toList());
        assertTrue(problems.stream().allMatch(p -> p.kind() == CsvProblem.Kind.SKIPPED));
    }

    @Test
    void shouldSkipBadDebtAdjustments() throws IOException {
        List<Transaction> out = read("""
                A563185,B,Adjust bad debt,1,2011-08-12 14:50:00,11062.06,,United Kingdom
                563186,B,x,1,2011-08-12 14:51:00,1.0,12.0,United Kingdom
                """);
        assertEquals(1, out.size());
        assertEquals(1, problems.size());
        assertEquals(CsvProblem.Kind.SKIPPED, problems.getFirst().kind());
        assertTrue(problems.getFirst().message().contains("A563185"));
    }

    @Test
    void shouldEmitTransactionsWithoutCustomerWithAnEmptyCustomerId() throws IOException {
        List<Transaction> out = read("""
                536544,21773,x,1,2010-12-01 14:32:00,2.51,,United Kingdom
                """);
        assertEquals(1, out.size());
        assertEquals("", out.getFirst().getCustomerId());
    }

    @Test
    void shouldReportUnreadableRowsWithLineNumbersAndKeepTheRestOfTheInvoice() throws IOException {
        List<Transaction> out = read("""
                1,a,x,two,2011-01-01 10:00:00,1.0,7.0,UK
                1,b,x,1,2011-01-01 10:00:00,1.0,7.0,UK
                1,c,x,1,yesterday,1.0,7.0,UK
                1,d,x,1,2011-01-01 10:00:00,1.0
                1,e,"multi
                line",1,2011-01-01 10:00:00,2.0,7.0,UK
                """);
        assertEquals(1, out.size());
        assertEquals(300, out.getFirst().getAmountMinor());
        assertEquals(2, out.getFirst().getLineCount());
        assertEquals(List.of(2L, 4L, 5L), problems.stream().map(CsvProblem::line).toList());
        assertTrue(problems.getFirst().message().contains("quantity"), problems::toString);
        assertTrue(problems.get(1).message().contains("time"), problems::toString);
        assertTrue(problems.get(2).message().contains("fields"), problems::toString);
    }

    @Test
    void shouldReportALineWhoseCustomerDiffersFromItsInvoice() throws IOException {
        List<Transaction> out = read("""
                1,a,x,1,2011-01-01 10:00:00,1.0,7.0,UK
                1,b,x,1,2011-01-01 10:00:00,1.0,8.0,UK
                """);
        assertEquals(100, out.getFirst().getAmountMinor());
        assertEquals(List.of(3L), problems.stream().map(CsvProblem::line).toList());
    }

    @Test
    void shouldGiveANonContiguousRepeatOfAnInvoiceANumberedId() throws IOException {
        List<Transaction> out = read("""
                1,a,x,1,2011-01-01 10:00:00,1.0,7.0,UK
                2,a,x,1,2011-01-01 10:01:00,1.0,7.0,UK
                1,b,x,1,2011-01-01 10:02:00,1.0,7.0,UK
                """);
        assertEquals(List.of("1", "2", "1#2"), out.stream().map(Transaction::getTransactionId).toList());
    }

    @Test
    void shouldUseTheEarliestLineTimeOfAnInvoice() throws IOException {
        List<Transaction> out = read("""
                1,a,x,1,2011-01-01 10:01:00,1.0,7.0,UK
                1,b,x,1,2011-01-01 10:00:00,1.0,7.0,UK
                """);
        assertEquals(Instant.parse("2011-01-01T10:00:00Z"), out.getFirst().getEventTime());
    }

    @Test
    void shouldReadTimesInTheConfiguredZone() throws IOException {
        CsvMapping london = CsvMapping.builder().zone(ZoneId.of("Europe/London")).build();
        List<Transaction> out = read(HEADER + "1,a,x,1,2011-07-01 10:00:00,1.0,7.0,UK\n", london);
        assertEquals(Instant.parse("2011-07-01T09:00:00Z"), out.getFirst().getEventTime());
    }

    @Test
    void shouldLetAnOffsetInTheTextWinOverTheConfiguredZone() throws IOException {
        CsvMapping mapping = CsvMapping.builder().zone(ZoneId.of("Asia/Tokyo")).timeFormat("yyyy-MM-dd HH:mm:ssXXX").build();
        List<Transaction> out = read(HEADER + "1,a,x,1,2011-07-01 10:00:00+01:00,1.0,7.0,UK\n", mapping);
        assertEquals(Instant.parse("2011-07-01T09:00:00Z"), out.getFirst().getEventTime());
    }

    @Test
    void shouldMakeEveryRowATransactionWithAFileAndLineIdWithoutATransactionColumn() throws IOException {
        CsvMapping mapping = CsvMapping.builder()
                .delimiter(';')
                .transactionColumn(null)
                .customerColumn("cust")
                .timeColumn("ts")
                .timeFormat(CsvMapping.ISO)
                .amountColumn("amount")
                .currency("EUR")
                .build();
        List<Transaction> out = read("""
                cust;ts;amount
                a;2024-03-01T10:00:00Z;12.50
                a;2024-03-02T10:00:00;-2.5
                b;2024-03-03T10:00:00+01:00;0
                """, mapping);
        assertEquals(List.of("test.csv:2", "test.csv:3"), out.stream().map(Transaction::getTransactionId).toList());
        assertEquals(TransactionKind.PURCHASE, out.getFirst().getKind());
        assertEquals(1250, out.getFirst().getAmountMinor());
        assertEquals(TransactionKind.REFUND, out.get(1).getKind());
        assertEquals(250, out.get(1).getAmountMinor());
        assertEquals("EUR", out.get(1).getCurrency());
        assertEquals(List.of(4L), problems.stream().map(CsvProblem::line).toList());
    }

    @Test
    void shouldReadColumnsByNumberWithoutAHeader() throws IOException {
        CsvMapping mapping = CsvMapping.builder()
                .header(false)
                .transactionColumn("1")
                .customerColumn("7")
                .timeColumn("5")
                .quantityColumn("4")
                .priceColumn("6")
                .build();
        List<Transaction> out = read("""
                536365,85123A,HEART,6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom
                536365,71053,LANTERN,6,2010-12-01 08:26:00,3.39,17850.0,United Kingdom
                """, mapping);
        assertEquals(1, out.size());
        assertEquals(3564, out.getFirst().getAmountMinor());
    }

    @Test
    void shouldRefuseColumnNamesWithoutAHeader() {
        assertThrows(IllegalArgumentException.class, () -> CsvMapping.builder().header(false).build());
    }

    private String refusal(String csv, CsvMapping mapping) {
        return assertThrows(IllegalArgumentException.class, () -> read(csv, mapping)).getMessage();
    }

    @Test
    void shouldRefuseAColumnMissingFromTheHeaderNamingItTheHeaderAndTheFlag() {
        assertEquals("column 'Customer' not found (header: InvoiceNo, StockCode, Description, Quantity, InvoiceDate, "
                + "UnitPrice, CustomerID, Country); set --customer-column",
                refusal(HEADER, CsvMapping.builder().customerColumn("Customer").build()));
        assertEquals("column 'InvoiceNo' not found (header: CustomerID, Date, Amount); set --transaction-column, "
                + "or --no-transaction-column for one transaction per row",
                refusal("CustomerID,Date,Amount\n", CsvMapping.builder().timeColumn("Date").amountColumn("Amount").build()));
        assertTrue(refusal("InvoiceNo,CustomerID,InvoiceDate,Amount\n", CsvMapping.onlineRetail())
                .endsWith("set --quantity-column, or --amount-column for a single line-amount column"));
    }

    @Test
    void shouldShowTheFirstTenHeaderNamesOfAWideFile() {
        String header = String.join(",", java.util.stream.IntStream.rangeClosed(1, 12).mapToObj(i -> "c" + i).toList());
        assertTrue(refusal(header + "\n", CsvMapping.onlineRetail()).contains(
                "(header: c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, ... (12 columns))"));
    }

    @Test
    void shouldSuggestTheDelimiterWhenTheHeaderIsOneColumn() {
        assertTrue(refusal(HEADER.replace(',', ';'), CsvMapping.onlineRetail())
                .endsWith("the header has a single column, so the delimiter is probably ';'; set --delimiter"));
    }

    @Test
    void shouldRefuseAnEmptyFileABrokenHeaderAndAnAmbiguousOrOutOfRangeColumn() {
        assertEquals("the file is empty: no header line, no rows", refusal("\n", CsvMapping.onlineRetail()));
        assertTrue(refusal("\"InvoiceNo\"x,CustomerID\n", CsvMapping.onlineRetail()).startsWith("line 1: the header is not valid CSV"));
        assertTrue(refusal("InvoiceNo,CustomerID,CustomerID,InvoiceDate,Quantity,UnitPrice\n", CsvMapping.onlineRetail())
                .startsWith("column 'CustomerID' appears more than once in the header"));
        assertTrue(refusal(HEADER, CsvMapping.builder().customerColumn("9").build()).startsWith("column '9' not found"));
    }

    @Test
    void shouldMatchHeaderNamesIgnoringCaseSpacesAndAByteOrderMark() throws IOException {
        List<Transaction> out = read("\uFEFFinvoiceno, Quantity ,InvoiceDate,UnitPrice,customerid\n1,2,2011-01-01 10:00:00,1.5,7\n",
                CsvMapping.onlineRetail());
        assertEquals(300, out.getFirst().getAmountMinor());
        assertEquals("7", out.getFirst().getCustomerId());
    }

    @Test
    void shouldReadEveryRowAsATransactionWithANoteWhenTheOptionalTransactionColumnIsAbsent() throws IOException {
        CsvMapping mapping = CsvMapping.builder().transactionColumnIfPresent("InvoiceNo").amountColumn("Amount").build();
        String csv = "CustomerID,InvoiceDate,Amount\n7,2011-01-01 10:00:00,1.5\n7,2011-01-01 10:00:00,2\n";
        try (CsvTransactionReader reader = new CsvTransactionReader(new StringReader(csv), "orders.csv", mapping, problems::add)) {
            List<Transaction> out = new ArrayList<>();
            reader.forEachRemaining(out::add);
            assertEquals(List.of("orders.csv:2", "orders.csv:3"), out.stream().map(Transaction::getTransactionId).toList());
            assertEquals(List.of("column 'InvoiceNo' not found (header: CustomerID, InvoiceDate, Amount): every row is its "
                    + "own transaction, id orders.csv:<line>; set --transaction-column to group rows into transactions"),
                    reader.stats().notes());
        }
    }

    @Test
    void shouldGroupByTheOptionalTransactionColumnWhenPresentWithoutANote() throws IOException {
        CsvMapping mapping = CsvMapping.onlineRetail().toBuilder().transactionColumnIfPresent("InvoiceNo").build();
        String csv = HEADER + "1,a,x,1,2011-01-01 10:00:00,1.0,7.0,UK\n1,b,x,1,2011-01-01 10:00:00,1.0,7.0,UK\n";
        try (CsvTransactionReader reader = new CsvTransactionReader(new StringReader(csv), "t.csv", mapping, problems::add)) {
            assertEquals("1", reader.next().getTransactionId());
            assertTrue(reader.stats().notes().isEmpty());
        }
        assertTrue(mapping.transactionColumnOptional());
        assertEquals(mapping, mapping.toBuilder().build());
    }

    @Test
    void shouldKeepTheOptionalTransactionColumnOutOfTheNumbersOnlyRuleWithoutAHeader() throws IOException {
        CsvMapping mapping = CsvMapping.builder().header(false).transactionColumnIfPresent("InvoiceNo")
                .customerColumn("1").timeColumn("2").amountColumn("3").build();
        List<Transaction> out = read("7,2011-01-01 10:00:00,1.5\n", mapping);
        assertEquals("test.csv:1", out.getFirst().getTransactionId());
    }

    @Test
    void shouldReadDateOnlyTimesAsTheStartOfTheDay() throws IOException {
        CsvMapping mapping = CsvMapping.builder().timeFormat("yyyyMMdd").zone(ZoneId.of("Europe/London")).build();
        List<Transaction> out = read(HEADER + "1,a,x,1,20110701,1.0,7.0,UK\n", mapping);
        assertEquals(Instant.parse("2011-06-30T23:00:00Z"), out.getFirst().getEventTime());
        assertTrue(problems.isEmpty(), problems::toString);
    }

    @Test
    void shouldNameTheExpectedFormatInABadTimeProblem() throws IOException {
        read(HEADER + "1,a,x,1,2011-07-01,1.0,7.0,UK\n", CsvMapping.builder().timeFormat(CsvMapping.EPOCH_SECONDS).build());
        assertEquals("bad time", problems.getFirst().reason());
        assertEquals("bad time '2011-07-01' (expected epoch-s: seconds since 1970-01-01T00:00Z)", problems.getFirst().message());
    }

    @Test
    void shouldRefuseABadTimeFormatOrCurrencyWhenTheMappingIsBuilt() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CsvMapping.builder().timeFormat("dd/mm/yyyy hh:nn").build())
                .getMessage().startsWith("--time-format 'dd/mm/yyyy hh:nn' is not usable"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CsvMapping.builder().currency("EURO").build())
                .getMessage().startsWith("--currency 'EURO'"));
    }

    @Test
    void shouldTraceWhatBecomesOfTheFirstRows() throws IOException {
        List<CsvRowOutcome> traced = new ArrayList<>();
        String csv = HEADER + """
                1,a,x,1,2011-01-01 10:00:00,1.0,7.0,UK
                1,b,x,two,2011-01-01 10:00:00,1.0,7.0,UK
                1,c,x,1,2011-01-01 10:00:00,1.0,7.0,UK
                A2,a,x,1,2011-01-01 10:00:00,1.0,7.0,UK
                3,a,x,1,2011-01-01 10:00:00,1.0,7.0,UK
                """;
        try (CsvTransactionReader reader = new CsvTransactionReader(new StringReader(csv), "t.csv", CsvMapping.onlineRetail(), problems::add)) {
            reader.traceFirstRows(4, traced::add);
            reader.forEachRemaining(t -> { });
        }
        assertEquals(List.of(3L, 2L, 4L, 5L), traced.stream().map(CsvRowOutcome::line).toList()); // a bad row is known first
        assertEquals("two", traced.getFirst().fields().get(3));
        assertEquals("bad quantity", traced.getFirst().problem().reason());
        assertEquals(2, traced.get(1).transaction().getLineCount());
        assertEquals(traced.get(1).transaction(), traced.get(2).transaction());
        assertEquals(CsvProblem.Kind.SKIPPED, traced.get(3).problem().kind());
    }

    @Test
    void shouldReadGzipFilesAndCountBytes(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("small.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write((HEADER + "1,a,x,1,2011-01-01 10:00:00,1.0,7.0,UK\n").getBytes(StandardCharsets.UTF_8));
        }
        List<Transaction> out = CsvTransactionReader.readAll(file, CsvMapping.onlineRetail(), problems);
        assertEquals(1, out.size());
        try (CsvTransactionReader reader = CsvTransactionReader.open(file, CsvMapping.onlineRetail(), problems::add)) {
            reader.forEachRemaining(t -> {});
            assertEquals(Files.size(file), reader.totalBytes());
            assertEquals(reader.totalBytes(), reader.bytesRead());
        }
    }

    @Test
    void shouldYieldTheSameTransactionsOnEveryRead() throws IOException {
        String csv = "1,a,x,1,2011-01-01 10:00:00,1.0,7.0,UK\n2,a,x,1,2011-01-01 10:01:00,2.0,,UK\n";
        assertEquals(read(csv), read(csv));
    }

    @Test
    void shouldNormaliseIntegralDecimalCustomerIds() {
        assertEquals("17850", LineParser.customerId(" 17850.0 "));
        assertEquals("17850", LineParser.customerId("17850"));
        assertEquals("17850.5", LineParser.customerId("17850.5"));
        assertEquals("C-42", LineParser.customerId("C-42"));
    }
}
