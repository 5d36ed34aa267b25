package io.segmenter.cli.demo;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/** Waits for a condition on an outside system (broker offsets, state stores) by asking it again at a short interval. */
final class Poll {

    static final Duration INTERVAL = Duration.ofMillis(200);

    private Poll() {}

    /**
     * Returns once {@code condition} holds.
     *
     * @throws TimeoutException when it still does not hold after {@code timeout}; the message names {@code what}
     */
    static void until(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("gave up after " + timeout.toSeconds() + " s waiting for " + what);
            }
            Thread.sleep(INTERVAL);
        }
    }
}
