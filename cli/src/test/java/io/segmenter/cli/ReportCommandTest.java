package io.segmenter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ReportCommandTest {

    @Test
    void shouldReportTransactionFileWithMappedColumnsAndWriteCharts(@TempDir Path tmp) throws Exception {
        // A CSV with its own column names and a single amount column; X-prefixed ids are refunds.
        List<String> lines = new ArrayList<>(List.of("order,client,when,total"));
        SplittableRandom rnd = new SplittableRandom(3);
        int order = 0;
        for (int c = 0; c < 120; c++) {
            int group = c % 3;
            int purchases = group == 0 ? 12 : group == 1 ? 3 : 1;
            for (int p = 0; p < purchases; p++) {
                int day = group == 2 ? 10 + rnd.nextInt(20) : 300 + rnd.nextInt(60);
                double amount = (group == 0 ? 400 : group == 1 ? 60 : 15) * (0.8 + 0.4 * rnd.nextDouble());
                lines.add(String.format(java.util.Locale.ROOT, "O%d,cust-%d,%s,%.2f", order++, c,
                        java.time.LocalDate.ofYearDay(2024, day + 1) + "T10:00:00", amount));
            }
        }
        lines.add("XO1,cust-0,2024-12-20T10:00:00,-50.00");
        Path csv = Files.write(tmp.resolve("orders.csv"), lines);
        Path json = tmp.resolve("report.json");
        Path charts = tmp.resolve("charts");

        int code = new CommandLine(new ReportCommand()).setCaseInsensitiveEnumValuesAllowed(true).execute(
                "--csv", csv.toString(), "--transaction-column", "order", "--customer-column", "client",
                "--time-column", "when", "--time-format", "ISO", "--amount-column", "total",
                "--cancellation-prefix", "X", "--k", "3", "--json", json.toString(), "--out", charts.toString());

        assertEquals(0, code);
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        assertEquals(120, report.get("customers").asInt());
        assertEquals(3, report.get("clusters").get("k").asInt());
        assertEquals(3, report.get("segments").size());
        assertTrue(report.get("gates").get("passed").asBoolean(), report.get("gates").toString());
        assertEquals(120, report.get("revenue").get("total").get("customers").asInt());
        assertEquals(120, report.get("transitions").get("customers").asInt(), "the default --transitions-since 90d");
        for (String png : List.of("elbow.png", "silhouette.png", "sizes.png", "scatter-rf.png", "scatter-fm.png", "revenue.png")) {
            assertTrue(Files.size(charts.resolve(png)) > 1000, png);
        }
    }

    @Test
    void shouldRefuseToPublishWithoutBootstrapServer(@TempDir Path tmp) throws Exception {
        Path csv = Files.write(tmp.resolve("x.csv"), List.of("InvoiceNo,InvoiceDate,CustomerID,Quantity,UnitPrice"));
        assertEquals(2, new CommandLine(new ReportCommand()).execute("--csv", csv.toString(), "--publish"));
    }
}
