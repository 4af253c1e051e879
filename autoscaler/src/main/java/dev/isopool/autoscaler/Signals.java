package dev.isopool.autoscaler;

/** The three signals of one pod's `/v1/signals` the policy acts on. */
public record Signals(double eventLoopLagP99Ms, double workerSlowdown, double utilization) {
}
