package dev.isopool.autoscaler;

/**
 * What one pod's `GET /v1/signals` says about its health, as the policy reads it (DESIGN.md, "HTTP API v1"): the
 * event-loop lag p99 over the pod's window, its worker slowdown and its utilization.
 */
public record PodReading(double eventLoopLagP99Ms, double workerSlowdown, double utilization) {

    /** Readings a pod can report: finite and not negative. */
    public static boolean plausible(double eventLoopLagP99Ms, double workerSlowdown, double utilization) {
        return usable(eventLoopLagP99Ms) && usable(workerSlowdown) && usable(utilization);
    }

    private static boolean usable(double value) {
        return Double.isFinite(value) && value >= 0;
    }
}
