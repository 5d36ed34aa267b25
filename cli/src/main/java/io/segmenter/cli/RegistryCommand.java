package io.segmenter.cli;

import io.segmenter.broker.registry.SchemaRegistryServer;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./segmenter registry}: a local schema registry (Apicurio, in memory) for trying registry mode. */
@Command(
        name = "registry",
        header = "Run a local schema registry (Apicurio Registry, in memory, Confluent-compatible API).",
        mixinStandardHelpOptions = true,
        description = {
            "Runs Apicurio Registry on 127.0.0.1 until Ctrl-C or SIGTERM, with in-memory storage (schemas are lost on stop).",
            "Its Confluent-compatible API is the URL to give as --schema-registry-url or schema.registry.url.",
            "The first run fetches the registry through Maven (about 150 MB) into ~/.cache/segmenter."
        })
public final class RegistryCommand implements java.util.concurrent.Callable<Integer> {

    @Option(names = "--port", defaultValue = "8085", description = "HTTP port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
    int port;

    @Override
    public Integer call() throws InterruptedException {
        System.out.println("Starting Apicurio Registry " + SchemaRegistryServer.version() + "...");
        SchemaRegistryServer registry;
        try {
            registry = SchemaRegistryServer.start(port);
        } catch (IOException e) {
            System.err.println("segmenter registry: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            registry.close();
            System.out.println("Schema registry stopped.");
            stopped.countDown();
        }, "registry-shutdown"));
        System.out.println("Schema registry ready: --schema-registry-url " + registry.url());
        stopped.await();
        return 0;
    }
}
