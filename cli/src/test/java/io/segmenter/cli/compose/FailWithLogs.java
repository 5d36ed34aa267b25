package io.segmenter.cli.compose;

import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/** Any failure of the test or of its start-up ends with the tails of the processes' logs. */
public final class FailWithLogs implements TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {

    private final Supplier<String> tails;

    public FailWithLogs(Supplier<String> tails) {
        this.tails = tails;
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) {
        throw withLogs(failure);
    }

    @Override
    public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable failure) {
        throw withLogs(failure);
    }

    private AssertionError withLogs(Throwable failure) {
        StringBuilder message = new StringBuilder(String.valueOf(failure.getMessage()));
        for (Throwable cause = failure.getCause(); cause != null; cause = cause.getCause()) {
            String first = String.valueOf(cause.getMessage()).lines().findFirst().orElse("");
            message.append("\n  because: ").append(first); // e.g. which service exited, under Awaitility's fail-fast reason
        }
        return new AssertionError(message + "\n\nLogs of the stack's processes (last lines):\n" + tails.get(), failure);
    }
}
