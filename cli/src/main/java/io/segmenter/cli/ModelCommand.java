package io.segmenter.cli;

import io.segmenter.avro.SegmentModel;
import io.segmenter.trainer.job.ModelRollback;
import io.segmenter.trainer.kafka.ModelPublisher;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./segmenter model versions|rollback|shadow}: the version history of a model, a return to an earlier
 * version, and a candidate version scored beside the live one without emitting.
 */
@Command(
        name = "model",
        header = "List a model's published versions, roll back to one, or score one in shadow.",
        mixinStandardHelpOptions = true,
        description = {
            "Every published version is kept in <models-topic>-history (compacted, key name@version).",
            "rollback republishes an earlier version as the newest version; the app hot-swaps to it and re-scores every customer.",
            "shadow makes the app score a version beside the live model without emitting; GET /models/NAME/shadow shows the agreement."
        },
        subcommands = {ModelCommand.Versions.class, ModelCommand.Rollback.class, ModelCommand.Shadow.class})
public final class ModelCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** The options both subcommands take. */
    static final class Target {
        @Mixin
        KafkaOptions kafka = new KafkaOptions();

        @Mixin
        ModelsTopicOption modelsTopic = new ModelsTopicOption();

        @Parameters(index = "0", paramLabel = "NAME", description = "Model name, e.g. rfm.")
        String name;
    }

    @Command(name = "versions", mixinStandardHelpOptions = true, header = "List every published version of a model, with its quality.")
    static final class Versions implements Callable<Integer> {
        @Mixin
        Target target = new Target();

        @Override
        public Integer call() {
            try (ModelPublisher models = new ModelPublisher(target.kafka.clientConfig(), target.modelsTopic.topic())) {
                List<SegmentModel> versions = models.versions(target.name);
                if (versions.isEmpty()) {
                    throw new IllegalArgumentException("no version of model " + target.name + " in " + target.modelsTopic.topic() + "-history");
                }
                long inUse = models.latest(target.name).map(SegmentModel::getVersion).orElse(-1L);
                long shadow = models.shadow(target.name).map(SegmentModel::getVersion).orElse(-1L);
                System.out.println("version  trained at                 snapshot     k  silhouette  moved    note");
                for (SegmentModel m : versions) {
                    String moved = m.getExpectedMovement() == null ? "-" : String.format(Locale.ROOT, "%.1f %%",
                            100.0 * m.getExpectedMovement().getMoved() / Math.max(1, m.getExpectedMovement().getCustomers()));
                    System.out.println(String.format(Locale.ROOT, "%7d  %-25s  %8d  %3d  %10.4f  %7s  %s", m.getVersion(), m.getTrainedAt(),
                            m.getSnapshotSize(), m.getQuality().getK(), m.getQuality().getSilhouette(), moved,
                            m.getVersion() == inUse ? "in use" : m.getVersion() == shadow ? "shadow" : ""));
                }
                return 0;
            }
        }
    }

    @Command(name = "rollback", mixinStandardHelpOptions = true, header = "Republish an earlier version as the newest.")
    static final class Rollback implements Callable<Integer> {
        @Mixin
        Target target = new Target();

        @Option(names = "--to", required = true, paramLabel = "VERSION", description = "The version to return to.")
        long to;

        @Override
        public Integer call() {
            try (ModelPublisher models = new ModelPublisher(target.kafka.clientConfig(), target.modelsTopic.topic())) {
                SegmentModel back = ModelRollback.of(target.name, to, models.versions(target.name), models.latest(target.name));
                models.publish(back);
                System.out.println("Published " + target.name + " version " + back.getVersion() + " with the centroids of version " + to
                        + " (was version " + back.getPreviousVersion() + ")");
                return 0;
            }
        }
    }

    @Command(name = "shadow", mixinStandardHelpOptions = true, header = "Score a version beside the live model without emitting, or stop.",
            description = {
                "The app scores every customer with VERSION as well as with the live model and emits nothing for it.",
                "The agreement (share of customers both put in the same segment, and every live -> candidate pair) is at",
                "GET /models/NAME/shadow and in segmenter_shadow_customers. Promote it with: model rollback NAME --to VERSION."
            })
    static final class Shadow implements Callable<Integer> {
        @Mixin
        Target target = new Target();

        @Parameters(index = "1", arity = "0..1", paramLabel = "VERSION", description = "The version from the history to score in shadow.")
        Long version;

        @Option(names = "--stop", description = "End the shadow scoring of NAME.")
        boolean stop;

        @Override
        public Integer call() {
            if (stop == (version != null)) {
                throw new IllegalArgumentException("give either a VERSION to score in shadow or --stop, e.g. model shadow "
                        + target.name + " 3");
            }
            try (ModelPublisher models = new ModelPublisher(target.kafka.clientConfig(), target.modelsTopic.topic())) {
                if (stop) {
                    models.shadow(target.name, null);
                    System.out.println("Ended the shadow scoring of " + target.name);
                    return 0;
                }
                List<SegmentModel> history = models.versions(target.name);
                SegmentModel candidate = history.stream().filter(m -> m.getVersion() == version).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("model " + target.name + " has no version " + version
                                + " in its history (versions: " + history.stream().map(m -> Long.toString(m.getVersion())).toList() + ")"));
                long live = models.latest(target.name).map(SegmentModel::getVersion)
                        .orElseThrow(() -> new IllegalArgumentException("no model " + target.name + " is published; there is nothing to compare with"));
                if (live == version) {
                    throw new IllegalArgumentException("version " + version + " of " + target.name + " is the one in use; shadow another version");
                }
                models.shadow(target.name, candidate);
                System.out.println("The app now scores " + target.name + " version " + version + " beside version " + live
                        + " without emitting; the agreement is at GET /models/" + target.name + "/shadow");
                return 0;
            }
        }
    }
}
