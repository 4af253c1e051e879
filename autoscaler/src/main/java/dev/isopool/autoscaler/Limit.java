package dev.isopool.autoscaler;

/**
 * Whether something held the desired count back from what the signals asked for, with the HPA's ScalingLimited
 * reasons: `DesiredWithinRange`, `TooManyReplicas`, `TooFewReplicas`, `ScaleUpLimit`, `ScaleDownLimit`.
 *
 * @param wanted the count asked for before the limit applied
 */
public record Limit(String reason, int wanted) {

    public static final String WITHIN_RANGE = "DesiredWithinRange";
    public static final String TOO_MANY = "TooManyReplicas";
    public static final String TOO_FEW = "TooFewReplicas";
    public static final String SCALE_UP_LIMIT = "ScaleUpLimit";
    public static final String SCALE_DOWN_LIMIT = "ScaleDownLimit";

    public static Limit within(int wanted) {
        return new Limit(WITHIN_RANGE, wanted);
    }

    public boolean limited() {
        return !WITHIN_RANGE.equals(reason);
    }
}
