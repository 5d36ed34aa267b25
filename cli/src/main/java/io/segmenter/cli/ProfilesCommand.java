package io.segmenter.cli;

import io.segmenter.avro.CustomerProfile;
import io.segmenter.cli.profiles.ProfilesCsv;
import io.segmenter.trainer.kafka.ProfileSnapshotReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./segmenter profiles}: exports the current customer profiles from the compacted topic as CSV. */
@Command(
        name = "profiles",
        header = "Export the current customer profiles to CSV.",
        mixinStandardHelpOptions = true,
        description = {
            "Writes the current customer profiles (the compacted customer-profiles topic, read from the beginning to the end offsets seen at start, read_committed; last value per customer, tombstones remove) to a CSV, one row per customer sorted by customer id."
        },
        sortOptions = false)
public final class ProfilesCommand implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka = new KafkaOptions();

    @Option(names = "--csv", required = true, paramLabel = "OUT", description = "CSV file to write ('-' for stdout).")
    Path out;

    @Option(names = "--topic", defaultValue = "customer-profiles", description = "Profiles topic (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--timeout", defaultValue = "PT2M", description = "Give up when the read makes no progress for this long (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> config = kafka.clientConfig();
        SortedMap<String, CustomerProfile> profiles;
        try {
            profiles = new TreeMap<>(new ProfileSnapshotReader(config, timeout).read(topic, (read, total) -> { }).profiles());
        } catch (IllegalStateException | org.apache.kafka.common.errors.TimeoutException e) {
            System.err.println("profiles: " + e.getMessage());
            return 2;
        }
        if (out.toString().equals("-")) {
            Writer w = new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8);
            ProfilesCsv.write(profiles.values(), w);
            w.flush();
        } else {
            try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
                ProfilesCsv.write(profiles.values(), w);
            }
            System.err.println("profiles: wrote " + profiles.size() + " customers to " + out);
        }
        return 0;
    }
}
