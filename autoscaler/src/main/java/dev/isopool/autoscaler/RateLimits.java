package dev.isopool.autoscaler;

import java.time.Instant;
import java.util.List;

/**
 * HPA rate policies, then the bounds: how far the count may move from the current one, given the scale events of
 * each policy's trailing period. The replicas at the start of a period are the current ones
 * minus what was added plus what was removed within it.
 */
final class RateLimits {

    private RateLimits() {
    }

    static LimitedCount apply(int current, int desired, int min, int max, Behavior behavior,
            List<History.ScaleEvent> events, Instant now) {
        if (desired > current) {
            int upLimit = Math.max(current, scaleUpLimit(current, behavior.scaleUp(), events, now));
            if (upLimit < max && desired > upLimit) {
                return new LimitedCount(upLimit, new Limit(Limit.SCALE_UP_LIMIT, desired));
            }
        } else if (desired < current) {
            int downLimit = Math.min(current, scaleDownLimit(current, behavior.scaleDown(), events, now));
            if (downLimit > min && desired < downLimit) {
                return new LimitedCount(downLimit, new Limit(Limit.SCALE_DOWN_LIMIT, desired));
            }
        }
        return Bounds.clamp(desired, min, max);
    }

    static int scaleUpLimit(int current, ScalingRules rules, List<History.ScaleEvent> events, Instant now) {
        return limit(current, rules, events, now, true);
    }

    static int scaleDownLimit(int current, ScalingRules rules, List<History.ScaleEvent> events, Instant now) {
        return limit(current, rules, events, now, false);
    }

    /** The furthest count the rules of one direction allow from the replicas at the start of each policy's period. */
    private static int limit(int current, ScalingRules rules, List<History.ScaleEvent> events, Instant now,
            boolean up) {
        if (rules.select() == ScalingRules.Select.DISABLED) {
            return current;
        }
        // The policy allowing the largest change (MAX) gives the highest count up and the lowest count down.
        boolean highest = (rules.select() == ScalingRules.Select.MAX) == up;
        int result = highest ? Integer.MIN_VALUE : Integer.MAX_VALUE;
        for (RatePolicy policy : rules.policies()) {
            int start = current - added(events, policy.periodSeconds(), now) + removed(events, policy.periodSeconds(),
                    now);
            int proposed = up ? grown(start, policy) : shrunk(start, policy);
            result = highest ? Math.max(result, proposed) : Math.min(result, proposed);
        }
        return result;
    }

    private static int grown(int start, RatePolicy policy) {
        return policy.type() == RatePolicy.Type.PODS
                ? start + policy.value()
                : (int) Math.ceil(start * (1 + policy.value() / 100.0) - 1e-9);
    }

    private static int shrunk(int start, RatePolicy policy) {
        return policy.type() == RatePolicy.Type.PODS
                ? start - policy.value()
                : (int) (start * (1 - policy.value() / 100.0) + 1e-9);
    }

    private static int added(List<History.ScaleEvent> events, int periodSeconds, Instant now) {
        return events.stream().filter(e -> inPeriod(e, periodSeconds, now) && e.change() > 0)
                .mapToInt(History.ScaleEvent::change).sum();
    }

    private static int removed(List<History.ScaleEvent> events, int periodSeconds, Instant now) {
        return -events.stream().filter(e -> inPeriod(e, periodSeconds, now) && e.change() < 0)
                .mapToInt(History.ScaleEvent::change).sum();
    }

    private static boolean inPeriod(History.ScaleEvent e, int periodSeconds, Instant now) {
        return e.time().isAfter(now.minusSeconds(periodSeconds));
    }
}
