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

/** {@code ./segmenter model versions|rollback}: the version history of a model, and a return to an earlier version. */
@Command(
        name = "model",
        header = "List a model's published versions, or roll back to one.",
        mixinStandardHelpOptions = true,
        description = {
            "Every published version is kept in <models-topic>-history (compacted, key name@version).",
            "rollback republishes an earlier version as the newest version; the app hot-swaps to it and re-scores every customer."
        },
        subcommands = {ModelCommand.Versions.class, ModelCommand.Rollback.class})
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
                System.out.println("version  trained at                 snapshot     k  silhouette  moved    note");
                for (SegmentModel m : versions) {
                    String moved = m.getExpectedMovement() == null ? "-" : String.format(Locale.ROOT, "%.1f %%",
                            100.0 * m.getExpectedMovement().getMoved() / Math.max(1, m.getExpectedMovement().getCustomers()));
                    System.out.println(String.format(Locale.ROOT, "%7d  %-25s  %8d  %3d  %10.4f  %7s  %s", m.getVersion(), m.getTrainedAt(),
                            m.getSnapshotSize(), m.getQuality().getK(), m.getQuality().getSilhouette(), moved,
                            m.getVersion() == inUse ? "in use" : ""));
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
}
