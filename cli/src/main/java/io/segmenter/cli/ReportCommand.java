package io.segmenter.cli;

import io.segmenter.avro.SegmentModel;
import io.segmenter.csv.CsvMapping;
import io.segmenter.trainer.data.CustomerLevelCsv;
import io.segmenter.trainer.data.TransactionRfm;
import io.segmenter.trainer.kafka.ModelPublisher;
import io.segmenter.trainer.model.Trainer;
import io.segmenter.trainer.model.TrainerOptions;
import io.segmenter.trainer.notebook.NotebookRfm;
import io.segmenter.trainer.report.ReportRunner;
import io.segmenter.trainer.report.TransitionsSince;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./segmenter report}: the training pipeline in batch over a CSV file, with a text, JSON and chart report. */
@Command(
        name = "report",
        header = "Run the trainer's pipeline in batch over a CSV, with a report and charts.",
        mixinStandardHelpOptions = true,
        description = {
            "Segments the customers of a CSV file and reports: the same pipeline as the trainer, in batch.",
            "Transaction-level files (default; column flags fit UCI Online Retail): one transaction per invoice, C-prefixed invoices are refunds; features recency_days, frequency, monetary at the file's last event time.",
            "For them the report adds revenue and average order value per segment, and the customers' segment transitions since --transitions-since.",
            "Customer-level files (--customer-level --id-column ID): every column is a feature (--features to choose): numbers standardised, text one-hot encoded, --ordinal ones as ordered levels; a later row of the same id replaces the earlier.",
            "--preset notebook reproduces the reference notebook's RFM definitions (Online Retail only)."
        },
        sortOptions = false)
public final class ReportCommand implements Callable<Integer> {

    @Option(names = "--csv", required = true, paramLabel = "FILE", description = "Input CSV; gzip when the name ends in .gz.")
    Path csv;

    @Option(names = "--preset", defaultValue = "DEFAULT", description = "DEFAULT or NOTEBOOK (default: ${DEFAULT-VALUE}).")
    ReportRunner.Preset preset;

    @Option(names = "--json", paramLabel = "OUT", description = "Write the whole report as JSON.")
    Path json;

    @Option(names = "--out", paramLabel = "DIR", description = "Write PNG charts (elbow, silhouette, sizes, scatter) here.")
    Path out;

    @Option(names = "--assignments", paramLabel = "OUT.csv",
            description = "Write one row per customer: customer_id,segment_id,segment_label,distance,margin and the feature values used, scored with the model's encoding and scorer.")
    Path assignments;

    @Option(names = "--customer-level", description = "One row per customer; numeric columns are numbers, other columns categories (--ordinal for ordered ones).")
    boolean customerLevel;

    @Option(names = "--id-column", description = "Customer id column of a customer-level file (default: the first column, as replay --attributes).")
    String idColumn;

    @Option(names = "--model-name", description = "Model name (default: rfm, or the file name for customer-level files).")
    String modelName;

    @Mixin
    CsvMappingOptions columns = new CsvMappingOptions();

    @Option(names = "--horizon-days", defaultValue = "365",
            description = "Frequency and monetary over the last N days, as the app's horizon.days; 0 = lifetime (default: ${DEFAULT-VALUE}).")
    int horizonDays;

    @Option(names = "--bucket-days", defaultValue = "7",
            description = "The app's bucket.days: the horizon is counted in whole buckets (default: ${DEFAULT-VALUE}).")
    int bucketDays;

    @Option(names = "--now", paramLabel = "INSTANT", description = "Compute recency at this ISO instant (default: the file's last event time).")
    Instant now;

    @Option(names = "--transitions-since", paramLabel = "WHEN", defaultValue = TransitionsSince.DEFAULT,
            description = "Segment transitions from WHEN to the end (transaction files): an ISO date or instant, a duration back "
                    + "from the end (90d, 12h, P7D), or " + TransitionsSince.OFF + " (default: ${DEFAULT-VALUE}).")
    String transitionsSince;

    @Mixin
    TrainingOptions training;

    @Option(names = "--publish", description = "Publish the model to Kafka when it passes the quality gates.")
    boolean publish;

    @Mixin
    KafkaOptions kafka = new KafkaOptions();

    @Mixin
    ModelsTopicOption modelsTopic = new ModelsTopicOption();

    @Override
    public Integer call() throws Exception {
        try {
            return report();
        } catch (IllegalArgumentException | org.apache.kafka.common.KafkaException e) { // ConfigException is a KafkaException
            System.err.println("report: " + e.getMessage());
            return 2;
        }
    }

    private int report() throws Exception {
        System.setProperty("java.awt.headless", "true");
        if (!Files.isReadable(csv)) {
            System.err.println("report: cannot read " + csv);
            return 2;
        }
        TransitionsSince since;
        try {
            since = TransitionsSince.parse(transitionsSince);
        } catch (IllegalArgumentException e) {
            System.err.println("report: --transitions-since " + e.getMessage());
            return 2;
        }
        Map<String, Object> client = publish ? kafka.clientConfig() : Map.of();
        TrainerOptions options;
        TransactionRfm.Options transactions = null;
        String id = null;
        if (preset == ReportRunner.Preset.NOTEBOOK) {
            options = NotebookRfm.options();
        } else if (customerLevel) {
            id = idColumn == null ? CustomerLevelCsv.FIRST_COLUMN : idColumn;
            // the file name as model name, in the characters a model key allows
            String name = modelName != null ? modelName
                    : csv.getFileName().toString().replaceAll("\\.csv(\\.gz)?$", "").replaceAll("[^A-Za-z0-9._-]", "_");
            name = name.substring(0, Math.min(100, name.length()));
            options = training.apply(TrainerOptions.customerLevelDefaults(name));
        } else {
            options = training.apply(TrainerOptions.rfmDefaults());
            CsvMapping mapping;
            try {
                mapping = columns.mapping();
            } catch (IllegalArgumentException e) {
                System.err.println("report: " + e.getMessage());
                return 2;
            }
            transactions = new TransactionRfm.Options(mapping, horizonDays, bucketDays, now == null ? null : now.toEpochMilli());
        }
        SegmentModel previous = null;
        if (publish) {
            try (ModelPublisher models = new ModelPublisher(client, modelsTopic.topic())) {
                previous = models.latest(options.modelName()).orElse(null);
            }
        }
        Trainer trainer = new Trainer(Clock.systemUTC(), m -> System.err.print("\r" + m + "   "));
        ReportRunner.Outcome outcome = new ReportRunner(trainer).run(new ReportRunner.Request(csv, preset, id, transactions,
                options, previous, json, out, since, assignments));
        System.err.print("\r" + " ".repeat(70) + "\r");
        System.out.print(outcome.text());
        List<Path> charts = outcome.charts();
        if (!charts.isEmpty()) {
            System.out.println("\nCharts:");
            charts.forEach(p -> System.out.println("  " + p));
        }
        if (json != null) {
            System.out.println("JSON report: " + json);
        }
        if (outcome.assignments() != null) {
            System.out.println("Assignments: " + assignments + " (" + outcome.assignments().describe() + ")");
        } else if (assignments != null) {
            System.out.println("Assignments: not written, no usable model was fitted (see the quality gates).");
        }
        if (publish) {
            if (!outcome.result().publishable()) {
                System.out.println("Not published: the model failed the quality gates.");
                return 1;
            }
            try (ModelPublisher models = new ModelPublisher(client, modelsTopic.topic())) {
                models.publish(outcome.result().model());
            }
            System.out.println("Published " + options.modelName() + " version " + outcome.result().model().getVersion()
                    + " to " + modelsTopic.topic());
        }
        return 0;
    }
}
