package dev.isopool.autoscaler.simulate;

/** One output line of `./isopool simulate`: `{"t", "replicas", "desiredReplicas", "reason"}`. */
public record Tick(double t, int replicas, int desiredReplicas, String reason) {
}
