package io.segmenter.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segmenter.app.SegmenterApp;
import io.segmenter.app.config.SegmenterConfig;
import io.segmenter.broker.EmbeddedKafkaBroker;
import io.segmenter.broker.SaslUser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The whole flow against a secured cluster, configured by one client properties file: a local broker with
 * a SASL/PLAIN listener (as {@code ./segmenter broker --sasl-user --sasl-password} runs it), the app with
 * {@code --command-config}, then {@code replay}, {@code train} and {@code profiles} with the same file. A
 * wrong password ends each command within seconds with one line that says so, not a hang or a stack trace.
 */
class SaslFlowIT {

    private static final Duration LONG = Duration.ofMinutes(3);
    /** A wrong password must be reported well before any client timeout (the defaults are a minute or more). */
    private static final long FAIL_FAST_SECONDS = 30;

    @TempDir
    static Path dir;
    private static EmbeddedKafkaBroker broker;
    private static Path good;
    private static Path bad;

    @BeforeAll
    static void startSecuredBroker() throws IOException {
        broker = EmbeddedKafkaBroker.start(0, dir.resolve("broker"), Map.of(), new SaslUser("segmenter", "s3cret"));
        good = write("good.properties", broker.clientConfig());
        Map<String, String> wrong = new HashMap<>(broker.clientConfig());
        wrong.putAll(new SaslUser("segmenter", "not-the-password").clientConfig());
        bad = write("bad.properties", wrong);
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void shouldRunReplayAppTrainerAndExportWithOneClientConfigFile() throws Exception {
        Path csv = dir.resolve("retail.csv");
        int customers = RetailCsv.write(csv);
        Map<String, String> appSettings = Map.of(SegmenterConfig.APPLICATION_ID, "sasl-app", SegmenterConfig.TOPIC_PARTITIONS, "3",
                SegmenterConfig.STATE_DIR, dir.resolve("state").toString(), SegmenterConfig.CLOCK, SegmenterConfig.CLOCK_STREAM,
                SegmenterConfig.TICK_INTERVAL_MS, "500", SegmenterConfig.HTTP_PORT, "0",
                SegmenterConfig.EVENT_TIME_MAX_FUTURE_MS, Long.toString(Duration.ofDays(36_500).toMillis()));
        // the app reads the same file as the tools (run --command-config); no plaintext listener exists to fall back on
        try (SegmenterApp app = new SegmenterApp(SegmenterConfig.load(good, Map.of(), appSettings))) {
            app.start();

            Result replay = cli("replay", "--command-config", good.toString(), "--csv", csv.toString());
            assertEquals(0, replay.code(), replay.output());

            await().atMost(LONG).until(() -> cli("profiles", "--command-config", good.toString(), "--csv", dir.resolve("p.csv").toString())
                    .code() == 0 && Files.readAllLines(dir.resolve("p.csv")).size() == customers + 1);

            Result train = cli("train", "--command-config", good.toString(), "--once", "--snapshot-timeout", "60s");
            assertEquals(0, train.code(), train.output());
            assertTrue(train.output().contains("Published version 1"), train.output());
            await().atMost(LONG).until(() -> app.models().scoring() != null);
            await().atMost(LONG).until(app::isReady);
        }
    }

    @Test
    void shouldEndEveryCommandWithOneClearLineOnAWrongPassword() throws Exception {
        Path csv = dir.resolve("wrong.csv");
        RetailCsv.write(csv);
        for (List<String> command : List.of(
                List.of("replay", "--command-config", bad.toString(), "--csv", csv.toString()),
                List.of("train", "--command-config", bad.toString(), "--once"),
                List.of("profiles", "--command-config", bad.toString(), "--csv", dir.resolve("never.csv").toString()),
                List.of("run", "--command-config", bad.toString(), "-D", SegmenterConfig.STATE_DIR + "=" + dir.resolve("bad-state"),
                        "-D", SegmenterConfig.HTTP_PORT + "=0"))) {
            Result r = cli(command.toArray(String[]::new));
            assertNotEquals(0, r.code(), command + ": " + r.output());
            assertTrue(r.output().contains("Authentication failed") || r.output().contains("authentication failed"),
                    command + " does not say the credentials are wrong: " + r.output());
            assertFalse(r.output().contains("\tat ") || r.output().contains("Exception in thread"), command + " printed a stack trace: " + r.output());
        }
    }

    /** What a command printed (stdout and stderr) and its exit code, bounded by {@link #FAIL_FAST_SECONDS} for failures. */
    private record Result(int code, String output) {}

    private static synchronized Result cli(String... args) throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream tee = new PrintStream(captured, true, StandardCharsets.UTF_8);
        PrintStream out = System.out;
        PrintStream err = System.err;
        StringWriter picocliErr = new StringWriter();
        ExecutorService runner = Executors.newSingleThreadExecutor();
        try {
            System.setOut(tee);
            System.setErr(tee);
            CommandLine cli = SegmenterCli.commandLine();
            cli.setErr(new PrintWriter(picocliErr, true));
            Future<Integer> code = runner.submit(() -> cli.execute(args));
            int exit = code.get(List.of(args).contains(bad.toString()) ? FAIL_FAST_SECONDS : LONG.toSeconds(), TimeUnit.SECONDS);
            return new Result(exit, captured.toString(StandardCharsets.UTF_8) + picocliErr);
        } finally {
            runner.shutdownNow();
            System.setOut(out);
            System.setErr(err);
        }
    }

    private static Path write(String name, Map<String, String> settings) throws IOException {
        Properties p = new Properties();
        p.putAll(settings);
        Path file = dir.resolve(name);
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            p.store(w, null);
        }
        return file;
    }
}
