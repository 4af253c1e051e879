package dev.isopool.autoscaler;

/** HPA `behavior`: the rules for scaling up and for scaling down. */
public record Behavior(ScalingRules scaleUp, ScalingRules scaleDown) {

    /** Kubernetes' defaults, with the pool's scale-down stabilization window. */
    public static Behavior hpaDefaults(int scaleDownStabilizationSeconds) {
        return new Behavior(ScalingRules.hpaScaleUp(), ScalingRules.hpaScaleDown(scaleDownStabilizationSeconds));
    }

    /** The longest time any part of the history must be kept for. */
    public long retentionSeconds() {
        return Math.max(Math.max(scaleUp.stabilizationWindowSeconds(), scaleDown.stabilizationWindowSeconds()),
                Math.max(scaleUp.longestPeriodSeconds(), scaleDown.longestPeriodSeconds()));
    }
}
