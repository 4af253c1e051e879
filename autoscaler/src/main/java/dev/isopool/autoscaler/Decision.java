package dev.isopool.autoscaler;

import java.util.OptionalDouble;

/**
 * What the policy decided at one tick, and why.
 *
 * @param currentReplicas the count the pool ran before this tick
 * @param desiredReplicas the count it should run now
 * @param recommendation the raw recommendation from the signals (before stabilization, rate limits and bounds)
 * @param reason the decision in words, as events, status and logs show it: `lag p99 74 ms > 30 ms target: 3 -> 6`
 * @param limit what held the count back, if anything (the ScalingLimited condition)
 * @param panic whether the pool is in panic mode after this tick
 * @param signalsMissing no pod answered: nothing was decided (the ScalingActive condition)
 * @param pool the pool-wide signals the decision used (means over the pods that answered)
 * @param history what to remember for the next tick
 */
public record Decision(
        int currentReplicas,
        int desiredReplicas,
        int recommendation,
        String reason,
        Limit limit,
        boolean panic,
        boolean signalsMissing,
        PoolSignals pool,
        History history) {

    /** Pool-wide signals: means over the sampled pods; empty when no pod answered. */
    public record PoolSignals(OptionalDouble eventLoopLagP99Ms, OptionalDouble workerSlowdown,
            OptionalDouble utilization, int sampledPods) {
    }

    public boolean scaled() {
        return desiredReplicas != currentReplicas;
    }
}
