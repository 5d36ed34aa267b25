package io.segmenter.cli.replay;

/**
 * How fast a replay sends: as fast as possible, a fixed number of events per second, or event time
 * compressed by a factor (a speedup of 86,400 plays a day of transactions in a second).
 *
 * @param eventsPerSecond fixed rate; 0 when not used
 * @param speedup event-time compression factor; 0 when not used
 */
public record Pacing(double eventsPerSecond, double speedup) {

    public Pacing {
        if (eventsPerSecond < 0 || speedup < 0 || (eventsPerSecond > 0 && speedup > 0)) {
            throw new IllegalArgumentException("pace by a positive rate or a positive speedup, not both");
        }
        if (Double.isNaN(eventsPerSecond) || Double.isNaN(speedup)) {
            throw new IllegalArgumentException("rate and speedup must be numbers");
        }
    }

    public static Pacing unlimited() {
        return new Pacing(0, 0);
    }

    public static Pacing rate(double eventsPerSecond) {
        return new Pacing(eventsPerSecond, 0);
    }

    public static Pacing speedup(double factor) {
        return new Pacing(0, factor);
    }

    /**
     * Nanoseconds after the start at which the event is due, or 0 when it can go now.
     *
     * @param index 0-based position of the event in the replay
     * @param eventTimeOffsetMillis event time minus the first event's time
     */
    long dueNanos(long index, long eventTimeOffsetMillis) {
        if (eventsPerSecond > 0) {
            return (long) (index * 1e9 / eventsPerSecond);
        }
        if (speedup > 0) {
            return (long) (Math.max(0, eventTimeOffsetMillis) * 1e6 / speedup);
        }
        return 0;
    }
}
