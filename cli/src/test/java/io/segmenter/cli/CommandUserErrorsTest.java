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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command, as {@code ./segmenter} runs it ({@link SegmenterCli#commandLine()}), answers a user's
 * mistake (a bad setting, an unreadable file, no cluster named, an API opened without a token) with
 * exit code 2 and one line that names the command, never a stack trace. None of these needs a broker:
 * the mistakes are caught before any connection.
 */
class CommandUserErrorsTest {

    @TempDir
    Path tmp;

    private record Run(int code, String err) {}

    private static Run run(String... args) {
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            return new Run(SegmenterCli.commandLine().execute(args), err.toString(StandardCharsets.UTF_8).strip());
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
    }

    private static void assertOneLine(Run run, String command, String expected) {
        assertEquals(2, run.code(), run::toString);
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().startsWith(command + ": ") || run.err().startsWith("segmenter " + command + ": "), run.err());
        assertTrue(run.err().contains(expected), run.err());
        assertFalse(run.err().contains("\tat ") || run.err().contains("Exception"), run.err());
    }

    @Test
    void shouldSayAFileIsNotWhatItsNameSays() throws IOException {
        Path notGzip = Files.writeString(tmp.resolve("retail.csv.gz"), "InvoiceNo,CustomerID\n1,2\n");
        assertOneLine(run("report", "--csv", notGzip.toString()), "report", "cannot read input: Not in GZIP format");
    }

    @Test
    void shouldNameTheMissingCluster() {
        String expected = "no Kafka cluster given: set --bootstrap-server HOST:PORT";
        assertOneLine(run("train", "--once"), "train", expected);
        assertOneLine(run("profiles", "--csv", tmp.resolve("out.csv").toString()), "profiles", expected);
    }

    @Test
    void shouldNameABadSettingBeforeConnecting() throws IOException {
        Path csv = Files.writeString(tmp.resolve("retail.csv"),
                "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n1,A,B,1,2011-12-09 12:00:00,1.0,7,UK\n");
        assertOneLine(run("train", "--bootstrap-server", "127.0.0.1:1", "--every", "5x"), "train", "use 30s, 15m, 6h, 1d or PT6H");
        assertOneLine(run("train", "--bootstrap-server", "127.0.0.1:1", "--k-min", "9", "--k-max", "3"), "train", "train.k.min");
        assertOneLine(run("run", "-D", "clock=sideways"), "run", "clock");
        assertOneLine(run("replay", "--command-config", tmp.resolve("absent.properties").toString(), "--csv", csv.toString()),
                "replay", "does not exist");
        assertOneLine(run("broker", "--sasl-user", "u"), "broker", "give --sasl-user and --sasl-password together");
        assertOneLine(run("model", "shadow", "rfm", "--bootstrap-server", "127.0.0.1:1"), "model shadow", "give either a VERSION to score in shadow or --stop");
        assertOneLine(run("train", "--bootstrap-server", "127.0.0.1:1", "--once", "--model-name", "rfm#2"), "train",
                "configuration model.name: use 1 to 100 letters");
        assertOneLine(run("report", "--csv", csv.toString(), "--transitions-since", "yesterday"), "report",
                "--transitions-since 'yesterday' is not a date, an instant or a duration: use 2011-09-01,");
        assertOneLine(run("report", "--csv", csv.toString(), "--transitions-since", "2012-01-01"), "report",
                "transitions since 2012-01-01T00:00:00Z would start at or after the end of the data (2011-12-09T12:00:00Z)");
    }

    @Test
    void shouldRefuseToOpenStateChangingCallsBeyondLoopbackWithoutAToken() {
        assertOneLine(run("run", "-D", "http.host=0.0.0.0"), "run", "set http.auth.token (SEGMENTER_HTTP_AUTH_TOKEN)");
        assertOneLine(run("train", "--bootstrap-server", "127.0.0.1:1", "--every", "1h", "--http-host", "0.0.0.0"), "train",
                "set http.auth.token (SEGMENTER_HTTP_AUTH_TOKEN)");
    }
}
