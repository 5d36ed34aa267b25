package io.segmenter.broker.junit;

import io.segmenter.broker.registry.SchemaRegistryServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests a real schema registry (Apicurio, see {@link SchemaRegistryServer}):
 * {@code @ExtendWith(SchemaRegistryExtension.class)} and a {@link SchemaRegistryServer} parameter. One
 * registry serves the whole test JVM; it starts on first use and stops when the JUnit run ends.
 */
public final class SchemaRegistryExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SchemaRegistryExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == SchemaRegistryServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return extensionContext.getRoot().getStore(NAMESPACE)
                .computeIfAbsent(Shared.class, key -> Shared.start(), Shared.class).server;
    }

    /** Held in the root store: JUnit closes it once, after the last test of the run. */
    private record Shared(SchemaRegistryServer server) implements AutoCloseable {

        static Shared start() {
            try {
                return new Shared(SchemaRegistryServer.start(0));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() {
            server.close();
        }
    }
}
