package dev.isopool.operator.planning;

import dev.isopool.operator.api.SandboxPoolStatus;

/**
 * How many pods the Deployment should run. Autoscaling off: `spec.replicas`. On: the autoscaler's last decision
 * (`status.desiredReplicas`, recorded together with `status.lastScaleTime`) clamped to the current bounds, or
 * `minReplicas` until a decision exists. The autoscaler realizes its decisions by writing that status; this
 * class is the only reader.
 */
public final class DesiredReplicas {

    private DesiredReplicas() {
    }

    public static int of(ResolvedSpec spec, SandboxPoolStatus status) {
        ResolvedSpec.Autoscaling as = spec.autoscaling();
        if (!as.enabled()) {
            return spec.replicas();
        }
        boolean decided = status != null && status.getLastScaleTime() != null && status.getDesiredReplicas() != null;
        int wanted = decided ? status.getDesiredReplicas() : as.minReplicas();
        return Math.max(as.minReplicas(), Math.min(as.maxReplicas(), wanted));
    }
}
