package io.segmenter.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import io.segmenter.serde.TrustedClasses;
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
            ModelCommand.class,
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

    static {
        TrustedClasses.ensure(); // before any command builds a record
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The whole tool, as {@code main} runs it: a user error ends in one line naming the command, not a stack trace. */
    public static CommandLine commandLine() {
        return new CommandLine(new SegmenterCli())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(SegmenterCli::oneLine);
    }

    /**
     * Errors of configuration, input or the cluster (bad settings, a missing or unreadable file, wrong
     * credentials, no broker) are the user's to fix: one line and exit 2 (input) or 1 (cluster). Anything else is a bug and
     * keeps its stack trace.
     */
    private static int oneLine(Exception e, CommandLine command, CommandLine.ParseResult parsed) throws Exception {
        int code;
        if (e instanceof ConfigException || e instanceof IllegalArgumentException || e instanceof IllegalStateException
                || e instanceof IOException || e instanceof UncheckedIOException) {
            code = 2;
        } else if (e instanceof KafkaException) {
            code = 1;
        } else {
            throw e;
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof NoSuchFileException) {
            message = "no such file: " + message;
        } else if (e instanceof IOException || e instanceof UncheckedIOException) {
            message = "cannot read input: " + message; // e.g. a .gz file that is not gzip
        }
        command.getErr().println(command.getCommandSpec().qualifiedName() + ": " + message.lines().findFirst().orElse(message));
        return code;
    }
}
