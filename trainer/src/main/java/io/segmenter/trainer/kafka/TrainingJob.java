package io.segmenter.trainer.kafka;

import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One training run at a time: the periodic schedule and {@code POST /train} share it, so a run asked for
 * while another is in progress is refused rather than queued or run twice.
 */
public final class TrainingJob {

    private static final Logger LOG = LoggerFactory.getLogger(TrainingJob.class);

    private final Runnable run;
    private final AtomicBoolean running = new AtomicBoolean();

    /** {@code run} does one complete run and records its own outcome (e.g. in {@link TrainerMetrics}). */
    public TrainingJob(Runnable run) {
        this.run = run;
    }

    /** Starts a run on a new virtual thread; false (and nothing started) if one is in progress. */
    public boolean trigger() {
        if (!running.compareAndSet(false, true)) {
            return false;
        }
        Thread.ofVirtual().name("trainer-run").start(this::runHeld);
        return true;
    }

    /** Runs in the calling thread; false (and nothing run) if one is in progress. */
    public boolean runNow() {
        if (!running.compareAndSet(false, true)) {
            return false;
        }
        runHeld();
        return true;
    }

    public boolean isRunning() {
        return running.get();
    }

    private void runHeld() {
        try {
            run.run();
        } catch (RuntimeException e) {
            LOG.error("Training run failed", e);
        } finally {
            running.set(false);
        }
    }
}
