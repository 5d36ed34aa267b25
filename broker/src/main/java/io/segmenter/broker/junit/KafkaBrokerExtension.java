package io.segmenter.broker.junit;

import io.segmenter.broker.EmbeddedKafkaBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests a real single-node KRaft broker: {@code @ExtendWith(KafkaBrokerExtension.class)} and a
 * {@link KafkaTestCluster} parameter (test method, lifecycle method or constructor). One broker serves
 * the whole test JVM; it starts on first use and stops when the JUnit run ends.
 */
public final class KafkaBrokerExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KafkaBrokerExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == KafkaTestCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        EmbeddedKafkaBroker broker = extensionContext.getRoot().getStore(NAMESPACE)
                .computeIfAbsent(SharedBroker.class, key -> SharedBroker.start(), SharedBroker.class)
                .broker;
        return new KafkaTestCluster(broker.bootstrapServers());
    }

    /** Held in the root store: JUnit (5.13+) closes AutoCloseable values once, after the last test of the run. */
    private static final class SharedBroker implements AutoCloseable {
        private final EmbeddedKafkaBroker broker;
        private final Path dir;

        private SharedBroker(EmbeddedKafkaBroker broker, Path dir) {
            this.broker = broker;
            this.dir = dir;
        }

        static SharedBroker start() {
            try {
                Path dir = Files.createTempDirectory("segmenter-test-broker-");
                return new SharedBroker(EmbeddedKafkaBroker.start(dir), dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws IOException {
            broker.close();
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
