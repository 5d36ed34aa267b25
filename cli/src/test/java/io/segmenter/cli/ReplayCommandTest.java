package io.segmenter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segmenter.csv.CsvMapping;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ReplayCommandTest {

    private static ReplayCommand parse(String... args) {
        ReplayCommand command = new ReplayCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }

    @Test
    void shouldDefaultToTheOnlineRetailMappingWithAnOptionalInvoiceColumn() {
        assertEquals(CsvMapping.onlineRetail().toBuilder().transactionColumnIfPresent("InvoiceNo").build(),
                parse("--bootstrap-server", "x:1", "--csv", "f.csv").mapping());
    }

    @Test
    void shouldRequireATransactionColumnGivenExplicitly() {
        CsvMapping mapping = parse("--csv", "f.csv", "--transaction-column", "InvoiceNo").mapping();
        assertEquals("InvoiceNo", mapping.transactionColumn());
        assertFalse(mapping.transactionColumnOptional());
        assertNull(parse("--csv", "f.csv", "--no-transaction-column").mapping().transactionColumn());
    }

    @Test
    void shouldParseADryRunWithoutABootstrapServer() {
        assertTrue(parse("--csv", "f.csv", "--dry-run").dryRun);
    }

    @Test
    void shouldMapColumnNumbersWithoutHeaderAndATabDelimiter() {
        CsvMapping mapping = parse("--bootstrap-server", "x:1", "--csv", "f.csv", "--no-header", "--delimiter", "tab",
                "--transaction-column", "1", "--customer-column", "2", "--time-column", "3", "--amount-column", "4").mapping();
        assertEquals('\t', mapping.delimiter());
        assertEquals("4", mapping.amountColumn());
        assertNull(mapping.quantityColumn());
    }

    @Test
    void shouldRefuseColumnNamesWithNoHeaderWithoutAStackTrace() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new ReplayCommand()).setErr(new PrintWriter(err));
        int code = cli.execute("--bootstrap-server", "127.0.0.1:1", "--csv", "pom.xml", "--no-header");
        assertEquals(2, code);
    }
}
