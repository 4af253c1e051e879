package dev.isopool.autoscaler;

/**
 * Everything the policy needs to know about a pool's autoscaling settings (`spec.autoscaling`, defaults applied),
 * plus the constants of the algorithm, fixed here so that tests and the simulator see the same ones.
 *
 * @param tolerance no change while every ratio is within this of 1 (HPA: 0.1)
 * @param panicThreshold a ratio at or above this scales up at once (Knative: 2.0, i.e. 200%)
 * @param panicWindowSeconds no scale-down until this long after the last tick at or above the panic threshold
 *     (Knative's stable window, 60 s)
 * @param slowdownPersistSeconds how long worker slowdown must stay above its maximum before the pool is reported
 *     as suffering from the Liftoff anomaly (and, with autoTune, switched to the predictable profile)
 * @param alarmHoldSeconds how long lag or slowdown must stay above its target, tick after tick, before it counts: at
 *     least a pod's signal window (10 s), so that one burst of noise, which every scrape of an overlapping window
 *     still sees, cannot scale the pool; load that is real shows at once in utilization and refused requests
 */
public record AutoscalerConfig(
        int minReplicas,
        int maxReplicas,
        double eventLoopLagP99TargetMs,
        double workerSlowdownMax,
        double targetUtilization,
        int intervalSeconds,
        Behavior behavior,
        double tolerance,
        double panicThreshold,
        int panicWindowSeconds,
        int slowdownPersistSeconds,
        int alarmHoldSeconds) {

    public static final double TOLERANCE = 0.1;
    public static final double PANIC_THRESHOLD = 2.0;
    public static final int PANIC_WINDOW_SECONDS = 60;
    public static final int SLOWDOWN_PERSIST_SECONDS = 60;
    public static final int ALARM_HOLD_SECONDS = 20;

    /** The settings of DESIGN.md: HPA behavior defaults, 10% tolerance, Knative panic at 200% for 60 s. */
    public static AutoscalerConfig of(int minReplicas, int maxReplicas, double lagTargetMs, double slowdownMax,
            double targetUtilization, int intervalSeconds, int scaleDownStabilizationSeconds) {
        return new AutoscalerConfig(minReplicas, maxReplicas, lagTargetMs, slowdownMax, targetUtilization,
                intervalSeconds, Behavior.hpaDefaults(scaleDownStabilizationSeconds), TOLERANCE, PANIC_THRESHOLD,
                PANIC_WINDOW_SECONDS, SLOWDOWN_PERSIST_SECONDS, ALARM_HOLD_SECONDS);
    }

    /** The CRD's defaults (`spec.autoscaling` with nothing set but the bounds). */
    public static AutoscalerConfig defaults(int minReplicas, int maxReplicas) {
        return of(minReplicas, maxReplicas, 30, 2.0, 0.7, 5, 300);
    }

    public AutoscalerConfig withBehavior(Behavior newBehavior) {
        return new AutoscalerConfig(minReplicas, maxReplicas, eventLoopLagP99TargetMs, workerSlowdownMax,
                targetUtilization, intervalSeconds, newBehavior, tolerance, panicThreshold, panicWindowSeconds,
                slowdownPersistSeconds, alarmHoldSeconds);
    }
}
