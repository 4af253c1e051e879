package dev.isopool.autoscaler;

import java.time.Instant;
import java.util.List;

/**
 * HPA stabilization windows: the count may rise only to the lowest recommendation of the scale-up window, and fall
 * only to the highest recommendation of the scale-down window. Recommendations include the current one.
 */
final class Stabilization {

    private Stabilization() {
    }

    /** @param upLimit lowest recommendation in the scale-up window; downLimit highest in the scale-down window */
    record Outcome(int replicas, int upLimit, int downLimit) {
    }

    static Outcome stabilize(int current, List<History.Recommendation> recommendations, Behavior behavior,
            Instant now) {
        Instant upCutoff = now.minusSeconds(behavior.scaleUp().stabilizationWindowSeconds());
        Instant downCutoff = now.minusSeconds(behavior.scaleDown().stabilizationWindowSeconds());
        int up = Integer.MAX_VALUE;
        int down = Integer.MIN_VALUE;
        for (History.Recommendation r : recommendations) {
            // The newest recommendation (time == now) is always inside both windows, even a zero-second one.
            if (!r.time().isBefore(upCutoff) && (r.time().isAfter(upCutoff) || r.time().equals(now))) {
                up = Math.min(up, r.replicas());
            }
            if (!r.time().isBefore(downCutoff) && (r.time().isAfter(downCutoff) || r.time().equals(now))) {
                down = Math.max(down, r.replicas());
            }
        }
        int replicas = current;
        if (up != Integer.MAX_VALUE && replicas < up) {
            replicas = up;
        }
        if (down != Integer.MIN_VALUE && replicas > down) {
            replicas = down;
        }
        return new Outcome(replicas, up, down);
    }
}
