package io.segmenter.trainer.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.segmenter.avro.SegmentModel;
import io.segmenter.trainer.data.CustomerLevelCsv;
import io.segmenter.trainer.data.FeatureTable;
import io.segmenter.trainer.data.TransactionRfm;
import io.segmenter.trainer.model.Trainer;
import io.segmenter.trainer.model.TrainerOptions;
import io.segmenter.trainer.model.TrainingResult;
import io.segmenter.trainer.notebook.NotebookRfm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The batch report over a CSV file: read, train, gate, then write JSON, charts and the text report. */
public final class ReportRunner {

    public enum Preset {
        /** The project's pipeline: purchases per invoice, refunds applied, log1p, chosen k. */
        DEFAULT,
        /** The reference notebook's definitions (lines, raw features, k = 3, full silhouette). */
        NOTEBOOK
    }

    /**
     * @param idColumn set for a customer-level file (one row per customer, numeric columns as features)
     * @param previous the model to match segment ids against, or null
     * @param jsonOut where to write the JSON report, or null
     * @param chartDir where to write PNG charts, or null
     */
    public record Request(Path csv, Preset preset, String idColumn, TransactionRfm.Options transactions,
            TrainerOptions options, SegmentModel previous, Path jsonOut, Path chartDir) {}

    public record Outcome(TrainingResult result, Map<String, Object> report, String text, List<Path> charts) {}

    private final Trainer trainer;

    public ReportRunner(Trainer trainer) {
        this.trainer = trainer;
    }

    public Outcome run(Request q) throws IOException {
        FeatureTable table;
        long snapshot;
        TrainerOptions options = q.options();
        if (q.preset() == Preset.NOTEBOOK) {
            NotebookRfm.Result nb = NotebookRfm.read(q.csv());
            table = nb.table();
            snapshot = nb.snapshotMillis();
        } else if (q.idColumn() != null) {
            table = CustomerLevelCsv.read(q.csv(), q.idColumn());
            snapshot = System.currentTimeMillis();
        } else {
            TransactionRfm.Result read = TransactionRfm.read(q.csv(), q.transactions());
            table = read.table();
            snapshot = read.nowMillis();
        }
        TrainingResult result = trainer.train(table, snapshot, q.previous(), options);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("source", table.source());
        report.putAll(BatchReport.of(q.preset().name().toLowerCase(java.util.Locale.ROOT), result));
        List<Path> charts = q.chartDir() == null ? List.of() : Charts.write(result, q.chartDir(), "");
        if (!charts.isEmpty()) {
            report.put("charts", charts.stream().map(Path::toString).toList());
        }
        if (q.jsonOut() != null) {
            if (q.jsonOut().toAbsolutePath().getParent() != null) {
                Files.createDirectories(q.jsonOut().toAbsolutePath().getParent());
            }
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(q.jsonOut().toFile(), report);
        }
        return new Outcome(result, report, TextReport.render(table.source(), report, result), charts);
    }
}
