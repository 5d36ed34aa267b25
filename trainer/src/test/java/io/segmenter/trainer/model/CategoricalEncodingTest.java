package io.segmenter.trainer.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segmenter.avro.FeatureKind;
import io.segmenter.avro.FeatureSpec;
import io.segmenter.avro.FeatureTransform;
import io.segmenter.avro.SegmentModel;
import io.segmenter.model.FeatureEncoding;
import io.segmenter.model.ModelValidator;
import io.segmenter.trainer.data.CustomerLevelCsv;
import io.segmenter.trainer.data.FeatureTable;
import io.segmenter.trainer.report.ReportRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One-hot and ordinal encoding on a tiny file worked by hand. After id a is replaced by its later row:
 *
 * <pre>
 * id  Color  Size  Weight
 * a   blue   M     1
 * b   red    M     (missing)
 * c   blue   L     3
 * d   green  M     5
 * e   (miss) S     7
 * </pre>
 *
 * With --max-categories 2: blue (2), then green and red (1 each, by name): blue and green keep a dimension, red
 * goes to (other); the missing Color is its own category. Size S&lt;M&lt;L is 1, 1, 2, 1, 0: mean 1, std
 * sqrt(0.4), the mode M (index 1) fills. Weight's median 4 fills b: 1, 4, 3, 5, 7, mean 4, std 2, no skew.
 */
class CategoricalEncodingTest {

    static final List<String> CSV = List.of("id,Color,Size,Weight", "a,red,S,1", "b,red,M,", "c,blue,L,3", "d,green,M,5", "e,,S,7",
            "a,blue,M,1");

    static final Encoding ENCODING = new Encoding(List.of(), Map.of("Size", List.of("S", "M", "L")), 2, Encoding.MissingCategory.OWN, 1.0);

    private static FeatureTable table(Path tmp) throws Exception {
        return CustomerLevelCsv.read(Files.write(tmp.resolve("tiny.csv"), CSV), "id");
    }

    @Test
    void readsIdsAsTheAttributesReplaySendsThem(@TempDir Path tmp) throws Exception {
        Path file = Files.write(tmp.resolve("ids.csv"), List.of("Cust,Age", "17850.0,30", ",40", "17851,50", "17850,31"));
        FeatureTable table = CustomerLevelCsv.read(file, CustomerLevelCsv.FIRST_COLUMN); // the first column by default
        assertEquals(List.of("17850", "17851"), table.ids(), "17850.0 is 17850, as replay --attributes keys it");
        assertTrue(table.notes().contains("1 rows without a customer id skipped"), table.notes().toString());
        assertTrue(table.notes().contains("1 rows replaced earlier rows of the same id"), table.notes().toString());
    }

    @Test
    void shouldEncodeNominalOrdinalAndNumericColumnsAsWorkedByHand(@TempDir Path tmp) throws Exception {
        FeatureTable table = table(tmp);
        assertEquals(List.of("a", "b", "c", "d", "e"), table.ids(), "a later row replaces the earlier, in its place");
        assertTrue(table.notes().contains("1 rows replaced earlier rows of the same id"), table.notes().toString());
        Prepared p = Preprocessor.prepare(table, MissingValues.IMPUTE_MEDIAN, Map.of(), true, ENCODING);
        assertEquals(List.of("Color=blue", "Color=green", "Color=(other)", "Color=(missing)", "Size", "Weight"), p.names());
        List<FeatureSpec> s = p.specs();
        for (int j = 0; j < 4; j++) {
            FeatureSpec f = s.get(j);
            assertEquals(FeatureKind.CATEGORY, f.getKind());
            assertEquals("Color", f.getSource());
            assertEquals(0.0, f.getMean());
            assertEquals(Math.sqrt(2), f.getStd(), 1e-15);
            assertEquals(j == 3 ? 1.0 : 0.0, f.getFill(), "a missing Color sets (missing) only");
        }
        assertEquals(Arrays.asList("blue", "green", null, FeatureEncoding.MISSING), s.subList(0, 4).stream().map(FeatureSpec::getCategory).toList());
        FeatureSpec size = s.get(4);
        assertEquals(FeatureKind.ORDINAL, size.getKind());
        assertEquals(List.of("S", "M", "L"), size.getLevels());
        assertEquals(1.0, size.getMean(), 1e-15);
        assertEquals(Math.sqrt(0.4), size.getStd(), 1e-15);
        assertEquals(1.0, size.getFill());
        FeatureSpec weight = s.get(5);
        assertEquals(FeatureKind.NUMERIC, weight.getKind());
        assertEquals(FeatureTransform.NONE, weight.getTransform());
        assertEquals(4.0, weight.getMean(), 1e-15);
        assertEquals(2.0, weight.getStd(), 1e-15);
        assertEquals(4.0, weight.getFill());
        assertArrayEquals(new double[] {0, 0, 1, 0, 1, 4}, p.raw()[1], "b: red is (other), M is 1, Weight imputed 4");
        assertArrayEquals(new double[] {0, 0, 0, 1, 0, 7}, p.raw()[4], "e: Color missing, S is 0");
        assertArrayEquals(new double[] {0, 0, 1 / Math.sqrt(2), 0, 0, 0}, p.scaled()[1], 1e-15);
    }

    @Test
    void shouldImputeAMissingCategoryWithTheModeWhenAsked(@TempDir Path tmp) throws Exception {
        Encoding mode = new Encoding(List.of("Color", "Weight"), Map.of(), 2, Encoding.MissingCategory.MODE, 0.5);
        Prepared p = Preprocessor.prepare(table(tmp), MissingValues.IMPUTE_MEDIAN, Map.of(), true, mode);
        assertEquals(List.of("Color=blue", "Color=green", "Color=(other)", "Weight"), p.names(), "--features chooses and orders");
        assertEquals(List.of(1.0, 0.0, 0.0), p.specs().subList(0, 3).stream().map(FeatureSpec::getFill).toList(), "blue is the mode");
        assertEquals(Math.sqrt(2) / 0.5, p.specs().get(0).getStd(), 1e-15);
        assertArrayEquals(new double[] {1, 0, 0, 7}, p.raw()[4]);
    }

    @Test
    void shouldScoreEveryCustomerOnceIntoTheAssignmentsFile(@TempDir Path tmp) throws Exception {
        Path csv = Files.write(tmp.resolve("tiny.csv"), CSV);
        Path out = tmp.resolve("out").resolve("assignments.csv");
        TrainerOptions options = TrainerOptions.customerLevelDefaults("tiny").withEncoding(ENCODING).withKRange(2, 2);
        ReportRunner.Outcome o = new ReportRunner(new Trainer()).run(new ReportRunner.Request(csv, ReportRunner.Preset.DEFAULT, "id",
                null, options, null, null, null, null, out));
        SegmentModel model = o.result().model();
        assertTrue(ModelValidator.check(model, null).isEmpty(), () -> ModelValidator.check(model, null).toString());
        List<String> lines = Files.readAllLines(out);
        assertEquals("customer_id,segment_id,segment_label,distance,margin,Color,Size,Weight", lines.get(0));
        assertEquals(6, lines.size());
        Set<String> customers = new HashSet<>();
        Set<String> segments = new HashSet<>();
        model.getCentroids().forEach(c -> segments.add(Integer.toString(c.getSegmentId())));
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            assertTrue(customers.add(f[0]), "once: " + f[0]);
            assertTrue(segments.contains(f[1]), line);
        }
        assertEquals(Set.of("a", "b", "c", "d", "e"), customers);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("b,") && l.endsWith(",red,M,4.0")), "b's values as used: " + lines);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("e,") && l.endsWith(",(missing),S,7.0")), "e's values as used: " + lines);
        assertNull(o.assignments().unscorable().get("Color"));
        assertEquals(5, o.assignments().written());
    }
}
