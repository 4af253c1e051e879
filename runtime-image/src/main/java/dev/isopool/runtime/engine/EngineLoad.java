package dev.isopool.runtime.engine;

/**
 * The engine's state at one moment, for the pod's signals.
 *
 * @param workers           worker threads
 * @param queueDepth        executions accepted and waiting for a worker
 * @param inflight          executions running on a worker
 * @param oldestProbeWaitNanos how long the longest-waiting lag probe has waited so far (0 if none waits)
 * @param canaryBaselineNanos the canary's CPU time on an idle worker once the process has booted (0 until measured)
 * @param draining          true once the engine stopped accepting work
 */
public record EngineLoad(int workers, int queueDepth, int inflight, long oldestProbeWaitNanos,
        long canaryBaselineNanos, boolean draining) {
}
