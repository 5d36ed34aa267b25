package io.segmenter.cli.demo;

import java.io.PrintStream;
import java.util.Locale;

/** Prints one line per finished phase of the demo with its wall time, numbered ({@code [3/8]}). */
final class Phases {

    private final PrintStream out;
    private final int total;
    private int done;
    private long started = System.nanoTime();

    Phases(PrintStream out, int total) {
        this.out = out;
        this.total = total;
    }

    /** Starts timing the next phase. */
    void begin() {
        started = System.nanoTime();
    }

    /** Ends the current phase: {@code [n/total] name  12.3 s  detail}; returns its seconds. */
    double end(String name, String detail) {
        double seconds = (System.nanoTime() - started) / 1e9;
        done++;
        out.printf(Locale.ROOT, "[%d/%d] %-22s %6.1f s  %s%n", done, total, name, seconds, detail);
        out.flush();
        started = System.nanoTime();
        return seconds;
    }
}
