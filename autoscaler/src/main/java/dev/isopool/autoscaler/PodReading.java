package dev.isopool.autoscaler;

/**
 * What one pod's `GET /v1/signals` says about its health, as the policy reads it (DESIGN.md, "HTTP API v1"): the
 * event-loop lag p99 over the pod's window, its worker slowdown and the two parts it is the product of (CPU
 * contention and code slowdown; NaN from a runtime that does not report them), its utilization, and how many
 * executions it ran and refused (429) in the same window. The policy scales on the slowdown; its parts are shown.
 */
public record PodReading(double eventLoopLagP99Ms, double workerSlowdown, double cpuContention, double codeSlowdown,
        double utilization, long executions, long rejected) {

    /** A pod that refused nothing and reports no parts of its slowdown. */
    public PodReading(double eventLoopLagP99Ms, double workerSlowdown, double utilization) {
        this(eventLoopLagP99Ms, workerSlowdown, utilization, 0, 0);
    }

    /** A pod that reports no parts of its slowdown. */
    public PodReading(double eventLoopLagP99Ms, double workerSlowdown, double utilization, long executions,
            long rejected) {
        this(eventLoopLagP99Ms, workerSlowdown, Double.NaN, Double.NaN, utilization, executions, rejected);
    }

    /**
     * The load offered to the pod, in units of its worker capacity: the utilization scaled by the requests it
     * received over those it ran. A saturated pod's utilization stops at 1 and its lag at what its queue can hold,
     * while the demand beyond its capacity shows only in what it refuses; counting the refused requests as load
     * lets one decision size the pool for all of it. Without refusals this is the utilization.
     */
    public double demand() {
        if (rejected <= 0) {
            return utilization;
        }
        return utilization * (executions + rejected) / Math.max(1, executions);
    }

    /** Readings a pod can report: finite and not negative. */
    public static boolean plausible(double eventLoopLagP99Ms, double workerSlowdown, double utilization) {
        return usable(eventLoopLagP99Ms) && usable(workerSlowdown) && usable(utilization);
    }

    private static boolean usable(double value) {
        return Double.isFinite(value) && value >= 0;
    }
}
