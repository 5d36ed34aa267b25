package io.segmenter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A user's own CSV through {@code replay} and {@code report}: a dry run needs no Kafka, and every
 * mistake (bad flag, missing column, missing file, bad time format) is exit code 2 with one line on
 * stderr, no stack trace.
 */
class CsvUserErrorsTest {

    /** A shop's export: its own column names, day-first dates without a time, no invoice column. */
    private static final List<String> ORDERS = List.of(
            "Client,Day,Total",
            "c1,09/12/2011,12.50",
            "c2,10/12/2011,-2.5",
            "c1,2011-12-11,3.00",
            "c3,12/12/2011,0");
    /** The flags that map {@link #ORDERS}, but for the time format. */
    private static final String[] ORDER_COLUMNS = {"--customer-column", "Client", "--time-column", "Day",
        "--amount-column", "Total", "--currency", "EUR", "--cancellation-prefix", ""};

    @TempDir
    Path tmp;

    private record Run(int code, String out, String err) {}

    private static Run run(Callable<Integer> command, String... args) {
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int code = new CommandLine(command).execute(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
    }

    private Path orders() throws IOException {
        return Files.write(tmp.resolve("orders.csv"), ORDERS);
    }

    private static String[] args(String[] first, String... more) {
        String[] all = new String[first.length + more.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }

    /** Exit code 2 and exactly one line on stderr that starts with the command's name and says {@code expected}. */
    private static void assertOneLineError(Run run, String command, String expected) {
        assertEquals(2, run.code(), run::toString);
        String err = run.err().strip();
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.startsWith(command + ": "), err);
        assertTrue(err.contains(expected), err);
        assertNoStackTrace(err);
    }

    private static void assertNoStackTrace(String text) {
        assertFalse(text.contains("Exception"), text);
        assertFalse(text.contains("at io."), text);
    }

    @Test
    void shouldShowHowTheFirstRowsMapAndTheTotalsWithoutKafka() throws IOException {
        Run run = run(new ReplayCommand(), args(ORDER_COLUMNS, "--csv", orders().toString(), "--dry-run",
                "--time-format", "dd/MM/yyyy"));

        assertEquals(0, run.code(), run::toString);
        String out = run.out();
        assertTrue(out.contains("nothing is sent"), out);
        assertTrue(out.contains("Note: column 'InvoiceNo' not found (header: Client, Day, Total): every row is its own "
                + "transaction, id orders.csv:<line>"), out);
        assertTrue(out.contains("First 4 rows:"), out);
        assertTrue(out.contains("  line 2: c1 | 09/12/2011 | 12.50\n"
                + "    -> transaction orders.csv:2, customer c1, 2011-12-09T00:00:00Z, 1250 EUR minor units, PURCHASE"), out);
        assertTrue(out.contains("-> transaction orders.csv:3, customer c2, 2011-12-10T00:00:00Z, 250 EUR minor units, REFUND"), out);
        assertTrue(out.contains("  line 4: c1 | 2011-12-11 | 3.00\n    -> unreadable: bad time '2011-12-11' (expected dd/MM/yyyy)"), out);
        assertTrue(out.contains("-> skipped: transaction orders.csv:5 has total 0 minor units"), out);
        assertTrue(out.contains("Totals: 4 rows -> 2 transactions would be sent (1 purchases, 1 refunds; 0 without customer"), out);
        assertTrue(out.contains("Problems: 1 rows unreadable (bad time 1), 1 transactions skipped by rule (zero total 1)"), out);
        assertTrue(out.contains("Event times: 2011-12-09T00:00:00Z to 2011-12-10T00:00:00Z"), out);
        assertNoStackTrace(run.err());
    }

    @Test
    void shouldExitWithTwoWhenADryRunMapsNoRow() throws IOException {
        Run run = run(new ReplayCommand(), args(ORDER_COLUMNS, "--csv", orders().toString(), "--dry-run",
                "--time-format", "yyyyMMdd"));
        assertTrue(run.out().contains("Problems: 4 rows unreadable (bad time 4)"), run.out());
        assertOneLineError(run, "replay", "maps to a transaction");
    }

    @Test
    void shouldNameAMissingColumnTheHeaderAndTheFlag() throws IOException {
        String file = orders().toString();
        String expected = "column 'CustomerID' not found (header: Client, Day, Total); set --customer-column";
        assertOneLineError(run(new ReplayCommand(), "--csv", file, "--dry-run", "--time-column", "Day"), "replay", expected);
        assertOneLineError(run(new ReplayCommand(), "--csv", file, "--bootstrap-server", "127.0.0.1:1", "--time-column", "Day"),
                "replay", expected); // found before connecting to Kafka
        assertOneLineError(run(new ReportCommand(), "--csv", file, "--time-column", "Day"), "report", expected);
    }

    @Test
    void shouldRequireAnExplicitTransactionColumn() throws IOException {
        Run run = run(new ReplayCommand(), args(ORDER_COLUMNS, "--csv", orders().toString(), "--dry-run",
                "--time-format", "dd/MM/yyyy", "--transaction-column", "InvoiceNo"));
        assertOneLineError(run, "replay", "column 'InvoiceNo' not found (header: Client, Day, Total); set "
                + "--transaction-column, or --no-transaction-column for one transaction per row");
    }

    @Test
    void shouldRefuseAMissingFile() {
        String missing = tmp.resolve("nope.csv").toString();
        assertOneLineError(run(new ReplayCommand(), "--csv", missing, "--dry-run"), "replay", "cannot read " + missing);
        assertOneLineError(run(new ReportCommand(), "--csv", missing), "report", "cannot read " + missing);
    }

    @Test
    void shouldRefuseABadTimeFormatNamingTheFlagAndTheAcceptedForms() throws IOException {
        String file = orders().toString();
        for (Run run : List.of(run(new ReplayCommand(), args(ORDER_COLUMNS, "--csv", file, "--dry-run", "--time-format", "dd/mm/yyyy hh:nn")),
                run(new ReportCommand(), args(ORDER_COLUMNS, "--csv", file, "--time-format", "dd/mm/yyyy hh:nn")))) {
            assertEquals(2, run.code(), run::toString);
            assertTrue(run.err().contains("--time-format 'dd/mm/yyyy hh:nn' is not usable"), run.err());
            assertTrue(run.err().contains("ISO") && run.err().contains("epoch-s") && run.err().contains("epoch-ms"), run.err());
            assertEquals(1, run.err().strip().lines().count(), run.err());
        }
    }

    @Test
    void shouldRefuseContradictoryFlagsInOneLine() throws IOException {
        String file = orders().toString();
        assertOneLineError(run(new ReplayCommand(), args(ORDER_COLUMNS, "--csv", file, "--dry-run", "--rate", "5", "--speedup", "10")),
                "replay", "give --rate or --speedup, not both");
        assertOneLineError(run(new ReplayCommand(), args(ORDER_COLUMNS, "--csv", file, "--dry-run", "--transaction-column", "Client",
                "--no-transaction-column")), "replay", "give --transaction-column or --no-transaction-column, not both");
        assertOneLineError(run(new ReplayCommand(), "--csv", file, "--dry-run", "--currency", "EURO"),
                "replay", "--currency 'EURO' is not an ISO 4217 code");
    }

    @Test
    void shouldNeedAKafkaClusterOnlyForARealReplay() throws IOException {
        Run run = run(new ReplayCommand(), args(ORDER_COLUMNS, "--csv", orders().toString(), "--time-format", "dd/MM/yyyy"));
        assertOneLineError(run, "replay", "--bootstrap-server");
    }

    @Test
    void shouldLeaveFlagSyntaxErrorsToPicocliWithoutAStackTrace() throws IOException {
        Run run = run(new ReplayCommand(), "--csv", orders().toString(), "--dry-run", "--rate", "fast");
        assertEquals(CommandLine.ExitCode.USAGE, run.code());
        assertTrue(run.err().lines().findFirst().orElse("").contains("'--rate'"), run.err());
        assertNoStackTrace(run.err());
    }

    @Test
    void shouldShowAnAttributesFileWithoutKafkaAndRefuseWhatTheAppWouldDeadLetterBeforeSending() throws IOException {
        Path crm = Files.write(tmp.resolve("crm.csv"), List.of("Id,Age,Segment,Note", "c1,30,Gold,ok", "c2,,Silver,x".replace("x", "y".repeat(300)),
                "c1,31,Gold,ok"));
        Run dry = run(new ReplayCommand(), "--attributes", "--csv", crm.toString(), "--dry-run", "--columns", "Age,Segment");
        assertEquals(0, dry.code(), dry::toString);
        assertTrue(dry.out().contains("would send 3 attribute records for 2 customers from crm.csv (1 rows replace an earlier row of the same id)"), dry.out());
        assertTrue(dry.out().contains("numeric: Age; categorical: Segment"), dry.out());

        // a 300-character value: the app's attributes.max.value.chars (256) would dead-letter that row
        assertOneLineError(run(new ReplayCommand(), "--attributes", "--csv", crm.toString(), "--dry-run"), "replay",
                "customer c2: Note has a value of 300 characters; the app accepts at most 256 (attributes.max.value.chars)");
        assertOneLineError(run(new ReplayCommand(), "--attributes", "--csv", crm.toString(), "--bootstrap-server", "127.0.0.1:1"), "replay",
                "attributes.max.value.chars"); // before connecting to Kafka
        assertEquals(0, run(new ReplayCommand(), "--attributes", "--csv", crm.toString(), "--dry-run", "--max-value-chars", "512").code());

        // more columns than one customer may hold
        assertOneLineError(run(new ReplayCommand(), "--attributes", "--csv", crm.toString(), "--dry-run", "--max-attributes", "2"), "replay",
                "the file has 3 attribute columns, but the app keeps at most 2 per customer (attributes.max.count)");
    }
}
