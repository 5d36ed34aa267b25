package io.segmenter.app.health;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether this instance should receive traffic, and why not. Besides RUNNING with a model, it watches what
 * the Kafka Streams state alone hides:
 * <ul>
 *   <li>a stream thread that died and was replaced more than {@code maxReplacements} times in {@code window}
 *       (a record or a producer error that kills every thread that takes the task);</li>
 *   <li>a thread that died and whose replacement has made no progress since (no committed offset moved and
 *       input is waiting): a producer in an error state, a loop on one record;</li>
 *   <li>a task whose committed offsets have not moved for {@code stuckAfter} while input waits on it.</li>
 * </ul>
 * Pure logic over what the runner samples (thread deaths, per-task committed and end offsets) and its clock;
 * thread-safe.
 */
public final class Readiness {

    /** Why the instance is not ready; {@link #label()} is the metric label. */
    public enum Cause {
        STATE, MODEL, THREAD_REPLACEMENTS, THREAD_DIED, STUCK_TASK;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** One reason, with the message {@code /health/ready} gives. */
    public record Reason(Cause cause, String message) {}

    /** One task's offsets in one sample: committed and end offset per input partition ("topic-partition" keys). */
    public record TaskOffsets(String taskId, Map<String, Long> committed, Map<String, Long> end) {

        long lag() {
            long lag = 0;
            for (var e : end.entrySet()) {
                Long c = committed.get(e.getKey());
                if (c != null && c >= 0 && e.getValue() > c) {
                    lag += e.getValue() - c;
                }
            }
            return lag;
        }
    }

    private record Death(long at, String cause) {}

    private record Seen(Map<String, Long> committed, long since) {}

    private final int maxReplacements;
    private final long windowMs;
    private final long stuckAfterMs;
    private final Deque<Death> deaths = new ArrayDeque<>();
    private final Map<String, Seen> tasks = new HashMap<>();
    private long lastProgressAt = Long.MIN_VALUE;
    private final List<Reason> stuck = new ArrayList<>();

    public Readiness(int maxReplacements, Duration window, Duration stuckAfter) {
        this.maxReplacements = maxReplacements;
        this.windowMs = window.toMillis();
        this.stuckAfterMs = stuckAfter.toMillis();
    }

    /** A stream thread died (and is being replaced) at {@code now} because of {@code error}. */
    public synchronized void threadDied(Throwable error, long now) {
        while (!deaths.isEmpty() && now - deaths.peekFirst().at() > windowMs) {
            deaths.removeFirst();
        }
        deaths.addLast(new Death(now, describe(error)));
    }

    /** Takes one sample of the active tasks' offsets at {@code now}. */
    public synchronized void sample(List<TaskOffsets> active, long now) {
        stuck.clear();
        long totalLag = 0;
        Map<String, Seen> next = new HashMap<>();
        for (TaskOffsets t : active) {
            long lag = t.lag();
            totalLag += lag;
            Seen before = tasks.get(t.taskId());
            boolean moved = before == null || !before.committed().equals(t.committed());
            if (moved && before != null) {
                lastProgressAt = now;
            }
            Seen seen = moved ? new Seen(Map.copyOf(t.committed()), now) : before;
            next.put(t.taskId(), seen);
            if (lag > 0 && now - seen.since() >= stuckAfterMs) {
                stuck.add(new Reason(Cause.STUCK_TASK, "task " + t.taskId() + " has not committed for " + (now - seen.since()) / 1000
                        + " s while " + lag + " input records wait"));
            }
        }
        if (totalLag == 0) {
            lastProgressAt = now; // nothing waits: nothing can be stuck
        }
        tasks.clear();
        tasks.putAll(next);
    }

    /** Every reason not to be ready at {@code now} (empty: ready), given the streams state and whether a model is loaded. */
    public synchronized List<Reason> reasons(boolean running, String state, boolean modelLoaded, long now) {
        while (!deaths.isEmpty() && now - deaths.peekFirst().at() > windowMs) {
            deaths.removeFirst();
        }
        List<Reason> out = new ArrayList<>();
        if (!running) {
            out.add(new Reason(Cause.STATE, "Kafka Streams is " + state + ", not RUNNING"));
        }
        if (!modelLoaded) {
            out.add(new Reason(Cause.MODEL, "no model loaded yet"));
        }
        if (deaths.size() > maxReplacements) {
            out.add(new Reason(Cause.THREAD_REPLACEMENTS, "a stream thread died and was replaced " + deaths.size() + " times in the last "
                    + windowMs / 1000 + " s (at most " + maxReplacements + "); last: " + deaths.peekLast().cause()));
        }
        Death last = deaths.peekLast();
        if (last != null && lastProgressAt < last.at()) {
            out.add(new Reason(Cause.THREAD_DIED, "a stream thread died (" + last.cause() + ") and its replacement has made no progress yet"));
        }
        out.addAll(stuck);
        return out;
    }

    /** Thread deaths within the window (as of the last {@link #reasons} call). */
    public synchronized int recentDeaths() {
        return deaths.size();
    }

    private static String describe(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String outer = error.getClass().getSimpleName();
        String inner = root.getClass().getSimpleName() + ": " + root.getMessage();
        return root == error ? inner : outer + " caused by " + inner;
    }
}
