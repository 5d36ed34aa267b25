package io.segmenter.cli.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segmenter.cli.SegmenterCli;
import io.segmenter.csv.BatchProfiles;
import io.segmenter.csv.CsvMapping;
import io.segmenter.csv.Datasets;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ./segmenter demo --once} end to end on a slice of Online Retail: its own broker, app, training and summary. */
class DemoCommandIT {

    /** Every 40th invoice of the real file (whole invoices, spread over the year): about 600 transactions. */
    static Path onlineRetailSlice(Path dir) throws IOException {
        Path file = Datasets.find(Datasets.ONLINE_RETAIL).orElseThrow();
        Path slice = dir.resolve("online_retail_slice.csv");
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8));
                Writer out = Files.newBufferedWriter(slice)) {
            out.write(in.readLine() + "\n");
            String previous = null;
            int invoice = -1;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String id = line.substring(0, line.indexOf(','));
                if (!id.equals(previous)) {
                    invoice++;
                    previous = id;
                }
                if (invoice % 40 == 0) {
                    out.write(line + "\n");
                }
            }
        }
        return slice;
    }

    @Test
    void shouldPrintSegmentsCoveringEveryScorableCustomerAndTheDeadLettersThenExitZero(@TempDir Path dir) throws IOException {
        Path slice = onlineRetailSlice(dir);
        BatchProfiles.Result batch = BatchProfiles.of(slice, CsvMapping.onlineRetail());
        long scorable = batch.byCustomer().values().stream().filter(t -> t.lastPurchaseTime() != null).count();

        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        int code;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            code = new CommandLine(new SegmenterCli()).execute("demo", "--once", "--port", "0", "--csv", slice.toString());
        } finally {
            System.setOut(stdout);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        System.out.println(out);

        assertEquals(0, code);
        assertFalse(org.slf4j.LoggerFactory.getLogger("org.eclipse.jetty.server.Server").isInfoEnabled(),
                "Jetty's start and stop lines would break the one line per phase");
        for (int phase = 1; phase <= Demo.PHASES; phase++) {
            assertTrue(out.contains("[" + phase + "/" + Demo.PHASES + "]"), "phase " + phase + " reported");
        }
        int described = 8_363; // the bundled demographic file's distinct ids, replayed as attributes
        assertTrue(out.contains(String.format("%,d customer profiles (%,d known by attributes alone), %,d with a purchase (scorable), %,d assigned a segment",
                batch.byCustomer().size() + described, described, scorable, scorable)), "profiles, scorable and assigned customers");
        assertTrue(out.contains(String.format("%,d by demographic v1", described)), "every described customer scored by the attributes model");
        Matcher demographic = Pattern.compile("(?m)^Model demographic v1 \\(customer attributes, scored beside rfm\\).*\\R(?:.*\\R)+?      total\\s+([\\d,]+)$")
                .matcher(out);
        assertTrue(demographic.find(), "the attributes model's table");
        assertEquals(described, Integer.parseInt(demographic.group(1).replace(",", "")));
        Matcher rows = Pattern.compile("(?m)^  (\\d+)\\s+(\\S.*?)\\s+([\\d,]+)\\s+[-\\d.,]+\\s+[-\\d.,]+\\s+[-\\d.,]+$").matcher(out);
        long sum = 0;
        int segments = 0;
        while (rows.find()) {
            segments++;
            sum += Long.parseLong(rows.group(3).replace(",", ""));
        }
        assertTrue(segments >= 2, "at least two segments in the table");
        assertEquals(scorable, sum, "segment sizes add up to the scorable customers");
        assertTrue(out.contains(String.format("Dead-letter topic transactions-dlq: %,d records", batch.withoutCustomer())));
        assertTrue(Pattern.compile("(?m)^  missing_customer_id\\s+" + batch.withoutCustomer() + "$").matcher(out).find());
        assertTrue(Pattern.compile("http://127\\.0\\.0\\.1:\\d+/metrics").matcher(out).find());
        assertTrue(Pattern.compile("http://127\\.0\\.0\\.1:\\d+/health/ready").matcher(out).find());
        Matcher dataDir = Pattern.compile("data in (\\S+)").matcher(out);
        assertTrue(dataDir.find());
        assertFalse(Files.exists(Path.of(dataDir.group(1))), "the temporary directory is removed");
    }
}
