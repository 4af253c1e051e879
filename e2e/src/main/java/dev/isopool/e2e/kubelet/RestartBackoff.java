package dev.isopool.e2e.kubelet;

import java.time.Duration;

/**
 * The kubelet's back-off between restarts of a crashing container: it starts at {@code start}, doubles with each
 * crash up to {@code max}, and starts over once a container has run longer than {@code reset} without exiting.
 */
record RestartBackoff(Duration start, Duration max, Duration reset) {

    /** The kubelet's own figures: 10 s doubling to 5 min, reset after 10 min of running. */
    static final RestartBackoff KUBELET = new RestartBackoff(Duration.ofSeconds(10), Duration.ofMinutes(5),
            Duration.ofMinutes(10));

    RestartBackoff {
        if (start.isNegative() || start.isZero() || max.compareTo(start) < 0) {
            throw new IllegalArgumentException("back-off start " + start + " must be > 0 and <= max " + max);
        }
    }

    /** The wait before the next start after the given number of crashes in a row (1 for the first). */
    Duration delay(int crashes) {
        if (crashes < 1) {
            throw new IllegalArgumentException("crashes must be >= 1, not " + crashes);
        }
        // no overflow: 10 doublings of any start beyond a few seconds already pass any sensible max
        long ms = start.toMillis() << Math.min(crashes - 1, 20);
        return Duration.ofMillis(Math.min(max.toMillis(), ms));
    }

    /** Whether a container that ran this long counts its crashes from zero again. */
    boolean resets(Duration ranFor) {
        return ranFor.compareTo(reset) > 0;
    }
}
