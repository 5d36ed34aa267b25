package io.segmenter.cli;

import io.segmenter.app.SegmenterApp;
import io.segmenter.app.config.SegmenterConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code segmenter run}: the streaming application, until SIGTERM or Ctrl-C. */
@Command(
        name = "run",
        header = "Run the streaming app (profiles, segments, HTTP API, metrics).",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the streaming segmenter: folds transactions into RFM profiles and emits segment changes.",
            "Creates missing topics first; stops cleanly on SIGTERM or Ctrl-C.",
            "Every config key a.b.c, and every Kafka client or registry setting (sasl.jaas.config, ssl.truststore.location, schema.registry.basic.auth.user.info...), can also be set with the environment variable SEGMENTER_A_B_C."
        })
public final class RunCommand implements Callable<Integer> {

    @Option(names = {"--config", "--command-config"}, paramLabel = "FILE",
            description = "Properties file: streams-app keys, Kafka Streams and Kafka client settings (SASL, TLS), schema.registry.*.")
    Path config;

    @Option(names = "--bootstrap-server", paramLabel = "HOST:PORT", description = "Kafka bootstrap servers (overrides the file).")
    String bootstrapServer;

    @Option(names = "-D", paramLabel = "KEY=VALUE", description = "Sets one config key (highest precedence).")
    Map<String, String> properties = new HashMap<>();

    @Override
    public Integer call() throws Exception {
        Map<String, String> overrides = new HashMap<>(properties);
        if (bootstrapServer != null) {
            overrides.put(SegmenterConfig.BOOTSTRAP_SERVERS, bootstrapServer);
        }
        SegmenterConfig cfg = SegmenterConfig.load(config, System.getenv(), overrides);
        SegmenterApp app = new SegmenterApp(cfg);
        Thread hook = new Thread(app::close, "segmenter-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        app.start();
        app.awaitStop();
        app.close();
        return app.streams().state() == org.apache.kafka.streams.KafkaStreams.State.ERROR ? 1 : 0;
    }
}
