package io.segmenter.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code ./segmenter}: one subcommand per job, each with its own {@code --help}. */
@Command(
        name = "segmenter",
        mixinStandardHelpOptions = true,
        version = "segmenter 0.1.0",
        description = "Real-time customer segmentation on Kafka Streams.",
        footer = {
            "",
            "The launcher script also runs these (they need Maven, not the built jar):",
            "  test     the whole test suite (mvn verify)",
            "  build    build the project (mvn package, tests skipped)",
            "  bench    stream benchmarks: bench [streams|latency|restore] [key=value ...]",
        },
        subcommands = {
            CommandLine.HelpCommand.class,
            DemoCommand.class,
            RunCommand.class,
            TrainCommand.class,
            ReportCommand.class,
            ReplayCommand.class,
            ProfilesCommand.class,
            BrokerCommand.class,
            RegistryCommand.class,
        })
public final class SegmenterCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        int code = new CommandLine(new SegmenterCli()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
        System.exit(code);
    }
}
