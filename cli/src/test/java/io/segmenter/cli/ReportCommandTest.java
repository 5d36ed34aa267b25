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

    /** The repository's datasets/ file of this name, found by walking up from the module directory. */
    private static Path dataset(String name) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("datasets").resolve(name))) {
                return dir.resolve("datasets").resolve(name);
            }
        }
        throw new IllegalStateException("datasets/" + name + " not found");
    }

    @Test
    void shouldSegmentTheDemographicFileAndWriteEveryCustomersAssignment(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("assignments.csv");
        Path json = tmp.resolve("report.json");
        int code = new CommandLine(new ReportCommand()).execute("--csv", dataset("customer_demographics.csv").toString(),
                "--customer-level", "--id-column", "ID", "--ordinal", "Spending_Score=Low<Average<High", "--assignments", out.toString(),
                "--json", json.toString());

        assertEquals(0, code);
        List<String> lines = Files.readAllLines(out);
        assertEquals("customer_id,segment_id,segment_label,distance,margin,Gender,Ever_Married,Age,Graduated,Profession,"
                + "Work_Experience,Spending_Score,Family_Size,Var_1", lines.get(0));
        assertEquals(8_363, lines.size() - 1, "one row per distinct ID");
        assertEquals(8_363, lines.stream().skip(1).map(l -> l.substring(0, l.indexOf(','))).distinct().count());
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        assertTrue(report.get("notes").toString().contains("2,332 rows replaced earlier rows of the same id"), report.get("notes").toString());
        assertEquals(8_363, report.get("assignments").get("customers").asInt());
        java.util.Set<String> ids = new java.util.HashSet<>();
        report.get("segments").forEach(s -> ids.add(s.get("id").asText()));
        lines.stream().skip(1).forEach(l -> assertTrue(ids.contains(l.split(",")[1]), l));
        JsonNode gates = report.get("gates");
        // the gates either pass or say why (on this file: a silhouette near 0.2, below the default 0.25)
        assertTrue(gates.get("passed").asBoolean() || gates.get("reasons").get(0).asText().contains("silhouette"), gates.toString());
        JsonNode profile = report.get("segments").get(0).get("profile");
        assertEquals(java.util.Set.of("Male", "Female"), toSet(profile.get("Gender").fieldNames()));
        assertTrue(java.util.List.of("Low", "Average", "High").contains(profile.get("Spending_Score").get("level").asText()));
    }

    private static java.util.Set<String> toSet(java.util.Iterator<String> names) {
        java.util.Set<String> out = new java.util.HashSet<>();
        names.forEachRemaining(out::add);
        return out;
    }

    @Test
    void shouldRefuseToPublishWithoutBootstrapServer(@TempDir Path tmp) throws Exception {
        Path csv = Files.write(tmp.resolve("x.csv"), List.of("InvoiceNo,InvoiceDate,CustomerID,Quantity,UnitPrice"));
        assertEquals(2, new CommandLine(new ReportCommand()).execute("--csv", csv.toString(), "--publish"));
    }
}
