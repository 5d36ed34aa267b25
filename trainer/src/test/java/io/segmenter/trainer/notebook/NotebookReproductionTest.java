package io.segmenter.trainer.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.segmenter.trainer.Datasets;
import io.segmenter.trainer.model.Trainer;
import io.segmenter.trainer.report.ReportRunner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Every reference figure of datasets/README.md, from the JSON that {@code report --preset notebook} writes. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NotebookReproductionTest {

    private JsonNode report;
    private NotebookRfm.Steps steps;

    @BeforeAll
    void runNotebookPreset(@TempDir Path tmp) throws Exception {
        Path csv = Datasets.file("online_retail.csv.gz");
        steps = NotebookRfm.read(csv).steps();
        Path json = tmp.resolve("notebook.json");
        new ReportRunner(new Trainer()).run(new ReportRunner.Request(csv, ReportRunner.Preset.NOTEBOOK, null, null,
                NotebookRfm.options(), null, json, null, null));
        report = new ObjectMapper().readTree(json.toFile());
    }

    @Test
    void shouldCleanRowsLikeTheNotebook() {
        assertEquals(541_909, steps.rows());
        assertEquals(406_829, steps.withCustomer());
        assertEquals(401_604, steps.deduplicated());
        assertEquals(392_732, steps.positiveQuantity());
    }

    @Test
    void shouldCountCustomers() {
        assertEquals(4339, report.get("customers").asInt());
    }

    @Test
    void shouldComputeQuartileCutPoints() {
        JsonNode q = report.get("quantiles");
        assertNumbers(new double[] {18, 51, 142}, q.get("recency"), 1e-9);
        assertNumbers(new double[] {17, 41, 98}, q.get("frequency"), 1e-9);
        assertNumbers(new double[] {306.455, 668.56, 1660.315}, q.get("monetary"), 1e-6);
    }

    @Test
    void shouldCountNamedSegments() {
        JsonNode s = report.get("named_segments");
        assertEquals(450, s.get("Top tier").asInt());
        assertEquals(1080, s.get("Loyal").asInt());
        assertEquals(1085, s.get("High spenders").asInt());
        assertEquals(168, s.get("Inactive but potentially returning").asInt());
        assertEquals(381, s.get("Inactive and unlikely to return").asInt());
    }

    @Test
    void shouldMatchInertiaCurveWithinOnePercent() {
        double[] expected = {13017.0, 8990.8, 5446.5, 4011.2, 2960.6, 2374.0, 1926.0, 1684.3, 1501.1, 1313.4};
        JsonNode inertia = report.get("inertia_by_k");
        for (int k = 1; k <= 10; k++) {
            double actual = inertia.get(Integer.toString(k)).asDouble();
            assertEquals(expected[k - 1], actual, expected[k - 1] * 0.01, "inertia at k = " + k);
        }
    }

    @Test
    void shouldFindThreeClustersOfReferenceSizesAndSilhouette() {
        JsonNode clusters = report.get("clusters");
        assertEquals(3, clusters.get("k").asInt());
        List<Integer> sizes = new ArrayList<>();
        clusters.get("sizes").forEach(n -> sizes.add(n.asInt()));
        sizes.sort(null);
        assertEquals(List.of(13, 1080, 3246), sizes);
        assertEquals(0.6023, clusters.get("silhouette").asDouble(), 0.001);
        assertEquals(4339, clusters.get("silhouette_points").asInt());
    }

    private static void assertNumbers(double[] expected, JsonNode actual, double tolerance) {
        assertEquals(expected.length, actual.size());
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual.get(i).asDouble(), tolerance);
        }
    }
}
