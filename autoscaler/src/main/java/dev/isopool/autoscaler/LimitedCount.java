package dev.isopool.autoscaler;

/** A replica count after a rule (the bounds, a rate policy), and the limit that rule imposed, if any. */
public record LimitedCount(int replicas, Limit limit) {
}
