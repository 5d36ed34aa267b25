package io.segmenter.cli.replay;

import java.io.PrintStream;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Shows {@link ReplayProgress} on a stream: a redrawn bar on a terminal, a plain line every few
 * seconds otherwise (logs, CI).
 */
public final class ProgressBar implements Consumer<ReplayProgress> {

    private static final int WIDTH = 30;
    private static final long PLAIN_EVERY_NANOS = 5_000_000_000L;

    private final PrintStream out;
    private final boolean terminal;
    private long lastPlain = System.nanoTime();

    public ProgressBar(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    /** A bar on stderr, redrawn when the process has a terminal. */
    public static ProgressBar onStderr() {
        var console = System.console();
        return new ProgressBar(System.err, console != null && console.isTerminal());
    }

    @Override
    public void accept(ReplayProgress p) {
        if (terminal) {
            out.print("\r" + render(p));
            out.flush();
        } else {
            long now = System.nanoTime();
            if (now - lastPlain >= PLAIN_EVERY_NANOS || p.fraction() >= 1.0) {
                lastPlain = now;
                out.println(render(p));
            }
        }
    }

    /** Ends a redrawn bar's line so that what follows starts on its own line. */
    public void finish() {
        if (terminal) {
            out.println();
            out.flush();
        }
    }

    static String render(ReplayProgress p) {
        double f = p.fraction();
        int filled = (int) Math.round(f * WIDTH);
        return String.format("[%s%s] %5.1f%%  %,d sent  %,.0f/s  ETA %s",
                "#".repeat(filled), " ".repeat(WIDTH - filled), f * 100, p.sent(), p.ratePerSecond(), format(p.eta()));
    }

    private static String format(Duration d) {
        if (d == null) {
            return "--:--";
        }
        long s = d.toSeconds();
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format("%02d:%02d", s / 60, s % 60);
    }
}
