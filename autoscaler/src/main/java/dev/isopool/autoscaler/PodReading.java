package dev.isopool.autoscaler;

/**
 * What one pod's `GET /v1/signals` says about its health, as the policy reads it (DESIGN.md, "HTTP API v1"): the
 * event-loop lag p99 over the pod's window, its worker slowdown and its utilization, and how many executions it ran
 * and refused (429) in the same window.
 */
public record PodReading(double eventLoopLagP99Ms, double workerSlowdown, double utilization, long executions,
        long rejected) {

    /** A pod that refused nothing. */
    public PodReading(double eventLoopLagP99Ms, double workerSlowdown, double utilization) {
        this(eventLoopLagP99Ms, workerSlowdown, utilization, 0, 0);
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
