package io.segmenter.trainer.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.segmenter.avro.SegmentModel;
import io.segmenter.trainer.data.CustomerLevelCsv;
import io.segmenter.trainer.data.FeatureTable;
import io.segmenter.trainer.data.TransactionHistory;
import io.segmenter.trainer.data.TransactionRfm;
import io.segmenter.trainer.model.Trainer;
import io.segmenter.trainer.model.TrainerOptions;
import io.segmenter.trainer.model.TrainingResult;
import io.segmenter.trainer.notebook.NotebookRfm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
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
     * @param transitionsSince where the segment transitions of a transaction file start; null = none
     * @param assignmentsOut where to write one row per customer with its segment, or null
     */
    public record Request(Path csv, Preset preset, String idColumn, TransactionRfm.Options transactions,
            TrainerOptions options, SegmentModel previous, Path jsonOut, Path chartDir, TransitionsSince transitionsSince,
            Path assignmentsOut) {

        public Request(Path csv, Preset preset, String idColumn, TransactionRfm.Options transactions, TrainerOptions options,
                SegmentModel previous, Path jsonOut, Path chartDir, TransitionsSince transitionsSince) {
            this(csv, preset, idColumn, transactions, options, previous, jsonOut, chartDir, transitionsSince, null);
        }
    }

    /** @param assignments what {@code --assignments} wrote, or null */
    public record Outcome(TrainingResult result, Map<String, Object> report, String text, List<Path> charts,
            Assignments.Summary assignments) {}

    private final Trainer trainer;

    public ReportRunner(Trainer trainer) {
        this.trainer = trainer;
    }

    public Outcome run(Request q) throws IOException {
        FeatureTable table;
        long snapshot;
        TransactionHistory history = null;
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
            history = read.history();
        }
        // a file without customers has no end to count back from (nor anything to fit)
        Long since = history == null || table.size() == 0 || q.transitionsSince() == null ? null : q.transitionsSince().resolve(snapshot);
        if (since != null && since >= snapshot) { // checked before the fit: a mistake should not cost a training run
            throw new IllegalArgumentException("transitions since " + Instant.ofEpochMilli(since) + " would start at or after the end of "
                    + "the data (" + Instant.ofEpochMilli(snapshot) + "): give an earlier --transitions-since");
        }
        TrainingResult result = trainer.train(table, snapshot, q.previous(), options);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("source", table.source());
        report.putAll(BatchReport.of(q.preset().name().toLowerCase(java.util.Locale.ROOT), result));
        RevenueSections revenue = revenueSections(q, result, history, snapshot, since);
        revenue.addTo(report);
        List<Path> charts = new ArrayList<>();
        if (q.chartDir() != null) {
            charts.addAll(Charts.write(result, q.chartDir(), ""));
            if (revenue.revenue() != null) {
                charts.add(Charts.revenue(revenue.revenue(), q.chartDir(), ""));
            }
        }
        if (!charts.isEmpty()) {
            report.put("charts", charts.stream().map(Path::toString).toList());
        }
        Assignments.Summary assignments = null;
        if (q.assignmentsOut() != null && result.model() != null
                && io.segmenter.model.ModelValidator.check(result.model(), null).isEmpty()) { // else the gates say why
            assignments = Assignments.write(q.assignmentsOut(), result.model(), table);
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("file", q.assignmentsOut().toString());
            a.put("customers", assignments.written());
            a.put("unscorable", assignments.unscorable());
            report.put("assignments", a);
        }
        if (q.jsonOut() != null) {
            if (q.jsonOut().toAbsolutePath().getParent() != null) {
                Files.createDirectories(q.jsonOut().toAbsolutePath().getParent());
            }
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(q.jsonOut().toFile(), report);
        }
        return new Outcome(result, report, TextReport.render(table.source(), report, result, revenue), charts, assignments);
    }

    /** Revenue per segment and the transitions for a transaction file; otherwise one line saying why there are none. */
    private static RevenueSections revenueSections(Request q, TrainingResult result, TransactionHistory history, long end,
            Long since) {
        if (result.model() == null) {
            return RevenueSections.none(null); // nothing was fitted: the gates say why
        }
        if (history == null) {
            return RevenueSections.none(q.preset() == Preset.NOTEBOOK
                    ? "Revenue and transitions: not reported with --preset notebook: its frequency counts lines, not invoices, and its"
                            + " features are not the app's profiles (the default preset reports both)"
                    : "Revenue and transitions: not reported for a customer-level file: it has one row of features per customer, no"
                            + " transactions to sum or to fold as of an earlier instant");
        }
        SegmentRevenue revenue = SegmentRevenue.of(result.model(), result.segmentOfRow(), result.prepared().raw(),
                q.transactions().mapping().currency());
        int horizon = q.transactions().horizonDays();
        String basis = "net spend (purchases minus refunds) and purchases over the features' horizon: "
                + (horizon <= 0 ? "lifetime" : horizon + " days in " + history.bucketDays() + "-day buckets")
                + " up to " + Instant.ofEpochMilli(end);
        if (since == null) {
            return new RevenueSections(revenue, basis, null, null, "Transitions: off (--transitions-since " + TransitionsSince.OFF + ")");
        }
        SegmentTransitions transitions = SegmentTransitions.of(result.model(), history.bucketDays(), since, end,
                history.profilesAsOf(since), history.profilesAt(end));
        return new RevenueSections(revenue, basis, transitions, q.transitionsSince().describe(), null);
    }
}
