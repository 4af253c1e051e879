package dev.isopool.autoscaler;

/** The `[minReplicas, maxReplicas]` rule, in one place: a count outside is brought to the nearer bound. */
public final class Bounds {

    private Bounds() {
    }

    public static LimitedCount clamp(int raw, int min, int max) {
        if (raw > max) {
            return new LimitedCount(max, new Limit(Limit.TOO_MANY, raw));
        }
        if (raw < min) {
            return new LimitedCount(min, new Limit(Limit.TOO_FEW, raw));
        }
        return new LimitedCount(raw, Limit.within(raw));
    }
}
