package dev.isopool.autoscaler;

/**
 * What one signal asks for at a tick ({@link ReplicaCalculator}).
 *
 * @param replicas the replica count this signal asks for
 * @param ratio the usage ratio after missing and not-ready pods were filled in
 * @param mean the mean over the pods that answered
 * @param target the signal's target (or maximum)
 * @param quiet an alarm signal at or below its target: it asks for nothing
 */
public record Proposal(SignalKind kind, int replicas, double ratio, double mean, double target, boolean quiet) {
}
