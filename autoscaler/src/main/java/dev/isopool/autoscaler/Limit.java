package dev.isopool.autoscaler;

/**
 * Whether something held the desired count back from the recommendation, with the HPA's ScalingLimited reasons:
 * `DesiredWithinRange`, `TooManyReplicas`, `TooFewReplicas`, `ScaleUpLimit`, `ScaleDownLimit`.
 */
public record Limit(String reason, String message) {

    public static final String WITHIN_RANGE = "DesiredWithinRange";
    public static final String TOO_MANY = "TooManyReplicas";
    public static final String TOO_FEW = "TooFewReplicas";
    public static final String SCALE_UP_LIMIT = "ScaleUpLimit";
    public static final String SCALE_DOWN_LIMIT = "ScaleDownLimit";

    public static Limit within(int min, int max) {
        return new Limit(WITHIN_RANGE, "the desired count is within [" + min + ", " + max + "]");
    }

    public boolean limited() {
        return !WITHIN_RANGE.equals(reason);
    }
}
